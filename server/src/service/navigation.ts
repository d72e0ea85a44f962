import { chronological } from '../correlation/flows';
import { fillTemplate } from '../formats/parser';
import type { FormatRegistry } from '../formats/registry';
import type { CorrelationKey, Flow, LogAnalysis, LogEntry } from '../model/log';

/** The entry at a position; several entries may share a line when they were glued together. */
export function entryAt(parsed: LogAnalysis, line: number, character: number): LogEntry | undefined {
  const index = parsed.entryAtLine(line);
  if (index < 0) return undefined;
  let best = parsed.entry(index);
  for (let i = index + 1; i < parsed.entryCount; i++) {
    if (parsed.startLineOf(i) !== line) break;
    const next = parsed.entry(i);
    if (next.startChar <= character) best = next;
  }
  return best;
}

export function flowsOfEntry(parsed: LogAnalysis, entry: LogEntry): Flow[] {
  const result: Flow[] = [];
  for (const key of entry.keys) {
    const flow = flowOfKey(parsed, entry, key);
    if (flow) result.push(flow);
  }
  return result;
}

/** The flow an entry's key put it in (a key value reused after a gap lives in a later flow `id@n`). */
export function flowOfKey(parsed: LogAnalysis, entry: { index: number }, key: Pick<CorrelationKey, 'kind' | 'value'>): Flow | undefined {
  const base = `${key.kind}:${key.value}`;
  const first = parsed.flow(base);
  if (first?.entries.includes(entry.index)) return first;
  for (let n = 2; ; n++) {
    const flow = parsed.flow(`${base}@${n}`);
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
export function keyAt(parsed: LogAnalysis, line: number, character: number, lineText?: string, registry?: FormatRegistry): KeyAtPosition | undefined {
  const index = parsed.entryAtLine(line);
  if (index < 0) return undefined;
  for (let i = index; i < parsed.entryCount; i++) {
    if (parsed.startLineOf(i) > line) break;
    const entry = parsed.entry(i);
    for (const key of entry.keys) {
      const span = key.span;
      if (span && span.line === line && character >= wordStart(span, lineText) && character <= span.end) {
        const flow = flowOfKey(parsed, entry, key);
        if (flow) return { entry, key, flow };
      }
    }
  }
  const entry = entryAt(parsed, line, character);
  if (!entry) return undefined;
  return (registry && lineText !== undefined ? mentionAt(parsed, registry, entry, line, character, lineText) : undefined) ?? dumpLineKey(parsed, entry, line);
}

export interface KeyAtPosition {
  entry: LogEntry;
  key: CorrelationKey;
  flow: Flow;
}

/**
 * A body line of a multi-line entry that writes one key (`m_session_id = [9F1C...]`) is about that key as a
 * whole: the cursor on the field's name counts as on its value.
 */
function dumpLineKey(parsed: LogAnalysis, entry: LogEntry, line: number): KeyAtPosition | undefined {
  if (line === entry.startLine) return undefined;
  const onLine = entry.keys.filter((k) => k.span?.line === line);
  if (onLine.length !== 1) return undefined;
  const flow = flowOfKey(parsed, entry, onLine[0]!);
  return flow ? { entry, key: onLine[0]!, flow } : undefined;
}

/** A key written inside the message (`{using isakmp#35}`, `to replace #31`, a session GUID), by its format's `mentions`. */
function mentionAt(parsed: LogAnalysis, registry: FormatRegistry, entry: LogEntry, line: number, character: number, lineText: string): KeyAtPosition | undefined {
  for (const mention of mentionsOnLine(registry, entry.formatId, line, lineText)) {
    if (character < mention.span.start || character > mention.span.end) continue;
    const flow = flowOfMention(parsed, mention.kind, mention.value, entry.index);
    if (flow) return { entry, key: { kind: mention.kind, value: mention.value, scope: flow.scope, span: mention.span }, flow };
  }
  return undefined;
}

export interface Mention {
  kind: string;
  value: string;
  span: { line: number; start: number; end: number };
}

/** Every key a line writes by one of its format's `mentions` patterns. */
export function mentionsOnLine(registry: FormatRegistry, formatId: string, line: number, lineText: string): Mention[] {
  const format = registry.byId.get(formatId);
  if (!format) return [];
  const found: Mention[] = [];
  for (const rule of format.keys) {
    for (const pattern of rule.mentionPatterns) {
      for (const match of lineText.matchAll(pattern)) {
        const value = fillTemplate(rule.value, (name) => match.groups?.[name]);
        if (value === undefined || value.length === 0 || rule.ignoreSet.has(value)) continue;
        found.push({ kind: rule.kind, value, span: { line, start: match.index!, end: match.index! + match[0].length } });
      }
    }
  }
  return found;
}

/**
 * The flow a mention names: a value reused after a gap lives in later flows (`id@2`), so the one that had
 * begun by the mentioning entry, else the first.
 */
export function flowOfMention(parsed: LogAnalysis, kind: string, value: string, entryIndex: number): Flow | undefined {
  const base = `${kind}:${value}`;
  const first = parsed.flow(base);
  if (!first) return undefined;
  const started = (flow: Flow) => {
    const opener = chronological(flow, parsed.newestFirst)[0]!;
    return parsed.newestFirst ? opener >= entryIndex : opener <= entryIndex;
  };
  let best = first;
  for (let n = 2; ; n++) {
    const flow = parsed.flow(`${base}@${n}`);
    if (!flow || !started(flow)) return best;
    best = flow;
  }
}

export function firstEntryOfFlow(parsed: LogAnalysis, flow: Flow): LogEntry {
  return parsed.entry(chronological(flow, parsed.newestFirst)[0]!);
}

/** Where an entry writes the flow's key, or its first line when the key is not on it. */
export function keyRangeInEntry(entry: LogEntry, flow: Flow): { line: number; start: number; end: number } {
  const key = entry.keys.find((k) => k.kind === flow.kind && k.value === flow.value);
  if (key?.span) return key.span;
  return { line: entry.startLine, start: entry.startChar, end: entry.startLine === entry.endLine ? entry.endChar : entry.startChar };
}
