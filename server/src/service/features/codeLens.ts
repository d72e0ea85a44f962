import type { CodeLens } from 'vscode-languageserver-types';
import { formatDuration } from '../../correlation/flows';
import { linkedFlows } from '../../correlation/crossFile';
import type { FormatRegistry } from '../../formats/registry';
import type { Flow, LogAnalysis } from '../../model/log';
import { keyRangeInEntry } from '../navigation';
import type { LogSettings } from '../settings';

export const SHOW_FLOW_COMMAND = 'logsleuth.showFlowEntries';

export function flowTitle(flow: Flow): string {
  const parts = [`${flow.label}: ${flow.entries.length} ${flow.entries.length === 1 ? 'entry' : 'entries'}`];
  if (flow.errorCount > 0) parts.push(`${flow.errorCount} error${flow.errorCount === 1 ? '' : 's'}`);
  if (flow.firstTime !== undefined && flow.lastTime !== undefined && flow.lastTime > flow.firstTime) parts.push(formatDuration(flow.lastTime - flow.firstTime));
  if (flow.outcome.text) parts.push(flow.outcome.text);
  return parts.join(' · ');
}

/** Locations of every entry of a flow, in time order, as plain JSON (the client turns them into a peek). */
export type PlainLocation = { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };

export function flowLocations(parsed: LogAnalysis, flow: Flow): PlainLocation[] {
  const order = parsed.newestFirst ? [...flow.entries].reverse() : flow.entries;
  return order.map((index) => {
    const span = keyRangeInEntry(parsed.entry(index), flow);
    return { uri: parsed.uri, range: { start: { line: span.line, character: span.start }, end: { line: span.line, character: span.end } } };
  });
}

export interface CodeLensResult {
  lenses: CodeLens[];
  capped: boolean;
}

/** What an unresolved lens carries to its resolve request. */
export interface FlowLensData {
  uri: string;
  flowId: string;
}

/**
 * A lens over each flow's first entry, without its command: the title and the locations of every entry are
 * built when the editor resolves a lens it shows (a log has tens of thousands of flows, a screen a few dozen).
 */
export function getCodeLenses(parsed: LogAnalysis, registry: FormatRegistry, settings: LogSettings): CodeLensResult {
  const lenses: CodeLens[] = [];
  if (settings.codeLensMode === 'off') return { lenses, capped: false };
  let capped = false;
  for (const flow of parsed.flowHeads()) {
    if (settings.codeLensMode === 'errors' && flow.errorCount === 0 && flow.status !== 'failed') continue;
    const first = flow.firstEntry;
    const rule = registry.byId.get(parsed.formatIdOf(first))?.keyByKind.get(flow.kind);
    if (rule && !rule.lensEnabled) continue;
    if (lenses.length >= settings.codeLensMax) {
      capped = true;
      break;
    }
    const line = parsed.startLineOf(first);
    const data: FlowLensData = { uri: parsed.uri, flowId: flow.id };
    lenses.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, data });
  }
  return { lenses, capped };
}

/** The lens's title (entries, errors, duration, outcome, the other file's flow) and its peek of every entry. */
export function resolveCodeLens(parsed: LogAnalysis, lens: CodeLens, peers: readonly LogAnalysis[] = []): CodeLens {
  const data = lens.data as Partial<FlowLensData> | undefined;
  const flow = typeof data?.flowId === 'string' ? parsed.flow(data.flowId) : undefined;
  // The document changed under a lens the editor still shows: say so rather than fail the request.
  if (!flow) return { ...lens, command: { title: 'flow no longer in the log', command: '' } };
  const linked = peers.length > 0 ? linkedFlows(parsed, flow, peers) : [];
  const locations = flowLocations(parsed, flow);
  let title = flowTitle(flow);
  if (linked.length > 0) {
    const names = linked.map((l) => `${l.flow.label} in ${l.parsed.uri.split('/').pop()}`);
    title += ` · ↔ ${names.slice(0, 2).join(', ')}${names.length > 2 ? ` +${names.length - 2}` : ''}`;
    for (const l of linked) locations.push(...flowLocations(l.parsed, l.flow));
  }
  return { range: lens.range, command: { title, command: SHOW_FLOW_COMMAND, arguments: [parsed.uri, lens.range.start, locations] } };
}
