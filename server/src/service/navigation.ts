import { chronological } from '../correlation/flows';
import type { CorrelationKey, Flow, LogEntry, ParsedLog } from '../model/log';

/** The entry at a position; several entries may share a line when they were glued together. */
export function entryAt(parsed: ParsedLog, line: number, character: number): LogEntry | undefined {
  const index = parsed.entryAtLine[line];
  if (index === undefined || index < 0) return undefined;
  let best = parsed.entries[index]!;
  for (let i = index + 1; i < parsed.entries.length; i++) {
    const next = parsed.entries[i]!;
    if (next.startLine !== line) break;
    if (next.startChar <= character) best = next;
  }
  return best;
}

export function flowsOfEntry(parsed: ParsedLog, entry: LogEntry): Flow[] {
  const result: Flow[] = [];
  for (const key of entry.keys) {
    const flow = flowOfKey(parsed, entry, key);
    if (flow) result.push(flow);
  }
  return result;
}

/** The flow an entry's key put it in (a key value reused after a gap lives in a later flow `id@n`). */
export function flowOfKey(parsed: ParsedLog, entry: LogEntry, key: CorrelationKey): Flow | undefined {
  const base = `${key.kind}:${key.value}`;
  const first = parsed.flows.get(base);
  if (first?.entries.includes(entry.index)) return first;
  for (let n = 2; ; n++) {
    const flow = parsed.flows.get(`${base}@${n}`);
    if (!flow) return undefined;
    if (flow.entries.includes(entry.index)) return flow;
  }
}

/** How far left of a key's value the word it is written in may start: `fl=`, `#`, `AGID `. */
const MAX_PREFIX = 6;

/** The start of the word the key value is written in (`fl=2433`, `#624`), when the line text is known. */
function wordStart(span: { start: number }, lineText: string | undefined): number {
  if (!lineText) return span.start;
  let start = span.start;
  while (start > 0 && span.start - start < MAX_PREFIX && /[A-Za-z=#]/.test(lineText[start - 1]!)) start--;
  return start;
}

/** The correlation key written at a position, with its entry and flow. */
export function keyAt(parsed: ParsedLog, line: number, character: number, lineText?: string): { entry: LogEntry; key: CorrelationKey; flow: Flow } | undefined {
  const index = parsed.entryAtLine[line];
  if (index === undefined || index < 0) return undefined;
  for (let i = index; i < parsed.entries.length; i++) {
    const entry = parsed.entries[i]!;
    if (entry.startLine > line) break;
    for (const key of entry.keys) {
      const span = key.span;
      if (span && span.line === line && character >= wordStart(span, lineText) && character <= span.end) {
        const flow = flowOfKey(parsed, entry, key);
        if (flow) return { entry, key, flow };
      }
    }
  }
  return undefined;
}

export function firstEntryOfFlow(parsed: ParsedLog, flow: Flow): LogEntry {
  return parsed.entries[chronological(flow, parsed.newestFirst)[0]!]!;
}

/** Where an entry writes the flow's key, or its first line when the key is not on it. */
export function keyRangeInEntry(entry: LogEntry, flow: Flow): { line: number; start: number; end: number } {
  const key = entry.keys.find((k) => k.kind === flow.kind && k.value === flow.value);
  if (key?.span) return key.span;
  return { line: entry.startLine, start: entry.startChar, end: entry.startLine === entry.endLine ? entry.endChar : entry.startChar };
}
