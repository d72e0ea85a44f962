/**
 * The whole analysis of a log read as a stream: bytes → lines → the engine's parser (one line at a time) → in
 * segments of finished entries, the engine's own time inference, flows and signature matcher. Entries are
 * dropped once their segment is analysed; what stays is a compact index: the byte offset of every line, the line
 * range and level of every entry, flows (entry numbers, merged across segments) and findings. Views of a large
 * file (errors only, one flow) read their lines back from disk through the offsets.
 *
 * A file whose entries fit in one segment gets exactly the in-memory analysis. Beyond, sequence conditions
 * (followedBy, notFollowedBy, precededBy, minCount, absence) see the entries of their own segment only, and
 * time stamps without a date are inferred per segment; the result says so in a notice.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { buildFlows, containerOutcomes, formatDuration, outcomeKinds } from '../correlation/flows';
import { scoreFormats } from '../formats/detect';
import { DocumentParser } from '../formats/parser';
import { builtInFormatRegistry, type CompiledFormat, type FormatRegistry } from '../formats/registry';
import type { TimeParts } from '../formats/timeParser';
import { builtInKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledgeBase';
import { matchFindings, type RuleSeverity } from '../knowledge/matcher';
import { mainSection } from '../service/analyze';
import type { Encoding } from '../service/decode';
import type { FamilyId, Finding, Flow, Level, LogEntry, Section } from '../model/log';
import { ByteLineSplitter } from '../engine/byteLines';

/** Same limits as `parseDocument`: the first lines vote; small documents also try every other format. */
const DETECTION_LINES = 2000;
const SMALL_DOCUMENT_LINES = 20000;
/** Entries analysed together; bounds memory and the cost of the matcher's sequence conditions. */
export const DEFAULT_SEGMENT_ENTRIES = 20000;
const LEVEL_CODE: Record<Level, number> = { error: 1, warning: 2, info: 3, debug: 4, unknown: 0 };
export const LEVEL_OF_CODE: Level[] = ['unknown', 'error', 'warning', 'info', 'debug'];

export interface StreamOptions {
  fileName?: string;
  formatId?: string;
  registry?: FormatRegistry;
  knowledge?: KnowledgeBase;
  severity?: Record<string, RuleSeverity>;
  maxFindings?: number;
  levelFindings?: boolean;
  referenceYear?: number;
  segmentEntries?: number;
}

type EntryTime = { parts?: TimeParts; zone: 'utc' | 'local' };

/** The parser's private state the stream needs to take finished entries out as it goes. */
interface ParserInternals {
  open?: { entry: LogEntry };
  times: EntryTime[];
  current?: CompiledFormat;
}

type NumberArray = Int32Array | Float64Array | Uint8Array;

/** An append-only typed array that doubles when full: the compact index keeps numbers, not objects. */
class Growable<T extends NumberArray> {
  length = 0;
  constructor(
    public data: T,
    private readonly allocate: (size: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.allocate(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

export interface StreamResult {
  lineCount: number;
  family?: FamilyId;
  formatId?: string;
  sections: Section[];
  entryCount: number;
  flows: Map<string, Flow>;
  findings: Finding[];
  notices: string[];
  capped: boolean;
  newestFirst: boolean;
  encoding: Encoding;
  binary: boolean;
}

export class StreamAnalyzer {
  readonly registry: FormatRegistry;
  readonly knowledge: KnowledgeBase;
  /** Byte offset where each line starts (file mode), filled by `writeBytes`. */
  readonly lineOffsets = new Growable(new Float64Array(4096), (n) => new Float64Array(n));
  readonly entryStart = new Growable(new Int32Array(1024), (n) => new Int32Array(n));
  readonly entryEnd = new Growable(new Int32Array(1024), (n) => new Int32Array(n));
  readonly entryLevel = new Growable(new Uint8Array(1024), (n) => new Uint8Array(n));
  readonly flows = new Map<string, Flow>();
  readonly findings: Finding[] = [];
  private capped = false;
  private segments = 0;
  private newestFirst = false;
  private parser: DocumentParser | undefined;
  private buffered: string[] = [];
  private segment: LogEntry[] = [];
  private segmentTimes: EntryTime[] = [];
  private lineNo = 0;
  private nextIndex = 0;
  private splitter: ByteLineSplitter | undefined;
  private readonly max: number;
  private readonly segmentSize: number;
  private finished = false;
  private lastLineEmpty = false;

  constructor(private readonly options: StreamOptions = {}) {
    this.registry = options.registry ?? builtInFormatRegistry();
    this.knowledge = options.knowledge ?? builtInKnowledgeBase();
    this.max = options.maxFindings ?? 10000;
    this.segmentSize = options.segmentEntries ?? DEFAULT_SEGMENT_ENTRIES;
  }

  get lineCount(): number {
    return this.lineNo + this.buffered.length;
  }

  get entryCount(): number {
    return this.nextIndex;
  }

  get encoding(): Encoding {
    return this.splitter?.encoding ?? 'utf-8';
  }

  get binary(): boolean {
    return this.splitter?.binary ?? false;
  }

  /** File bytes in order; chunk boundaries may fall anywhere. */
  writeBytes(chunk: Uint8Array): void {
    this.splitter ??= new ByteLineSplitter((lines, offsets) => {
      for (const offset of offsets) this.lineOffsets.push(offset);
      this.pushLines(lines);
    });
    this.splitter.write(chunk);
  }

  /** Complete lines in order (text mode). */
  pushLines(lines: readonly string[]): void {
    if (!this.parser) {
      for (const line of lines) this.buffered.push(line);
      if (lines.length > 0) this.lastLineEmpty = lines[lines.length - 1] === '';
      if (this.buffered.length > SMALL_DOCUMENT_LINES) this.startParser(false);
      return;
    }
    const parser = this.parser;
    for (let i = 0; i < lines.length; i++) parser.pushLine(lines[i]!, this.lineNo++);
    if (lines.length > 0) this.lastLineEmpty = lines[lines.length - 1] === '';
    this.drain(false);
  }

  private startParser(complete: boolean): void {
    const lines = this.buffered;
    let candidates: CompiledFormat[];
    if (this.options.formatId) {
      const forced = this.registry.byId.get(this.options.formatId);
      candidates = forced ? [forced] : [];
    } else {
      const scores = scoreFormats(this.registry, lines.length > DETECTION_LINES ? lines.slice(0, DETECTION_LINES) : lines, this.options.fileName);
      const voted = scores.map((s) => s.format);
      candidates = complete && lines.length <= SMALL_DOCUMENT_LINES ? [...voted, ...this.registry.formats.filter((f) => !voted.includes(f))] : voted;
    }
    this.parser = new DocumentParser([], candidates);
    this.buffered = [];
    if (candidates.length === 0) {
      this.lineNo += lines.length;
      return;
    }
    this.pushLines(lines);
  }

  /** Moves every finished entry into the current segment (the one still open may take more lines). */
  private drain(all: boolean): void {
    const parser = this.parser!;
    const internals = parser as unknown as ParserInternals;
    const entries = parser.entries;
    let n = entries.length;
    if (!all && internals.open && entries[n - 1] === internals.open.entry) n--;
    if (n <= 0) return;
    for (let i = 0; i < n; i++) {
      this.segment.push(entries[i]!);
      this.segmentTimes.push(internals.times[i]!);
    }
    entries.splice(0, n);
    internals.times.splice(0, n);
    // The parser addresses an entry's time by its index when it finishes the entry: keep the open one in step.
    for (let i = 0; i < entries.length; i++) entries[i]!.index = i;
    parser.folds.length = 0;
    if (this.segment.length >= this.segmentSize) this.analyseSegment();
  }

  /** The engine's time inference, flows and matcher on one segment; results merged into the index. */
  private analyseSegment(): void {
    const entries = this.segment;
    const times = this.segmentTimes;
    this.segment = [];
    this.segmentTimes = [];
    if (entries.length === 0) return;
    const base = this.nextIndex;
    entries.forEach((entry, i) => (entry.index = i));
    const internals = this.parser as unknown as ParserInternals;
    const timing = Object.create(DocumentParser.prototype) as DocumentParser;
    Object.assign(timing, { entries, times, current: internals.current });
    const newestFirst = timing.resolveTimes(this.options.referenceYear ?? new Date().getUTCFullYear());
    if (newestFirst) this.newestFirst = true;
    const registry = this.registry;
    const flows = buildFlows(entries, registry, newestFirst);
    const { findings, capped } = matchFindings(
      { entries, flows, newestFirst },
      { registry, knowledge: this.knowledge, severity: this.options.severity, maxFindings: this.max, levelFindings: this.options.levelFindings },
    );
    for (const finding of findings) {
      const flow = finding.flowId ? flows.get(finding.flowId) : undefined;
      if (flow && finding.severity === 'error' && flow.outcome.status !== 'failed' && flow.outcome.status !== 'ok') {
        flow.outcome = { status: 'failed', text: `failed: ${finding.message.split(':')[0]}` };
      }
    }
    if (capped) this.capped = true;
    for (const finding of findings) {
      if (this.findings.length >= this.max) {
        this.capped = true;
        break;
      }
      finding.entryIndex += base;
      this.findings.push(finding);
    }
    for (const flow of flows.values()) this.mergeFlow(flow, base);
    for (const entry of entries) {
      this.entryStart.push(entry.startLine);
      this.entryEnd.push(entry.endLine);
      this.entryLevel.push(LEVEL_CODE[entry.level]);
    }
    this.nextIndex += entries.length;
    this.segments++;
  }

  private mergeFlow(flow: Flow, base: number): void {
    const global = this.flows.get(flow.id);
    if (!global) {
      for (let i = 0; i < flow.entries.length; i++) flow.entries[i]! += base;
      this.flows.set(flow.id, flow);
      return;
    }
    for (const index of flow.entries) global.entries.push(index + base);
    global.errorCount += flow.errorCount;
    global.warningCount += flow.warningCount;
    global.firstTime ??= flow.firstTime;
    if (flow.lastTime !== undefined) global.lastTime = flow.lastTime;
    global.parent ??= flow.parent;
    const decided = (status: string) => status === 'ok' || status === 'failed';
    if (decided(flow.outcome.status) || !decided(global.outcome.status)) {
      // An outcome's duration spans the whole flow, not the part in this segment.
      const span = (f: Flow) => (f.firstTime !== undefined && f.lastTime !== undefined ? Math.abs(f.lastTime - f.firstTime) : 0);
      const localSuffix = span(flow) > 0 ? ` in ${formatDuration(span(flow))}` : '';
      let text = flow.outcome.text;
      if (localSuffix && text.endsWith(localSuffix)) text = `${text.slice(0, -localSuffix.length)} in ${formatDuration(span(global))}`;
      global.outcome = { status: flow.outcome.status, text };
    }
  }

  /** Ends the input (the rest of the bytes is the last line) and reports the analysis as it stands. */
  finish(): StreamResult {
    if (this.splitter) this.splitter.end();
    this.finished = true;
    if (!this.parser) this.startParser(true);
    if (this.parser!.candidates.length > 0) {
      this.parser!.finishInput();
      this.drain(true);
    }
    this.analyseSegment();
    return this.result();
  }

  /**
   * Continues after `finish()` with bytes appended to the file (live tail). The empty last line a final line
   * break left is taken back so the appended lines get their real numbers; a last line without a line break
   * stays as it was analysed (appended bytes start a new line).
   */
  resume(): void {
    if (!this.finished) return;
    this.finished = false;
    if (this.lastLineEmpty && this.lineNo > 0) {
      this.lineNo--;
      if (this.lineOffsets.length > this.lineNo) this.lineOffsets.length = this.lineNo;
    }
  }

  /** Analyses what has been read so far (the entry still open waits), for the live tail. */
  checkpoint(): StreamResult {
    if (this.parser) this.drain(false);
    this.analyseSegment();
    return this.result();
  }

  /** The analysis so far (entries still waiting in a segment are not in it yet). */
  result(): StreamResult {
    const sections = this.parser?.sections ?? [];
    const main = mainSection(sections);
    const notices = [...(this.parser?.notices ?? [])];
    if (this.capped) notices.push(`Only the first ${this.max} findings are shown (logsleuth.maxFindings).`);
    if (this.segments > 1) {
      notices.push(`Large log: sequence rules (followed by, not followed by, counts, missing outcomes) were checked within blocks of ${this.segmentSize} entries.`);
    }
    if (this.newestFirst) notices.push('Parts of this log run newest-first: flows were built per block.');
    if (this.splitter?.replaced) notices.push(`invalid ${this.splitter.encoding} byte sequences were replaced by U+FFFD`);
    return {
      lineCount: this.lineCount,
      family: main?.family,
      formatId: main?.formatId,
      sections,
      entryCount: this.nextIndex,
      flows: this.withContainerOutcomes(),
      findings: this.findings,
      notices,
      capped: this.capped,
      newestFirst: this.newestFirst,
      encoding: this.encoding,
      binary: this.binary,
    };
  }

  /**
   * Connections take their security associations' outcomes over the whole log so far (as the in-memory analysis
   * does); copies, so the merged flows keep their own outcome for the next segment.
   */
  private withContainerOutcomes(): Map<string, Flow> {
    const list = [...this.flows.values()];
    const kinds = outcomeKinds(this.registry);
    const views = list.map((f) => ({ kind: f.kind, entries: f.entries, status: f.outcome.status, text: f.outcome.text }));
    const updates = containerOutcomes(views, kinds.hasOwnOutcomes, kinds.groupOf, this.newestFirst);
    if (updates.size === 0) return this.flows;
    const flows = new Map(this.flows);
    for (const [i, outcome] of updates) flows.set(list[i]!.id, { ...list[i]!, outcome });
    return flows;
  }

  /** Byte range [start, end) of lines from..to (inclusive) of a file read with `writeBytes`. */
  byteRange(from: number, to: number, fileSize: number): [number, number] {
    const offsets = this.lineOffsets;
    const start = from < offsets.length ? offsets.data[from]! : fileSize;
    const end = to + 1 < offsets.length ? offsets.data[to + 1]! : fileSize;
    return [start, end];
  }
}

/** Streams a file through a new analyzer. `onProgress` gets the bytes read so far. */
/** Thrown by `analyzeFile` when its `cancelled` callback says so. */
export class AnalysisCancelled extends Error {
  constructor(path: string) {
    super(`the analysis of ${path} was cancelled`);
  }
}

export async function analyzeFile(
  path: string,
  options: StreamOptions = {},
  onProgress?: (bytes: number, lines: number) => void,
  cancelled?: () => boolean,
): Promise<{ analyzer: StreamAnalyzer; result: StreamResult; bytes: number }> {
  const analyzer = new StreamAnalyzer({ fileName: path, ...options });
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    if (cancelled?.()) throw new AnalysisCancelled(path);
    analyzer.writeBytes(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onProgress?.(bytes, analyzer.lineCount);
    if (bytes >= 1 << 16 && analyzer.binary) break;
  }
  return { analyzer, result: analyzer.finish(), bytes };
}

/** Reads lines from..to (inclusive) of an analysed file back from disk. */
export async function readFileLines(path: string, analyzer: StreamAnalyzer, from: number, to: number): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const [start, end] = analyzer.byteRange(from, to, size);
    const length = Math.max(0, end - start);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, start);
    const text = new TextDecoder(analyzer.encoding, { fatal: false, ignoreBOM: true }).decode(buffer);
    const lines = text.split(/\r\n|\r|\n/);
    if (lines.length > to - from + 1) lines.length = to - from + 1;
    return lines;
  } finally {
    await handle.close();
  }
}
