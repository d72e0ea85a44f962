import type { CorrelationKey, Field, FoldingSpan, Level, LogEntry, Section } from '../model/log';
import { nextGluedStart, scoreFormats } from './detect';
import { MAX_MATCHED_LINE_LENGTH, prepareLine } from './lineText';
import type { CompiledFormat, FormatRegistry } from './registry';
import { toEpochMillis, type TimeParts } from './timeParser';

export interface ParseOptions {
  fileName?: string;
  /** Forces one format for the whole document (the "Set Log Format" command). */
  formatId?: string;
  /** Year for formats that omit it (syslog); defaults to the current year. */
  referenceYear?: number;
}

export interface ParseResult {
  lineCount: number;
  entries: LogEntry[];
  sections: Section[];
  entryAtLine: Int32Array;
  folds: FoldingSpan[];
  newestFirst: boolean;
  notices: string[];
}

/** Message text kept per entry; a multi-line body beyond this is cut (the document itself is untouched). */
const MAX_MESSAGE_LENGTH = 64 * 1024;
/** Above this many lines, formats that did not vote in the first lines are not tried on unknown lines. */
const SMALL_DOCUMENT_LINES = 20000;

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

interface OpenEntry {
  entry: LogEntry;
  format: CompiledFormat;
  /** Lines of the body after the header line. */
  bodyLines: number;
  /** Blank lines seen but not yet taken: they belong to the entry only if more body follows. */
  pendingBlank: number;
  ended: boolean;
}

interface EntryTime {
  parts?: TimeParts;
  zone: 'utc' | 'local';
}

export function fieldsFromMatch(match: RegExpExecArray, line: number, offset: number, into: Record<string, Field>): void {
  const groups = match.groups;
  const indices = match.indices?.groups;
  if (!groups || !indices) return;
  for (const name in groups) {
    const value = groups[name];
    const span = indices[name];
    if (value === undefined || span === undefined || name in into) continue;
    into[name] = { value, line, start: offset + span[0], end: offset + span[1] };
  }
}

/** The level a level field's raw value stands for, when the format maps it. */
function mappedLevel(format: CompiledFormat, raw: string | undefined): Level | undefined {
  if (raw === undefined) return undefined;
  const mapped = format.levelMap.get(raw.toLowerCase());
  if (mapped) return mapped;
  if (format.numericLevels.length > 0 && /^\d+$/.test(raw)) {
    const n = Number(raw);
    return format.numericLevels.find((r) => n >= r.from && n <= r.to)?.level;
  }
  return undefined;
}

function levelOf(format: CompiledFormat, raw: string | undefined, fixed: Level | undefined): Level {
  return mappedLevel(format, raw) ?? fixed ?? format.defaultLevel;
}

/** Text level vocabulary sees at most this much of a message (bounded matching on huge bodies). */
const MAX_LEVEL_TEXT = 16 * 1024;

/**
 * The level the message's own words give (`levelFromText`): a benign look-alike keeps the format's default
 * level (never error or warning), then error words, then warning words; undefined when none match.
 */
export function levelFromText(format: CompiledFormat, message: string): Level | undefined {
  const levels = format.textLevels;
  if (!levels || message.length === 0) return undefined;
  const text = message.length > MAX_LEVEL_TEXT ? message.slice(0, MAX_LEVEL_TEXT) : message;
  if (levels.benign?.test(text)) return format.defaultLevel === 'error' || format.defaultLevel === 'warning' ? 'info' : format.defaultLevel;
  if (levels.error?.test(text)) return 'error';
  if (levels.warning?.test(text)) return 'warning';
  return undefined;
}

/** Fills a key template from fields; undefined when a field is missing. */
export function fillTemplate(template: string, values: (name: string) => string | undefined): string | undefined {
  let missing = false;
  const result = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values(name);
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : result;
}

export class DocumentParser {
  readonly entries: LogEntry[] = [];
  readonly sections: Section[] = [];
  readonly folds: FoldingSpan[] = [];
  readonly notices: string[] = [];
  private readonly times: EntryTime[] = [];
  private open: OpenEntry | undefined;
  /** Line patterns a file declared for a format (W3C `#Fields:`), by format id. */
  private readonly declared = new Map<string, { pattern: { name: string; regex: RegExp; weight: number; level?: Level }; timestamp: string[]; messageFrom: string }>();
  private current: CompiledFormat | undefined;
  private longLineNoticed = false;
  /** Entries whose line pattern fixes the level (pluto `| ` debug lines): their words do not change it. */
  private readonly patternLevel = new WeakSet<LogEntry>();

  constructor(
    /** The document's lines when it is parsed whole; the streaming path feeds `pushLine` instead. */
    private readonly lines: readonly string[],
    readonly candidates: CompiledFormat[],
    /** Document line of `lines[0]` (an appended tail is parsed on its own). */
    private readonly firstLine = 0,
  ) {}

  run(): void {
    for (let i = 0; i < this.lines.length; i++) this.pushLine(this.lines[i]!, this.firstLine + i);
    this.finishInput();
  }

  /** Feeds one physical line; lines must come in order (the streaming path feeds them as they are read). */
  pushLine(raw: string, i: number): void {
    if (raw.length > MAX_MATCHED_LINE_LENGTH && !this.longLineNoticed) {
      this.longLineNoticed = true;
      this.notices.push(`Line ${i + 1} is ${raw.length} characters long: only its first ${MAX_MATCHED_LINE_LENGTH} characters were analysed.`);
    }
    if (this.open && !this.open.ended) {
      if (this.tryStart(this.open.format, raw, i)) return;
      if (this.tryContinue(this.open, raw, i)) return;
    }
    this.closeOpen();
    if (raw.length === 0) return;
    if (this.current && this.tryStart(this.current, raw, i)) return;
    for (const format of this.candidates) {
      if (format === this.current) continue;
      if (this.tryStart(format, raw, i)) return;
    }
  }

  finishInput(): void {
    this.closeOpen();
    this.closeSection();
  }

  private tryContinue(open: OpenEntry, raw: string, lineNo: number): boolean {
    const format = open.format;
    if (open.bodyLines + 1 >= format.maxLines) return false;
    const line = prepareLine(format, raw);
    if (format.multilineEnd) {
      const end = format.multilineEnd.exec(line);
      if (end) {
        fieldsFromMatch(end, lineNo, 0, open.entry.fields);
        this.extend(open, lineNo, line.length, undefined);
        open.ended = true;
        return true;
      }
    }
    if (line.length === 0) {
      open.pendingBlank++;
      return true;
    }
    if (format.continuation && !format.continuation.test(line)) return false;
    for (; open.pendingBlank > 0; open.pendingBlank--) this.extend(open, lineNo - open.pendingBlank, 0, '');
    this.extend(open, lineNo, line.length, line);
    return true;
  }

  private extend(open: OpenEntry, lineNo: number, lineLength: number, bodyText: string | undefined): void {
    const entry = open.entry;
    entry.endLine = lineNo;
    entry.endChar = lineLength;
    open.bodyLines++;
    if (bodyText === undefined) return;
    if (entry.message.length === 0 && entry.messageSpan.line === entry.startLine && entry.messageSpan.start === entry.messageSpan.end) {
      entry.messageSpan = { line: lineNo, start: 0, end: bodyText.length };
      entry.message = bodyText.slice(0, MAX_MESSAGE_LENGTH);
    } else if (entry.message.length < MAX_MESSAGE_LENGTH) {
      entry.message = (entry.message + '\n' + bodyText).slice(0, MAX_MESSAGE_LENGTH);
    }
  }

  /** Tries the format's entry patterns on a line (split into glued entries when the format allows). */
  private tryStart(format: CompiledFormat, raw: string, lineNo: number): boolean {
    const line = prepareLine(format, raw);
    if (line.length === 0) return false;
    if (format.columns) this.readColumns(format, line);
    const splitter = format.splitGlued;
    if (splitter) {
      splitter.lastIndex = 0;
      const first = splitter.exec(line);
      splitter.lastIndex = 0;
      if (first && (first.index > 0 || nextGluedStart(format, line) < line.length)) {
        return this.startGlued(format, line, first.index, lineNo);
      }
    }
    const entry = this.matchSegment(format, line, lineNo, 0);
    if (!entry) return false;
    this.accept(format, entry);
    return true;
  }

  private startGlued(format: CompiledFormat, line: string, firstIndex: number, lineNo: number): boolean {
    let matched = false;
    let start = firstIndex;
    while (start < line.length) {
      const rest = line.slice(start);
      const length = nextGluedStart(format, rest);
      const segment = rest.slice(0, length).trimEnd();
      const entry = this.matchSegment(format, segment, lineNo, start);
      if (entry) {
        this.accept(format, entry);
        matched = true;
      }
      start += length;
    }
    return matched;
  }

  /** A `#Fields:` directive: build the pattern for the lines that follow it. */
  private readColumns(format: CompiledFormat, line: string): void {
    const columns = format.columns!;
    const names = columns.directive.exec(line)?.groups?.names;
    if (!names) return;
    const used = new Set<string>();
    const fieldNames = names.trim().split(columns.separator).filter((c) => c.length > 0).map((column) => {
      let name = columns.fields[column] ?? column.replace(/[^A-Za-z0-9]+/g, '_').replace(/^(\d)/, '_$1').replace(/_+$/, '');
      while (used.has(name)) name += '_';
      used.add(name);
      return { column, name };
    });
    if (fieldNames.length === 0 || fieldNames.length > 100) return;
    const separator = columns.separator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const value = columns.separator === ' ' ? '\\S{1,8192}' : `[^${separator}]{0,8192}`;
    const regex = new RegExp(`^${fieldNames.map((f) => `(?<${f.name}>${value})`).join(separator)}$`, 'd');
    const timestamp = columns.timestamp.map((c) => fieldNames.find((f) => f.column === c)?.name).filter((n): n is string => !!n);
    const firstData = fieldNames.find((f) => f.column === columns.messageFrom) ?? fieldNames.find((f) => !columns.timestamp.includes(f.column));
    this.declared.set(format.id, { pattern: { name: 'declared columns', regex, weight: 3 }, timestamp, messageFrom: firstData?.name ?? fieldNames[0]!.name });
  }

  private matchSegment(format: CompiledFormat, text: string, lineNo: number, offset: number): LogEntry | undefined {
    const declared = this.declared.get(format.id);
    const patterns = declared ? [declared.pattern, ...format.lines] : format.lines;
    for (const pattern of patterns) {
      const match = pattern.regex.exec(text);
      if (!match) continue;
      const fields: Record<string, Field> = {};
      fieldsFromMatch(match, lineNo, offset, fields);
      if (declared && pattern === declared.pattern) {
        const parts = declared.timestamp.map((name) => fields[name]).filter((f): f is Field => f !== undefined);
        if (parts.length > 0 && !fields[format.timeField]) {
          fields[format.timeField] = { value: parts.map((p) => p.value).join(' '), line: lineNo, start: parts[0]!.start, end: parts[parts.length - 1]!.end };
        }
        const from = fields[declared.messageFrom];
        if (from && !fields[format.messageField]) {
          fields[format.messageField] = { value: text.slice(from.start - offset), line: lineNo, start: from.start, end: offset + text.length };
        }
      }
      const rawLevel = fields[format.levelField]?.value;
      const messageField = fields[format.messageField];
      const message = messageField ? messageField.value.trim() : '';
      const messageStart = messageField ? messageField.start + (messageField.value.length - messageField.value.trimStart().length) : offset + text.length;
      const entry: LogEntry = {
        index: -1,
        formatId: format.id,
        startLine: lineNo,
        endLine: lineNo,
        startChar: offset,
        endChar: offset + text.length,
        level: levelOf(format, rawLevel, pattern.level),
        rawLevel,
        component: fields[format.def.componentField ?? 'component']?.value,
        pid: fields[format.def.pidField ?? 'pid']?.value,
        thread: fields[format.def.threadField ?? 'thread']?.value,
        message: message.slice(0, MAX_MESSAGE_LENGTH),
        messageSpan: { line: lineNo, start: messageStart, end: messageStart + message.length },
        fields,
        keys: [],
      };
      if (pattern.level !== undefined) this.patternLevel.add(entry);
      return entry;
    }
    return undefined;
  }

  private accept(format: CompiledFormat, entry: LogEntry): void {
    this.closeOpen();
    if (format !== this.current) {
      this.closeSection();
      this.current = format;
      this.sections.push({ formatId: format.id, family: format.family, startLine: entry.startLine, endLine: entry.endLine });
    }
    entry.index = this.entries.length;
    this.entries.push(entry);
    const timeText = entry.fields[format.timeField]?.value;
    this.times.push({ parts: timeText && format.parseTime ? format.parseTime(timeText) : undefined, zone: format.zone });
    if (format.multiline) this.open = { entry, format, bodyLines: 0, pendingBlank: 0, ended: false };
    else this.finish(entry, format);
  }

  private closeOpen(): void {
    if (!this.open) return;
    const { entry, format } = this.open;
    this.open = undefined;
    if (entry.endLine > entry.startLine) this.folds.push({ startLine: entry.startLine, endLine: entry.endLine });
    this.finish(entry, format);
  }

  private closeSection(): void {
    const section = this.sections[this.sections.length - 1];
    const last = this.entries[this.entries.length - 1];
    if (section && last) section.endLine = Math.max(section.endLine, last.endLine);
  }

  /** Field patterns over the message lines, then correlation keys. */
  private finish(entry: LogEntry, format: CompiledFormat): void {
    const section = this.sections[this.sections.length - 1];
    if (section) section.endLine = Math.max(section.endLine, entry.endLine);
    if (format.fieldPatterns.length > 0 && entry.message.length > 0) {
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
    // Some formats write the time or level on a later line of the entry (EAS `RequestTime :`, an event's
    // `Level:`): take them from the fields once the whole entry is known.
    const time = this.times[entry.index];
    if (time && !time.parts && format.parseTime) {
      const text = entry.fields[format.timeField]?.value;
      if (text) time.parts = format.parseTime(text);
    }
    if (entry.rawLevel === undefined) {
      const raw = entry.fields[format.levelField]?.value;
      if (raw !== undefined) {
        entry.rawLevel = raw;
        entry.level = levelOf(format, raw, entry.level === format.defaultLevel ? undefined : entry.level);
      }
    }
    if (format.textLevels && !this.patternLevel.has(entry) && mappedLevel(format, entry.rawLevel) === undefined) {
      entry.level = levelFromText(format, entry.message) ?? entry.level;
    }
    entry.keys = keysOf(entry, format);
  }

  /** Infers missing years and dates, detects newest-first order, and fills `entry.time`. */
  resolveTimes(referenceYear: number): boolean {
    const entries = this.entries;
    let decreasing = 0;
    let increasing = 0;
    const provisional: Array<number | undefined> = entries.map((_, i) => {
      const t = this.times[i]!;
      return t.parts ? toEpochMillis(t.parts, referenceYear, t.zone) : undefined;
    });
    let previous: number | undefined;
    provisional.forEach((time, i) => {
      if (time === undefined) return;
      if (previous !== undefined && time !== previous) {
        // A jump of more than half the unwritten period (a day without a date, a year without a year) is the
        // calendar rolling over, not the log running backwards.
        const parts = this.times[i]!.parts!;
        const halfPeriod = parts.month === undefined ? 12 * 3600_000 : parts.year === undefined ? 180 * 86400_000 : Infinity;
        const step = time - previous;
        if (step < 0) (-step > halfPeriod ? increasing++ : decreasing++);
        else (step > halfPeriod ? decreasing++ : increasing++);
      }
      previous = time;
    });
    const forced = this.current?.def.order;
    const newestFirst = forced === 'newest-first' || (forced !== 'oldest-first' && decreasing > increasing);
    const order = entries.map((_, i) => i);
    if (newestFirst) order.reverse();
    // Walk in time order; a large step backwards means a day (no date) or a year (no year) has passed.
    let yearOffset = 0;
    let dayOffset = 0;
    let last: number | undefined;
    const resolved = new Array<number | undefined>(entries.length);
    for (const i of order) {
      const t = this.times[i]!;
      if (!t.parts) continue;
      const parts = t.parts;
      const noDate = parts.month === undefined;
      const noYear = parts.year === undefined && !noDate;
      let time = noYear ? toEpochMillis(parts, referenceYear + yearOffset, t.zone) : toEpochMillis(parts, referenceYear, t.zone) + dayOffset;
      if (last !== undefined) {
        if (noDate && time < last - 12 * 3600_000) {
          dayOffset += 86400_000;
          time += 86400_000;
        } else if (noYear && time < last - 180 * 86400_000) {
          yearOffset++;
          time = toEpochMillis(parts, referenceYear + yearOffset, t.zone);
        }
      }
      resolved[i] = time;
      last = time;
    }
    // Keep the newest year-less entry in the reference year rather than pushing the log into the future.
    const shiftYears = yearOffset;
    for (let i = 0; i < entries.length; i++) {
      let time = resolved[i];
      const parts = this.times[i]!.parts;
      if (time !== undefined && shiftYears > 0 && parts && parts.year === undefined && parts.month !== undefined) {
        const d = new Date(time);
        d.setUTCFullYear(d.getUTCFullYear() - shiftYears);
        time = d.getTime();
      }
      entries[i]!.time = time;
    }
    return newestFirst;
  }

  sectionFolds(): void {
    for (const section of this.sections) {
      const format = this.candidates.find((f) => f.id === section.formatId);
      if (format) this.folds.push(...regionFolds(format, section, (line) => this.lines[line - this.firstLine] ?? ''));
    }
  }
}

/** Folds of a format's `sections` (a CLI command and its output) inside one section of the document. */
export function regionFolds(format: CompiledFormat, section: Section, lineText: (line: number) => string): FoldingSpan[] {
  const folds: FoldingSpan[] = [];
  if (format.sections.length === 0) return folds;
  let openStart = -1;
  for (let line = section.startLine; line <= section.endLine; line++) {
    const text = lineText(line);
    if (format.sections.some((s) => s.start.test(text))) {
      if (openStart >= 0 && line - 1 > openStart) folds.push({ startLine: openStart, endLine: line - 1, kind: 'region' });
      openStart = line;
      continue;
    }
    if (openStart >= 0 && format.sections.some((s) => s.end?.test(text))) {
      if (line > openStart) folds.push({ startLine: openStart, endLine: line, kind: 'region' });
      openStart = -1;
    }
  }
  if (openStart >= 0 && section.endLine > openStart) folds.push({ startLine: openStart, endLine: section.endLine, kind: 'region' });
  return folds;
}

export function keysOf(entry: LogEntry, format: CompiledFormat): CorrelationKey[] {
  const keys: CorrelationKey[] = [];
  const fields = entry.fields;
  for (const rule of format.keys) {
    let value = fillTemplate(rule.value, (name) => fields[name]?.value);
    if (value === undefined || value === '' || rule.ignoreSet.has(value)) continue;
    if (rule.symmetric) value = value.split(' <=> ').sort().join(' <=> ');
    const used = rule.fields.map((name) => fields[name]!);
    const sameLine = used.every((f) => f.line === used[0]!.line);
    const span = sameLine && used.length > 0
      ? { line: used[0]!.line, start: Math.min(...used.map((f) => f.start)), end: Math.max(...used.map((f) => f.end)) }
      : undefined;
    keys.push({ kind: rule.kind, value, scope: rule.scope, span });
  }
  return keys;
}

export function parseDocument(text: string, registry: FormatRegistry, options: ParseOptions = {}): ParseResult {
  const lines = splitLines(text);
  let candidates: CompiledFormat[];
  if (options.formatId) {
    const forced = registry.byId.get(options.formatId);
    candidates = forced ? [forced] : [];
  } else {
    const scores = scoreFormats(registry, lines, options.fileName);
    const voted = scores.map((s) => s.format);
    candidates = lines.length <= SMALL_DOCUMENT_LINES ? [...voted, ...registry.formats.filter((f) => !voted.includes(f))] : voted;
  }
  const parser = new DocumentParser(lines, candidates);
  if (candidates.length > 0) parser.run();
  const newestFirst = parser.resolveTimes(options.referenceYear ?? new Date().getUTCFullYear());
  parser.sectionFolds();
  const entryAtLine = new Int32Array(lines.length).fill(-1);
  for (const entry of parser.entries) {
    for (let line = entry.startLine; line <= entry.endLine; line++) {
      if (entryAtLine[line] === -1) entryAtLine[line] = entry.index;
    }
  }
  return {
    lineCount: lines.length,
    entries: parser.entries,
    sections: parser.sections,
    entryAtLine,
    folds: parser.folds,
    newestFirst,
    notices: parser.notices,
  };
}
