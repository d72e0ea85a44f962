import type { DocumentHighlight, Location } from 'vscode-languageserver-types';
import { DocumentHighlightKind } from 'vscode-languageserver-types';
import { linkedFlows } from '../../correlation/crossFile';
import type { FormatRegistry } from '../../formats/registry';
import type { Flow, LogAnalysis } from '../../model/log';
import { firstEntryOfFlow, flowOfMention, keyAt, keyRangeInEntry, mentionsOnLine, type KeyAtPosition } from '../navigation';

type Span = { line: number; start: number; end: number };

/** What navigation reads of the document beside its analysis. */
export interface NavigationContext {
  registry: FormatRegistry;
  /** The text of a line (without its line break). */
  lineText(line: number): string;
  /** The lines in a range whose text contains a value, in order. */
  linesContaining(value: string, from: number, to: number): Iterable<number>;
}

/** How far from the cursor highlights look for ids written inside messages: highlights follow every cursor move. */
const HIGHLIGHT_MENTION_LINES = 2000;
/** Messages name a flow while it lives and just after (`initiating Main Mode to replace #14` follows #14's last line). */
const MENTION_AFTER_LINES = 2000;

function location(uri: string, span: Span): Location {
  return { uri, range: { start: { line: span.line, character: span.start }, end: { line: span.line, character: span.end } } };
}

function keyUnderCursor(parsed: LogAnalysis, line: number, character: number, context: NavigationContext): KeyAtPosition | undefined {
  return keyAt(parsed, line, character, context.lineText(line), context.registry);
}

export function findDefinition(parsed: LogAnalysis, line: number, character: number, peers: readonly LogAnalysis[], context: NavigationContext): Location[] {
  const atKey = keyUnderCursor(parsed, line, character, context);
  if (!atKey) return [];
  const first = firstEntryOfFlow(parsed, atKey.flow);
  const result = [location(parsed.uri, keyRangeInEntry(first, atKey.flow))];
  for (const peer of linkedFlows(parsed, atKey.flow, peers)) {
    result.push(location(peer.parsed.uri, keyRangeInEntry(firstEntryOfFlow(peer.parsed, peer.flow), peer.flow)));
  }
  return result;
}

export function findReferences(parsed: LogAnalysis, line: number, character: number, peers: readonly LogAnalysis[], max: number, context: NavigationContext): Location[] {
  const atKey = keyUnderCursor(parsed, line, character, context);
  if (!atKey) return [];
  const result: Location[] = [];
  const add = (doc: LogAnalysis, flow: Flow) => {
    for (const index of flow.entries) {
      if (result.length >= max) return;
      result.push(location(doc.uri, keyRangeInEntry(doc.entry(index), flow)));
    }
  };
  add(parsed, atKey.flow);
  const own = keySpansOfFlow(parsed, atKey.flow);
  for (const span of mentionsOfFlow(parsed, atKey.flow, own, context, flowLines(parsed, atKey.flow), max - result.length)) result.push(location(parsed.uri, span));
  for (const peer of linkedFlows(parsed, atKey.flow, peers)) add(peer.parsed, peer.flow);
  result.sort((a, b) => (a.uri === b.uri ? a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character : 0));
  return result;
}

export function findDocumentHighlights(parsed: LogAnalysis, line: number, character: number, max: number, context: NavigationContext): DocumentHighlight[] {
  const atKey = keyUnderCursor(parsed, line, character, context);
  if (!atKey) return [];
  const result: DocumentHighlight[] = [];
  const own = keySpansOfFlow(parsed, atKey.flow);
  for (const span of own) {
    if (result.length >= max) break;
    result.push({ range: location(parsed.uri, span).range, kind: DocumentHighlightKind.Read });
  }
  const [first, last] = flowLines(parsed, atKey.flow);
  const window: [number, number] = [Math.max(first, line - HIGHLIGHT_MENTION_LINES), Math.min(last, line + HIGHLIGHT_MENTION_LINES)];
  for (const span of mentionsOfFlow(parsed, atKey.flow, own, context, window, max - result.length)) {
    result.push({ range: location(parsed.uri, span).range, kind: DocumentHighlightKind.Text });
  }
  return result;
}

/** Where the flow's own entries write its key. */
function keySpansOfFlow(parsed: LogAnalysis, flow: Flow): Span[] {
  const spans: Span[] = [];
  for (const index of flow.entries) {
    const key = parsed.entry(index).keys.find((k) => k.kind === flow.kind && k.value === flow.value);
    if (key?.span) spans.push(key.span);
  }
  return spans;
}

/** The lines where a message can name the flow: from its first entry to a little after its last. */
function flowLines(parsed: LogAnalysis, flow: Flow): [number, number] {
  const first = parsed.entry(flow.entries[0]!);
  const last = parsed.entry(flow.entries[flow.entries.length - 1]!);
  const from = Math.min(first.startLine, last.startLine);
  const to = Math.max(first.endLine, last.endLine);
  // In a newest-first log, "after" is above.
  return parsed.newestFirst ? [Math.max(0, from - MENTION_AFTER_LINES), to] : [from, Math.min(parsed.lineCount - 1, to + MENTION_AFTER_LINES)];
}

/** Places inside messages, within a window of lines, that name the flow and are not where its own entries write the key (`keySpans`). */
function mentionsOfFlow(parsed: LogAnalysis, flow: Flow, keySpans: readonly Span[], context: NavigationContext, [from, to]: [number, number], max: number): Span[] {
  const own = new Map<number, Span[]>();
  for (const span of keySpans) own.set(span.line, [...(own.get(span.line) ?? []), span]);
  const overlapsOwn = (span: Span) => (own.get(span.line) ?? []).some((k) => k.start < span.end && span.start < k.end);
  const found: Span[] = [];
  for (const line of context.linesContaining(flow.value, from, to)) {
    if (found.length >= max) break;
    const entryIndex = parsed.entryAtLine(line);
    if (entryIndex < 0) continue;
    const text = context.lineText(line);
    for (const mention of mentionsOnLine(context.registry, parsed.entry(entryIndex).formatId, line, text)) {
      if (mention.kind !== flow.kind || mention.value !== flow.value || overlapsOwn(mention.span)) continue;
      if (flowOfMention(parsed, mention.kind, mention.value, entryIndex) !== flow) continue;
      found.push(mention.span);
      if (found.length >= max) break;
    }
  }
  return found;
}
