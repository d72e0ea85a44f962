import { nextGluedStart } from '../formats/detect';
import { prepareLine } from '../formats/lineText';
import { fieldsFromMatch, keysOf } from '../formats/parser';
import type { CompiledFormat } from '../formats/registry';
import type { CorrelationKey, Field, LogEntry } from '../model/log';
import { DECLARED_PATTERN, LEVELS, MAX_MESSAGE_LENGTH, type DeclaredColumns } from './scan';

/** What annotation reads of the index. */
export interface EntryColumns {
  readonly lines: { line(i: number): string };
  readonly formats: CompiledFormat[];
  readonly format: Uint8Array;
  readonly pattern: Uint8Array;
  readonly level: Uint8Array;
  readonly time: Float64Array;
  readonly startLine: Int32Array;
  readonly endLine: Int32Array;
  readonly startChar: Int32Array;
  readonly endChar: Int32Array;
  declaredAt(format: CompiledFormat, line: number): DeclaredColumns | undefined;
  exchangeKeysOf(i: number): CorrelationKey[];
}

/**
 * Today's `LogEntry` for one entry of the index, built only when a request touches it: the entry's line
 * pattern runs again with indices and named groups, over the same lines, in the same steps as the parser.
 * Without keys, `keys` stays empty (for work that reads only fields and text).
 */
export function annotateEntry(index: EntryColumns, i: number, withKeys = true): LogEntry {
  const format = index.formats[index.format[i]!]!;
  const startLine = index.startLine[i]!;
  const endLine = index.endLine[i]!;
  const startChar = index.startChar[i]!;
  const line = prepareLine(format, index.lines.line(startLine));
  const text = headerSegment(format, line, startChar);
  const patternNumber = index.pattern[i]!;
  const declared = patternNumber === DECLARED_PATTERN ? index.declaredAt(format, startLine) : undefined;
  const regex = declared ? declared.named : format.lines[patternNumber - 1]!.regex;
  const match = regex.exec(text);
  const fields: Record<string, Field> = {};
  if (match) fieldsFromMatch(match, startLine, startChar, fields);
  if (declared) {
    const names = declared.timestampNames.map((name) => fields[name]).filter((f): f is Field => f !== undefined);
    if (names.length > 0 && !fields[format.timeField]) {
      fields[format.timeField] = { value: names.map((p) => p.value).join(' '), line: startLine, start: names[0]!.start, end: names[names.length - 1]!.end };
    }
    const from = fields[declared.messageFromName];
    if (from && !fields[format.messageField]) fields[format.messageField] = { value: text.slice(from.start - startChar), line: startLine, start: from.start, end: startChar + text.length };
  }
  const rawLevel = fields[format.levelField]?.value;
  const messageField = fields[format.messageField];
  const message = messageField ? messageField.value.trim() : '';
  const messageStart = messageField ? messageField.start + (messageField.value.length - messageField.value.trimStart().length) : startChar + text.length;
  const time = index.time[i]!;
  const entry: LogEntry = {
    index: i,
    formatId: format.id,
    startLine,
    endLine: startLine,
    startChar,
    endChar: startChar + text.length,
    level: LEVELS[index.level[i]!]!,
    rawLevel,
    component: fields[format.def.componentField ?? 'component']?.value,
    pid: fields[format.def.pidField ?? 'pid']?.value,
    thread: fields[format.def.threadField ?? 'thread']?.value,
    message: message.slice(0, MAX_MESSAGE_LENGTH),
    messageSpan: { line: startLine, start: messageStart, end: messageStart + message.length },
    fields,
    keys: [],
    time: Number.isNaN(time) ? undefined : time,
  };
  body(index, format, entry, endLine);
  entry.endLine = endLine;
  entry.endChar = index.endChar[i]!;
  fieldPatterns(format, entry);
  if (entry.rawLevel === undefined) entry.rawLevel = fields[format.levelField]?.value;
  if (!withKeys) return entry;
  entry.keys = keysOf(entry, format);
  for (const key of index.exchangeKeysOf(i)) if (!entry.keys.some((k) => k.kind === key.kind && k.value === key.value)) entry.keys.push(key);
  return entry;
}

/** The text the entry's pattern matched: the whole line, or its segment when entries were glued on it. */
function headerSegment(format: CompiledFormat, line: string, startChar: number): string {
  const splitter = format.splitGlued;
  if (!splitter) return line;
  splitter.lastIndex = 0;
  const first = splitter.exec(line);
  splitter.lastIndex = 0;
  if (!first || (first.index === 0 && nextGluedStart(format, line) >= line.length)) return line;
  const rest = line.slice(startChar);
  return rest.slice(0, nextGluedStart(format, rest)).trimEnd();
}

function body(index: EntryColumns, format: CompiledFormat, entry: LogEntry, endLine: number): void {
  let pendingBlank = 0;
  for (let lineNo = entry.startLine + 1; lineNo <= endLine; lineNo++) {
    const line = prepareLine(format, index.lines.line(lineNo));
    if (format.multilineEnd) {
      const end = format.multilineEnd.exec(line);
      if (end) {
        fieldsFromMatch(end, lineNo, 0, entry.fields);
        continue;
      }
    }
    if (line.length === 0) {
      pendingBlank++;
      continue;
    }
    for (; pendingBlank > 0; pendingBlank--) extend(entry, lineNo - pendingBlank, '');
    extend(entry, lineNo, line);
  }
}

function extend(entry: LogEntry, lineNo: number, bodyText: string): void {
  if (entry.message.length === 0 && entry.messageSpan.line === entry.startLine && entry.messageSpan.start === entry.messageSpan.end) {
    entry.messageSpan = { line: lineNo, start: 0, end: bodyText.length };
    entry.message = bodyText.slice(0, MAX_MESSAGE_LENGTH);
  } else if (entry.message.length < MAX_MESSAGE_LENGTH) {
    entry.message = (entry.message + '\n' + bodyText).slice(0, MAX_MESSAGE_LENGTH);
  }
}

function fieldPatterns(format: CompiledFormat, entry: LogEntry): void {
  if (format.fieldPatterns.length === 0 || entry.message.length === 0) return;
  let lineNo = entry.messageSpan.line;
  let offset = entry.messageSpan.start;
  for (const text of entry.message.split('\n')) {
    for (const regex of format.fieldPatterns) {
      const match = regex.exec(text);
      if (match) fieldsFromMatch(match, lineNo, offset, entry.fields);
    }
    lineNo++;
    offset = 0;
  }
}
