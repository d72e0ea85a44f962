import { chronological } from '../../correlation/flows';
import type { Flow, LogAnalysis } from '../../model/log';
import type { FlowPosition, LogView, ViewLink } from '../../../../shared/customMessages';
import { entryAt, flowsOfEntry, keyAt } from '../navigation';

/** The flow the cursor is in: the id under the cursor, else the entry's first flow. */
function flowUnderCursor(parsed: LogAnalysis, line: number, character: number, lineText?: string): { flow: Flow; entryIndex: number } | undefined {
  const atKey = keyAt(parsed, line, character, lineText);
  if (atKey) return { flow: atKey.flow, entryIndex: atKey.entry.index };
  const entry = entryAt(parsed, line, character);
  if (!entry) return undefined;
  const flow = flowsOfEntry(parsed, entry)[0];
  return flow ? { flow, entryIndex: entry.index } : undefined;
}

export function flowAt(parsed: LogAnalysis, line: number, character: number, flowId?: string, lineText?: string): FlowPosition | undefined {
  const found = resolve(parsed, line, character, flowId, lineText);
  if (!found) return undefined;
  const order = chronological(found.flow, parsed.newestFirst);
  return { flowId: found.flow.id, label: found.flow.label, index: order.indexOf(found.entryIndex) + 1, total: order.length, outcome: found.flow.outcome.text };
}

function resolve(parsed: LogAnalysis, line: number, character: number, flowId?: string, lineText?: string): { flow: Flow; entryIndex: number } | undefined {
  if (flowId) {
    const flow = parsed.flow(flowId);
    const entry = entryAt(parsed, line, character);
    if (flow && entry && flow.entries.includes(entry.index)) return { flow, entryIndex: entry.index };
  }
  return flowUnderCursor(parsed, line, character, lineText);
}

/** The next (or previous) entry of the cursor's flow in time order. */
export function stepInFlow(parsed: LogAnalysis, line: number, character: number, direction: 1 | -1, flowId?: string, lineText?: string): { line: number; character: number; position: FlowPosition } | undefined {
  const found = resolve(parsed, line, character, flowId, lineText);
  if (!found) return undefined;
  const order = chronological(found.flow, parsed.newestFirst);
  const k = order.indexOf(found.entryIndex) + direction;
  if (k < 0 || k >= order.length) return undefined;
  const target = parsed.entry(order[k]!);
  return {
    line: target.startLine,
    character: target.startChar,
    position: { flowId: found.flow.id, label: found.flow.label, index: k + 1, total: order.length, outcome: found.flow.outcome.text },
  };
}

function appendEntry(view: { lines: string[]; links: ViewLink[] }, parsed: LogAnalysis, lines: readonly string[], index: number, label = ''): void {
  const entry = parsed.entry(index);
  for (let line = entry.startLine; line <= entry.endLine; line++) {
    let text = lines[line] ?? '';
    if (line === entry.startLine && entry.startLine === entry.endLine && (entry.startChar > 0 || entry.endChar < text.length)) text = text.slice(entry.startChar, entry.endChar);
    const prefix = `${label}${String(line + 1).padStart(6)} │ `;
    view.links.push({ line: view.lines.length, length: prefix.length - 3, uri: parsed.uri, sourceLine: line });
    view.lines.push(prefix + text);
  }
}

/** Only the entries of one flow, in time order, each line linked to its source line. */
export function flowView(parsed: LogAnalysis, lines: readonly string[], flowId: string): LogView | undefined {
  const flow = parsed.flow(flowId);
  if (!flow) return undefined;
  const view = { lines: [`# ${flow.label}: ${flow.entries.length} entries · ${flow.outcome.text} · from ${parsed.uri}`], links: [] as ViewLink[] };
  for (const index of chronological(flow, parsed.newestFirst)) appendEntry(view, parsed, lines, index);
  return { content: view.lines.join('\n') + '\n', links: view.links };
}

/** Only the entries with error or warning findings or levels, in document order. */
export function errorsView(parsed: LogAnalysis, lines: readonly string[], max: number): LogView {
  const wanted = new Set<number>(parsed.findings.filter((f) => f.severity !== 'info').map((f) => f.entryIndex));
  for (let i = 0; i < parsed.entryCount; i++) {
    const level = parsed.levelOf(i);
    if (level === 'error' || level === 'warning') wanted.add(i);
  }
  const indices = [...wanted].sort((a, b) => a - b);
  const view = { lines: [`# Errors and findings: ${indices.length} entries · from ${parsed.uri}`], links: [] as ViewLink[] };
  for (const index of indices.slice(0, max)) appendEntry(view, parsed, lines, index);
  if (indices.length > max) view.lines.push(`# … ${indices.length - max} more not shown (logsleuth.maxResults)`);
  return { content: view.lines.join('\n') + '\n', links: view.links };
}

export interface MergeSource {
  parsed: LogAnalysis;
  lines: readonly string[];
  label: string;
  offsetMs: number;
}

/** Several logs interleaved by time stamp (per-file clock offsets applied); newest-first logs come out in order. */
export function mergeByTime(sources: MergeSource[], max: number): LogView {
  const items: Array<{ time: number; source: number; index: number }> = [];
  sources.forEach((source, s) => {
    for (let index = 0; index < source.parsed.entryCount; index++) {
      const time = source.parsed.timeOf(index);
      if (time === undefined) continue;
      items.push({ time: time + source.offsetMs, source: s, index });
    }
  });
  items.sort((a, b) => a.time - b.time || a.source - b.source || a.index - b.index);
  const width = Math.max(...sources.map((s) => s.label.length));
  const view = { lines: [`# Merged by time: ${sources.map((s) => `${s.label}${s.offsetMs ? ` (${s.offsetMs > 0 ? '+' : ''}${s.offsetMs} ms)` : ''}`).join(', ')}`], links: [] as ViewLink[] };
  for (const item of items.slice(0, max)) {
    const source = sources[item.source]!;
    const stamp = new Date(item.time).toISOString().replace('T', ' ').replace('Z', '');
    appendEntry(view, source.parsed, source.lines, item.index, `${stamp} ${source.label.padEnd(width)} `);
  }
  if (items.length > max) view.lines.push(`# … ${items.length - max} more entries not shown (logsleuth.maxResults)`);
  return { content: view.lines.join('\n') + '\n', links: view.links };
}
