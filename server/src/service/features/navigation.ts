import type { DocumentHighlight, Location } from 'vscode-languageserver-types';
import { DocumentHighlightKind } from 'vscode-languageserver-types';
import { linkedFlows } from '../../correlation/crossFile';
import type { Flow, ParsedLog } from '../../model/log';
import { firstEntryOfFlow, keyAt, keyRangeInEntry } from '../navigation';

function location(uri: string, span: { line: number; start: number; end: number }): Location {
  return { uri, range: { start: { line: span.line, character: span.start }, end: { line: span.line, character: span.end } } };
}


export function findDefinition(parsed: ParsedLog, line: number, character: number, peers: readonly ParsedLog[], lineText?: string): Location[] {
  const atKey = keyAt(parsed, line, character, lineText);
  if (!atKey) return [];
  const first = firstEntryOfFlow(parsed, atKey.flow);
  const result = [location(parsed.uri, keyRangeInEntry(first, atKey.flow))];
  for (const peer of linkedFlows(parsed, atKey.flow, peers)) {
    result.push(location(peer.parsed.uri, keyRangeInEntry(firstEntryOfFlow(peer.parsed, peer.flow), peer.flow)));
  }
  return result;
}

export function findReferences(parsed: ParsedLog, line: number, character: number, peers: readonly ParsedLog[], max: number, lineText?: string): Location[] {
  const atKey = keyAt(parsed, line, character, lineText);
  if (!atKey) return [];
  const result: Location[] = [];
  const add = (doc: ParsedLog, flow: Flow) => {
    for (const index of flow.entries) {
      if (result.length >= max) return;
      result.push(location(doc.uri, keyRangeInEntry(doc.entries[index]!, flow)));
    }
  };
  add(parsed, atKey.flow);
  for (const peer of linkedFlows(parsed, atKey.flow, peers)) add(peer.parsed, peer.flow);
  return result;
}

export function findDocumentHighlights(parsed: ParsedLog, line: number, character: number, max: number, lineText?: string): DocumentHighlight[] {
  const atKey = keyAt(parsed, line, character, lineText);
  if (!atKey) return [];
  const result: DocumentHighlight[] = [];
  for (const index of atKey.flow.entries) {
    if (result.length >= max) break;
    const entry = parsed.entries[index]!;
    const key = entry.keys.find((k) => k.kind === atKey.flow.kind && k.value === atKey.flow.value);
    if (!key?.span) continue;
    result.push({ range: location(parsed.uri, key.span).range, kind: DocumentHighlightKind.Read });
  }
  return result;
}
