import { nextGluedStart } from '../formats/detect';
import { MAX_MATCHED_LINE_LENGTH, prepareLine } from '../formats/lineText';
import { levelFromText } from '../formats/parser';
import type { CompiledFormat } from '../formats/registry';
import type { TimeParts } from '../formats/timeParser';
import type { FoldingSpan, Level, Section } from '../model/log';
import { Column, float64Column, int16Column, int32Column, int8Column, uint8Column } from './columns';
import { fieldSlots, fillLean, leanFormat, leanPattern, passesGate, type LeanFormat, type LeanPattern } from './leanFormat';

/** Same bound as the parser: a multi-line body beyond this is cut from the message. */
export const MAX_MESSAGE_LENGTH = 64 * 1024;

export const LEVELS: Level[] = ['unknown', 'error', 'warning', 'info', 'debug'];
export const LEVEL_CODE: Record<Level, number> = { unknown: 0, error: 1, warning: 2, info: 3, debug: 4 };

/** Pattern number of an entry matched by the columns a file declared (`#Fields:`); line patterns are 1.. */
export const DECLARED_PATTERN = 0;
const NO_OFFSET = -32768;

/** A `#Fields:` layout, from the line it was read on. */
export interface DeclaredColumns {
  format: CompiledFormat;
  line: number;
  pattern: LeanPattern;
  /** The same pattern with named groups and indices, for annotation. */
  named: RegExp;
  timestampSlots: number[];
  timestampNames: string[];
  /** Group of the column the message starts at, and its field name. */
  messageFromGroup: number;
  messageFromName: string;
  separatorLength: number;
}

/** Whether an entry is open at a line break: none, one that may take the next lines, one whose end line was read. */
export type OpenState = 'closed' | 'open' | 'ended';

/**
 * A scan of one range of a log's lines (in a worker thread), finished and reduced to numbers and strings so it
 * can cross to the thread that merges it. Line numbers are the log's; entry and key numbers are the part's own.
 */
export interface ScanPart {
  firstLine: number;
  lineCount: number;
  count: number;
  startLine: Int32Array;
  endLine: Int32Array;
  startChar: Int32Array;
  endChar: Int32Array;
  format: Uint8Array;
  pattern: Uint8Array;
  level: Uint8Array;
  timeHas: Uint8Array;
  timeYear: Int16Array;
  timeMonth: Int8Array;
  timeDay: Int8Array;
  timeClock: Int32Array;
  timeOffset: Int16Array;
  keyStart: Int32Array;
  keyOf: Int32Array;
  keyParent: Int32Array;
  keyKinds: string[];
  keyValues: string[];
  keyScopes: Array<'file' | 'global'>;
  sections: Section[];
  folds: FoldingSpan[];
  notices: string[];
  declaredLayouts: number;
  /** The state after the part's last line, before the scan was finished. */
  endFormat: number;
  endOpen: OpenState;
  facts: FactsPart;
}

/** What `EntryFacts` recorded of a part's entries (entry numbers the part's own). */
export interface FactsPart {
  outcomeEntry: Int32Array;
  outcomeRule: Int32Array;
  outcomeText: string[];
  hitEntry: Int32Array;
  hitSignature: Int32Array;
  hitOrdinal: Int32Array;
  predicateHits: Int32Array[];
  exchangeStarts: Int32Array[];
  exchangeMembers: Int32Array[];
}

/** What the rest of the analysis sees of each finished entry while its text is at hand (then it is gone). */
export interface EntrySink {
  entry(index: number, lean: LeanFormat, message: string, values: ReadonlyArray<string | undefined>, component: string | undefined): void;
  /** Its record of a finished part, and the merge of another part's (entries numbered from `entryOffset`). */
  toPart(): FactsPart;
  absorb(part: FactsPart, entryOffset: number): void;
}

/**
 * One pass over the lines: the entry state machine of the parser (entry starts, glued entries, multi-line
 * bodies, declared columns) writing numbers into columns instead of objects. Each line's patterns run without
 * indices; an entry's field values live in one reused buffer until the entry is finished.
 */
export class Scanner {
  readonly startLine = int32Column();
  readonly endLine = int32Column();
  readonly startChar = int32Column();
  readonly endChar = int32Column();
  readonly format = uint8Column();
  readonly pattern = uint8Column();
  readonly level = uint8Column();
  /** Time stamp parts before the year and order are known (`resolveTimes`), freed once times are resolved. */
  readonly parts = {
    has: uint8Column(),
    year: int16Column(),
    month: int8Column(),
    day: int8Column(),
    clock: int32Column(),
    offset: int16Column(),
  };
  /** Correlation keys: per entry the first of its key occurrences; per occurrence the key and the parent flow. */
  readonly keyStart = int32Column();
  readonly keyOf = int32Column();
  readonly keyParent = int32Column();
  readonly keys = new KeyTable();
  readonly sections: Section[] = [];
  readonly folds: FoldingSpan[] = [];
  readonly notices: string[] = [];
  readonly declaredLayouts: DeclaredColumns[] = [];
  readonly formats: CompiledFormat[];
  count = 0;
  current: CompiledFormat | undefined;

  private readonly leans: LeanFormat[];
  private readonly formatNumber = new Map<CompiledFormat, number>();
  private readonly declared = new Map<string, DeclaredColumns>();
  private longLineNoticed = false;
  // The open entry (one at a time), as scalars.
  private open = false;
  private openLean!: LeanFormat;
  private openBody = 0;
  private pendingBlank = 0;
  private ended = false;
  private entryIndex = -1;
  private entryLean!: LeanFormat;
  private message = '';
  private messageLine = 0;
  private rawLevel: string | undefined;
  private patternLevel = false;
  private component: string | undefined;
  private values: Array<string | undefined> = [];
  private touched: number[] = [];
  private match: RegExpExecArray | null = null;
  private lastTimeText: string | undefined;
  private lastTimeParser: unknown;
  private lastTimeParts: TimeParts | undefined;

  constructor(
    readonly candidates: CompiledFormat[],
    private readonly sink?: EntrySink,
  ) {
    this.formats = candidates;
    this.leans = candidates.map(leanFormat);
    candidates.forEach((f, i) => this.formatNumber.set(f, i));
  }

  /** An entry is still open (it may take the next lines): finishing the input now would close it. */
  get entryOpen(): boolean {
    return this.stateAtEnd.open === 'open';
  }

  /** Parts were merged and the last left an entry open: lines pushed now would not continue it. */
  get mergedEntryOpen(): boolean {
    return this.mergedEnd?.open === 'open';
  }

  /** The first candidate format (in the order a fresh scan tries them) a line would start an entry in; -1 none. */
  formatStarting(raw: string): number {
    for (let f = 0; f < this.leans.length; f++) {
      const lean = this.leans[f]!;
      const line = prepareLine(lean.format, raw);
      if (line.length === 0) continue;
      for (const pattern of lean.lines) if (passesGate(pattern.gate, line) && pattern.regex.test(line)) return f;
    }
    return -1;
  }

  /** Set once parts were merged in: the state after the last part's lines, which the next part must continue. */
  private mergedEnd: { format: CompiledFormat | undefined; open: OpenState } | undefined;

  private get stateAtEnd(): { format: CompiledFormat | undefined; open: OpenState } {
    return this.mergedEnd ?? { format: this.current, open: this.open ? (this.ended ? 'ended' : 'open') : 'closed' };
  }

  /**
   * The scan of the lines so far, finished, as a part for another thread to merge. Call it instead of
   * `finishInput` on a scan of one range.
   */
  finishPart(firstLine: number, lineCount: number): ScanPart {
    const end = this.stateAtEnd;
    this.finishInput();
    const p = this.parts;
    return {
      firstLine,
      lineCount,
      count: this.count,
      startLine: this.startLine.done(),
      endLine: this.endLine.done(),
      startChar: this.startChar.done(),
      endChar: this.endChar.done(),
      format: this.format.done(),
      pattern: this.pattern.done(),
      level: this.level.done(),
      timeHas: p.has.done(),
      timeYear: p.year.done(),
      timeMonth: p.month.done(),
      timeDay: p.day.done(),
      timeClock: p.clock.done(),
      timeOffset: p.offset.done(),
      keyStart: this.keyStart.done(),
      keyOf: this.keyOf.done(),
      keyParent: this.keyParent.done(),
      keyKinds: this.keys.kinds,
      keyValues: this.keys.values,
      keyScopes: this.keys.scopes,
      sections: this.sections,
      folds: this.folds,
      notices: this.notices,
      declaredLayouts: this.declaredLayouts.length,
      endFormat: end.format ? this.formatNumber.get(end.format)! : -1,
      endOpen: end.open,
      facts: this.sink!.toPart(),
    };
  }

  /**
   * Whether a part scanned from a fresh start gives what this scan would give going on into the part's lines.
   * Nothing carries over a line break except an open entry, the format tried first and the columns a file
   * declared: the part holds when no columns were declared, an entry left open here is closed by an entry
   * starting on the part's first line, and (with several candidate formats) the part's first entry is in the
   * format this scan would try first.
   */
  continuesInto(part: ScanPart): boolean {
    if (this.declaredLayouts.length > 0 || part.declaredLayouts > 0) return false;
    const end = this.stateAtEnd;
    const startsOnFirstLine = part.count > 0 && part.startLine[0] === part.firstLine;
    if (end.open === 'open' && !startsOnFirstLine) return false;
    if (part.count > 0 && this.formats.length > 1 && end.format !== undefined && this.formats[part.format[0]!] !== end.format) return false;
    return true;
  }

  /** Merges a part that `continuesInto` accepted: its entries follow this scan's, its keys join this table. */
  absorb(part: ScanPart): void {
    const end = this.stateAtEnd;
    this.closeOpen();
    const offset = this.count;
    this.startLine.pushAll(part.startLine);
    this.endLine.pushAll(part.endLine);
    this.startChar.pushAll(part.startChar);
    this.endChar.pushAll(part.endChar);
    this.format.pushAll(part.format);
    this.pattern.pushAll(part.pattern);
    this.level.pushAll(part.level);
    const p = this.parts;
    p.has.pushAll(part.timeHas);
    p.year.pushAll(part.timeYear);
    p.month.pushAll(part.timeMonth);
    p.day.pushAll(part.timeDay);
    p.clock.pushAll(part.timeClock);
    p.offset.pushAll(part.timeOffset);
    // Keys first seen in the part are numbered after this table's, in the part's order: as one scan numbers them.
    const remap = new Int32Array(part.keyKinds.length);
    for (let k = 0; k < remap.length; k++) remap[k] = this.keys.intern(part.keyKinds[k]!, part.keyValues[k]!, part.keyScopes[k]!);
    this.keyStart.pushAll(part.keyStart, this.keyOf.length);
    for (let o = 0; o < part.keyOf.length; o++) {
      this.keyOf.push(remap[part.keyOf[o]!]!);
      const parent = part.keyParent[o]!;
      this.keyParent.push(parent < 0 ? -1 : remap[parent]!);
    }
    for (const section of part.sections) {
      const last = this.sections[this.sections.length - 1];
      // The part's first section goes on with this scan's last one (same format, see `continuesInto`).
      if (last && end.format !== undefined && section === part.sections[0] && last.formatId === section.formatId) last.endLine = Math.max(last.endLine, section.endLine);
      else this.sections.push({ ...section });
    }
    this.folds.push(...part.folds);
    if (!this.longLineNoticed && part.notices.length > 0) {
      this.longLineNoticed = true;
      this.notices.push(part.notices[0]!);
    }
    this.sink!.absorb(part.facts, offset);
    this.count += part.count;
    if (part.count > 0) {
      this.current = this.formats[part.endFormat];
      this.mergedEnd = { format: this.current, open: part.endOpen };
    } else this.mergedEnd = { format: end.format, open: 'closed' };
  }

  leanOf(formatNumber: number): LeanFormat {
    return this.leans[formatNumber]!;
  }

  pushLine(raw: string, i: number): void {
    this.mergedEnd = undefined;
    if (raw.length > MAX_MATCHED_LINE_LENGTH && !this.longLineNoticed) {
      this.longLineNoticed = true;
      this.notices.push(`Line ${i + 1} is ${raw.length} characters long: only its first ${MAX_MATCHED_LINE_LENGTH} characters were analysed.`);
    }
    if (this.open && !this.ended) {
      if (this.tryStart(this.openLean, raw, i)) return;
      if (this.tryContinue(raw, i)) return;
    }
    this.closeOpen();
    if (raw.length === 0) return;
    const current = this.current ? this.leans[this.formatNumber.get(this.current)!]! : undefined;
    if (current && this.tryStart(current, raw, i)) return;
    for (const lean of this.leans) {
      if (lean === current) continue;
      if (this.tryStart(lean, raw, i)) return;
    }
  }

  finishInput(): void {
    this.closeOpen();
    this.closeSection();
  }

  private tryContinue(raw: string, lineNo: number): boolean {
    const lean = this.openLean;
    const format = lean.format;
    if (this.openBody + 1 >= format.maxLines) return false;
    const line = prepareLine(format, raw);
    if (lean.multilineEnd && passesGate(lean.multilineEnd.gate, line)) {
      const end = lean.multilineEnd.regex.exec(line);
      if (end) {
        this.load(end, lean.multilineEnd.slots);
        this.extend(lineNo, line.length, undefined);
        this.ended = true;
        return true;
      }
    }
    if (line.length === 0) {
      this.pendingBlank++;
      return true;
    }
    if (format.continuation && !format.continuation.test(line)) return false;
    for (; this.pendingBlank > 0; this.pendingBlank--) this.extend(lineNo - this.pendingBlank, 0, '');
    this.extend(lineNo, line.length, line);
    return true;
  }

  private extend(lineNo: number, lineLength: number, bodyText: string | undefined): void {
    const index = this.entryIndex;
    this.endLine.data[index] = lineNo;
    this.endChar.data[index] = lineLength;
    this.openBody++;
    if (bodyText === undefined) return;
    if (this.message.length === 0 && this.messageLine === this.startLine.data[index]) {
      this.messageLine = lineNo;
      this.message = bodyText.slice(0, MAX_MESSAGE_LENGTH);
    } else if (this.message.length < MAX_MESSAGE_LENGTH) {
      this.message = (this.message + '\n' + bodyText).slice(0, MAX_MESSAGE_LENGTH);
    }
  }

  private tryStart(lean: LeanFormat, raw: string, lineNo: number): boolean {
    const format = lean.format;
    const line = prepareLine(format, raw);
    if (line.length === 0) return false;
    if (format.columns) this.readColumns(format, line, lineNo);
    const splitter = format.splitGlued;
    if (splitter) {
      splitter.lastIndex = 0;
      const first = splitter.exec(line);
      splitter.lastIndex = 0;
      if (first && (first.index > 0 || nextGluedStart(format, line) < line.length)) return this.startGlued(lean, line, first.index, lineNo);
    }
    const pattern = this.matchSegment(lean, line);
    if (pattern < 0) return false;
    this.accept(lean, line, lineNo, 0, pattern);
    return true;
  }

  private startGlued(lean: LeanFormat, line: string, firstIndex: number, lineNo: number): boolean {
    let matched = false;
    let start = firstIndex;
    while (start < line.length) {
      const rest = line.slice(start);
      const length = nextGluedStart(lean.format, rest);
      const segment = rest.slice(0, length).trimEnd();
      const pattern = this.matchSegment(lean, segment);
      if (pattern >= 0) {
        this.accept(lean, segment, lineNo, start, pattern);
        matched = true;
      }
      start += length;
    }
    return matched;
  }

  private readColumns(format: CompiledFormat, line: string, lineNo: number): void {
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
    const named = new RegExp(`^${fieldNames.map((f) => `(?<${f.name}>${value})`).join(separator)}$`, 'd');
    const timestamp = columns.timestamp.map((c) => fieldNames.find((f) => f.column === c)?.name).filter((n): n is string => !!n);
    const firstData = fieldNames.find((f) => f.column === columns.messageFrom) ?? fieldNames.find((f) => !columns.timestamp.includes(f.column));
    const messageFrom = firstData?.name ?? fieldNames[0]!.name;
    const layout: DeclaredColumns = {
      format,
      line: lineNo,
      pattern: leanPattern(named),
      named,
      timestampSlots: timestamp.map((n) => fieldSlots.slot(n)),
      timestampNames: timestamp,
      messageFromGroup: fieldNames.findIndex((f) => f.name === messageFrom) + 1,
      messageFromName: messageFrom,
      separatorLength: columns.separator.length,
    };
    this.declared.set(format.id, layout);
    this.declaredLayouts.push(layout);
  }

  /** The number of the first pattern that matches (the match is kept in `this.match`), -1 when none. */
  private matchSegment(lean: LeanFormat, text: string): number {
    const declared = this.declared.get(lean.format.id);
    if (declared) {
      this.match = declared.pattern.regex.exec(text);
      if (this.match) return DECLARED_PATTERN;
    }
    const lines = lean.lines;
    for (let k = 0; k < lines.length; k++) {
      const pattern = lines[k]!;
      if (!passesGate(pattern.gate, text)) continue;
      this.match = pattern.regex.exec(text);
      if (this.match) return k + 1;
    }
    this.match = null;
    return -1;
  }

  /** Field values of a match into the entry's buffer; the first value of a name wins, as in the parser. */
  private load(match: RegExpExecArray, slots: Int32Array): void {
    const values = this.values;
    for (let g = 1; g < match.length; g++) {
      const value = match[g];
      const slot = slots[g]!;
      if (value === undefined || slot < 0 || values[slot] !== undefined) continue;
      values[slot] = value;
      this.touched.push(slot);
    }
  }

  private accept(lean: LeanFormat, text: string, lineNo: number, offset: number, pattern: number): void {
    const match = this.match!;
    this.closeOpen();
    const format = lean.format;
    if (format !== this.current) {
      this.closeSection();
      this.current = format;
      this.sections.push({ formatId: format.id, family: format.family, startLine: lineNo, endLine: lineNo });
    }
    const index = this.count++;
    this.startLine.push(lineNo);
    this.endLine.push(lineNo);
    this.startChar.push(offset);
    this.endChar.push(offset + text.length);
    this.format.push(this.formatNumber.get(format)!);
    this.pattern.push(pattern);
    const values = this.values;
    for (const slot of this.touched) values[slot] = undefined;
    this.touched.length = 0;
    const declared = pattern === DECLARED_PATTERN ? this.declared.get(format.id)! : undefined;
    const linePattern = declared ? declared.pattern : lean.lines[pattern - 1]!;
    this.load(match, linePattern.slots);
    if (declared) this.declaredFields(declared, lean, match, text);
    this.entryIndex = index;
    this.entryLean = lean;
    this.rawLevel = values[lean.levelSlot];
    this.component = values[lean.componentSlot];
    const messageValue = values[lean.messageSlot];
    this.message = messageValue === undefined ? '' : messageValue.trim().slice(0, MAX_MESSAGE_LENGTH);
    this.messageLine = lineNo;
    this.patternLevel = linePattern.level !== undefined;
    this.level.push(LEVEL_CODE[levelOf(lean, this.rawLevel, linePattern.level)]);
    if (format.multiline) {
      this.open = true;
      this.openLean = lean;
      this.openBody = 0;
      this.pendingBlank = 0;
      this.ended = false;
    } else this.finish();
  }

  /** The time stamp joined from its columns and the message from its first column, as the parser builds them. */
  private declaredFields(declared: DeclaredColumns, lean: LeanFormat, match: RegExpExecArray, text: string): void {
    const values = this.values;
    if (values[lean.timeSlot] === undefined) {
      const parts = declared.timestampSlots.map((slot) => values[slot]).filter((v): v is string => v !== undefined);
      if (parts.length > 0) this.setValue(lean.timeSlot, parts.join(' '));
    }
    if (match[declared.messageFromGroup] !== undefined && values[lean.messageSlot] === undefined) {
      let start = 0;
      for (let g = 1; g < declared.messageFromGroup; g++) start += (match[g] ?? '').length + declared.separatorLength;
      this.setValue(lean.messageSlot, text.slice(start));
    }
  }

  private setValue(slot: number, value: string): void {
    this.values[slot] = value;
    this.touched.push(slot);
  }

  private closeOpen(): void {
    if (!this.open) return;
    this.open = false;
    const index = this.entryIndex;
    if (this.endLine.data[index]! > this.startLine.data[index]!) this.folds.push({ startLine: this.startLine.data[index]!, endLine: this.endLine.data[index]! });
    this.finish();
  }

  private closeSection(): void {
    const section = this.sections[this.sections.length - 1];
    if (section && this.count > 0) section.endLine = Math.max(section.endLine, this.endLine.data[this.count - 1]!);
  }

  private finish(): void {
    const index = this.entryIndex;
    const lean = this.entryLean;
    const format = lean.format;
    const values = this.values;
    const section = this.sections[this.sections.length - 1];
    if (section) section.endLine = Math.max(section.endLine, this.endLine.data[index]!);
    const message = this.message;
    if (lean.fieldPatterns.length > 0 && message.length > 0) {
      for (const text of message.split('\n')) {
        for (const pattern of lean.fieldPatterns) {
          if (!passesGate(pattern.gate, text)) continue;
          const match = pattern.regex.exec(text);
          if (match) this.load(match, pattern.slots);
        }
      }
    }
    this.pushTime(format, values[lean.timeSlot]);
    if (this.rawLevel === undefined) {
      const raw = values[lean.levelSlot];
      if (raw !== undefined) {
        this.rawLevel = raw;
        const level = LEVELS[this.level.data[index]!]!;
        this.level.data[index] = LEVEL_CODE[levelOf(lean, raw, level === format.defaultLevel ? undefined : level)];
      }
    }
    if (format.textLevels && !this.patternLevel && (this.rawLevel === undefined || mappedLevel(lean, this.rawLevel) === undefined)) {
      const byText = levelFromText(format, message);
      if (byText) this.level.data[index] = LEVEL_CODE[byText];
    }
    this.pushKeys(lean, values);
    this.sink?.entry(index, lean, message, values, this.component);
  }

  private pushTime(format: CompiledFormat, text: string | undefined): void {
    let parts: TimeParts | undefined;
    if (text && format.parseTime) {
      // Consecutive lines often carry the same time stamp text: parse it once.
      if (text === this.lastTimeText && format.parseTime === this.lastTimeParser) parts = this.lastTimeParts;
      else {
        parts = format.parseTime(text);
        this.lastTimeText = text;
        this.lastTimeParser = format.parseTime;
        this.lastTimeParts = parts;
      }
    }
    const p = this.parts;
    p.has.push(parts ? 1 : 0);
    p.year.push(parts?.year ?? 0);
    p.month.push(parts?.month ?? -1);
    p.day.push(parts?.day ?? -1);
    p.clock.push(parts ? parts.hour * 3600_000 + parts.minute * 60_000 + parts.second * 1000 + parts.millis : 0);
    p.offset.push(parts?.offsetMinutes ?? NO_OFFSET);
  }

  private pushKeys(lean: LeanFormat, values: ReadonlyArray<string | undefined>): void {
    this.keyStart.push(this.keyOf.length);
    for (let k = 0; k < lean.keys.length; k++) {
      const rule = lean.keys[k]!;
      let value = fillLean(rule.value, values);
      if (value === undefined || value === '' || rule.ignore.has(value)) continue;
      if (rule.symmetric) value = value.split(' <=> ').sort().join(' <=> ');
      const key = this.keys.intern(rule.kindId, value, lean.format.keys[k]!.scope);
      this.keyOf.push(key);
      // The parent comes from the format's rule for the kind (the last rule of that kind), as flows take it.
      const parentTemplate = lean.parentByKind.get(rule.kindId);
      let parent = -1;
      if (parentTemplate) {
        const parentValue = fillLean(parentTemplate, values);
        if (parentValue && parentValue !== value) parent = this.keys.intern(rule.kindId, parentValue, lean.format.keys[k]!.scope);
      }
      this.keyParent.push(parent);
    }
  }
}

/** Correlation keys interned: one number per distinct kind and value. */
export class KeyTable {
  /** By the id `kind:value`, and by kind then value (no id string built per occurrence). */
  private readonly byId = new Map<string, number>();
  private readonly byKind = new Map<string, Map<string, number>>();
  readonly kinds: string[] = [];
  readonly values: string[] = [];
  readonly scopes: Array<'file' | 'global'> = [];

  intern(kind: string, value: string, scope: 'file' | 'global'): number {
    let values = this.byKind.get(kind);
    if (!values) this.byKind.set(kind, (values = new Map()));
    let key = values.get(value);
    if (key !== undefined) return key;
    // Two kinds and values may still spell one id ('a:b' + 'c' and 'a' + 'b:c'): the first keeps it.
    const id = `${kind}:${value}`;
    key = this.byId.get(id);
    if (key === undefined) {
      key = this.kinds.length;
      this.byId.set(id, key);
      this.kinds.push(kind);
      this.values.push(value);
      this.scopes.push(scope);
    }
    values.set(value, key);
    return key;
  }

  id(key: number): string {
    return `${this.kinds[key]}:${this.values[key]}`;
  }
}

/** Level of a raw level text: the format's map, then its numeric ranges, else the pattern's or the default. */
export function levelOf(lean: LeanFormat, raw: string | undefined, fixed: Level | undefined): Level {
  if (raw !== undefined) {
    const mapped = mappedLevel(lean, raw);
    if (mapped) return mapped;
  }
  return fixed ?? lean.format.defaultLevel;
}

export function mappedLevel(lean: LeanFormat, raw: string): Level | undefined {
  let mapped = lean.levelCache.get(raw);
  if (mapped === undefined) {
    const format = lean.format;
    mapped = format.levelMap.get(raw.toLowerCase()) ?? null;
    if (!mapped && format.numericLevels.length > 0 && /^\d+$/.test(raw)) {
      const n = Number(raw);
      mapped = format.numericLevels.find((r) => n >= r.from && n <= r.to)?.level ?? null;
    }
    if (lean.levelCache.size < 4096) lean.levelCache.set(raw, mapped);
  }
  return mapped ?? undefined;
}

export type { Column };
export const NO_TIME_OFFSET = NO_OFFSET;
export { float64Column };
