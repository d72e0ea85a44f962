import { scoreFormats } from '../formats/detect';
import { regionFolds } from '../formats/parser';
import { builtInFormatRegistry, type CompiledFormat } from '../formats/registry';
import { builtInKnowledgeBase } from '../knowledge/knowledgeBase';
import type { ParseOptions } from '../formats/parser';
import type { FormatRegistry } from '../formats/registry';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { RuleSeverity } from '../knowledge/findingParts';
import type { Finding, LogEntry, ParsedLog, Section } from '../model/log';
import { EntryFacts } from './facts';
import { FindingMemo, indexFindings, type IndexPeer } from './findings';
import { outcomeKinds } from '../correlation/flows';
import { applyContainerOutcomes, ContainerMemo, FlowBuilder, STATUS_CODE } from './flowTable';
import { lineStarts, TextLines, type LineSource } from './lines';
import { LogIndex } from './logIndex';
import { Scanner, type ScanPart } from './scan';
import { TimeResolver } from './times';

/** Same limits as the parser: the first lines vote; small documents also try every other format. */
const DETECTION_LINES = 2000;
const SMALL_DOCUMENT_LINES = 20000;

export interface IndexOptions extends ParseOptions {
  uri?: string;
  version?: number;
  registry?: FormatRegistry;
  knowledge?: KnowledgeBase;
  severity?: Record<string, RuleSeverity>;
  /** Other documents, for conditions that look into them (`seenInOtherFile`). */
  peers?: () => IndexPeer[];
  /** Unlimited when undefined. */
  maxFindings?: number;
  levelFindings?: boolean;
  /** Findings for a report: messages, places and flows, without the values behind them (hover and fixes). */
  leanFindings?: boolean;
  /** Analysed once (a report): nothing is kept for an analysis of more lines. */
  once?: boolean;
}

/** The largest section: its format names the document. */
export function mainSection(sections: Section[]): Section | undefined {
  let best: Section | undefined;
  for (const section of sections) {
    if (!best || section.endLine - section.startLine > best.endLine - best.startLine) best = section;
  }
  return best;
}

export interface IndexedLog {
  index: LogIndex;
  findings: Finding[];
  capped: boolean;
  notices: string[];
}

/** The whole analysis of one text into a columnar index, its flows and its findings. */
export function indexText(text: string, options: IndexOptions = {}): IndexedLog {
  const lines = new TextLines(text, lineStarts(text));
  return scanAll(lines, options).index(lines);
}

/** A fresh scan with every line of `lines` pushed, ready for `index(lines)` (and for appends). */
export function scanAll(lines: LineSource, options: IndexOptions): LineIndexer {
  const indexer = new LineIndexer(options);
  for (let i = 0; i < lines.count; i++) indexer.pushLine(lines.line(i));
  return indexer;
}

/**
 * The analysis fed one line at a time, for every path: a text (`indexText`), a file read as a stream of lines
 * (`indexFile`), a live tail. The first lines are held until the formats are chosen (the first 2,000 vote; a
 * log of at most 20,000 lines also tries every other format), then every line goes through one `Scanner`.
 * `index(lines)` builds the index over the lines pushed so far; entries are annotated later from `lines`.
 */
export class LineIndexer {
  lineCount = 0;
  private held: string[] | undefined = [];
  private candidates: CompiledFormat[] = [];
  private facts: EntryFacts | undefined;
  private scan: Scanner | undefined;
  private times: TimeResolver | undefined;
  private flowBuilder: FlowBuilder | undefined;
  /** Entries annotated for one analysis, for the next: the entries of a continued scan do not change. */
  private annotations = new Map<number, LogEntry>();
  private readonly containers = new ContainerMemo();
  private findingMemo = new FindingMemo(-1);
  /** The formats were chosen by a vote that no further line can change (over 20,000 lines). */
  private settled = false;
  /** The last `index()` closed an entry that further lines could have continued. */
  private closedOpenEntry = false;
  private readonly registry;
  private readonly knowledge;

  constructor(private readonly options: IndexOptions = {}) {
    this.registry = options.registry ?? builtInFormatRegistry();
    this.knowledge = options.knowledge ?? builtInKnowledgeBase();
  }

  pushLine(line: string): void {
    const i = this.lineCount++;
    const held = this.held;
    if (held) {
      held.push(line);
      if (held.length > SMALL_DOCUMENT_LINES) this.start(false);
      return;
    }
    if (this.candidates.length > 0) this.scan!.pushLine(line, i);
  }

  /**
   * After `index()`, whether lines pushed next give the analysis of all the lines at once: the formats are
   * settled and no entry was left open. (A file must also have ended with a line break: the empty last line
   * is taken back, `takeBackLastLine`, and the appended lines take its place.)
   */
  get resumable(): boolean {
    return this.settled && !this.closedOpenEntry;
  }

  /**
   * The formats every further line is scanned in, once they are settled (more than 20,000 lines pushed) and a
   * scan of later lines from a fresh start can be merged (`absorb`): no format reads columns a file declares.
   */
  get splittableFormats(): string[] | undefined {
    if (!this.settled || this.candidates.some((f) => f.columns)) return undefined;
    return this.candidates.map((f) => f.id);
  }

  /** The format a fresh scan would start an entry in on this line (-1 none): where a log is best split. */
  formatStarting(line: string): number {
    return this.scan?.formatStarting(line) ?? -1;
  }

  /**
   * Takes in the scan of the lines that follow, made apart (`scanPart`) in the formats of `splittableFormats`.
   * False, and nothing taken, when that scan is not what this one would have made of those lines (an entry
   * left open here that the part's first line continues, say): the caller pushes the part's lines instead.
   */
  absorb(part: ScanPart): boolean {
    if (part.firstLine !== this.lineCount || this.held) throw new Error(`a part from line ${part.firstLine} cannot follow ${this.lineCount} lines`);
    const scan = this.scan!;
    if (this.candidates.length > 0) {
      if (!scan.continuesInto(part)) return false;
      scan.absorb(part);
    }
    this.lineCount += part.lineCount;
    return true;
  }

  /** After `absorb`, lines pushed next would not continue the last part's open entry. */
  get entryOpenAfterMerge(): boolean {
    return this.scan?.mergedEntryOpen ?? false;
  }

  /**
   * Chooses the formats now from the lines held (the first 2,000 vote, as always) and settles on them, as the
   * scan of a longer log does after 20,000 lines: the lines pushed next are scanned in those formats only.
   */
  settle(): void {
    if (this.held) this.start(false);
  }

  /** Forgets the last line pushed, which must have been empty and have changed nothing (see `resumable`). */
  takeBackLastLine(): void {
    this.lineCount--;
  }

  private start(complete: boolean): void {
    const lines = this.held!;
    this.held = undefined;
    const { registry, options } = this;
    if (options.formatId) {
      const forced = registry.byId.get(options.formatId);
      this.candidates = forced ? [forced] : [];
    } else {
      const voted = scoreFormats(registry, lines.length > DETECTION_LINES ? lines.slice(0, DETECTION_LINES) : lines, options.fileName).map((s) => s.format);
      this.candidates = complete && lines.length <= SMALL_DOCUMENT_LINES ? [...voted, ...registry.formats.filter((f) => !voted.includes(f))] : voted;
    }
    this.settled = !complete;
    this.facts = new EntryFacts(registry, this.knowledge, options.severity, this.candidates);
    this.scan = new Scanner(this.candidates, this.facts);
    this.facts.scan = this.scan;
    this.times = new TimeResolver(this.scan, options.referenceYear ?? new Date().getUTCFullYear());
    this.flowBuilder = new FlowBuilder(this.scan, this.facts);
    if (this.candidates.length > 0) for (let i = 0; i < lines.length; i++) this.scan.pushLine(lines[i]!, i);
  }

  /** The index, flows and findings of the lines pushed so far; `lines` reads them back for annotation. */
  index(lines: LineSource): IndexedLog {
    if (this.held) this.start(true);
    const { registry, knowledge, options, candidates } = this;
    const scan = this.scan!;
    const facts = this.facts!;
    this.closedOpenEntry = scan.entryOpen;
    if (candidates.length > 0) scan.finishInput();
    const { time, newestFirst, kept } = this.times!.resolve(scan.current?.def.order);
    if (!kept) this.annotations = new Map();
    // Copies of what further lines change, so an index stays as it was built while the scan goes on.
    const sections = scan.sections.map((section) => ({ ...section }));
    const folds = [...scan.folds];
    for (const section of sections) {
      const format = candidates.find((f) => f.id === section.formatId);
      if (format) folds.push(...regionFolds(format, section, (line) => lines.line(line)));
    }
    const index = new LogIndex(
      lines,
      candidates,
      scan.count,
      scan.startLine.done(),
      scan.endLine.done(),
      scan.startChar.done(),
      scan.endChar.done(),
      scan.format.done(),
      scan.pattern.done(),
      scan.level.done(),
      time,
      scan.keyStart.done(),
      scan.keyOf.done(),
      scan.keys,
      sections,
      folds,
      [...scan.notices],
      [...scan.declaredLayouts],
      options.once ? undefined : this.annotations,
    );
    index.newestFirst = newestFirst;
    index.facts = facts;
    const main = mainSection(sections);
    index.family = main?.family;
    index.formatId = main?.formatId;
    index.flows = this.flowBuilder!.build(time, kept, newestFirst);
    // Findings name their flows: flows numbered anew (new times, a newest-first log) make them all anew.
    if (this.findingMemo.epoch !== this.flowBuilder!.epoch) this.findingMemo = new FindingMemo(this.flowBuilder!.epoch);
    const { findings, capped } = indexFindings(index, {
      knowledge,
      severity: options.severity,
      peers: options.peers,
      maxFindings: options.maxFindings,
      levelFindings: options.levelFindings,
      lean: options.leanFindings,
      memo: options.once ? undefined : this.findingMemo,
    });
    const table = index.flows;
    for (const finding of findings) {
      if (!finding.flowId || finding.severity !== 'error') continue;
      // Most findings sit in their entry's own flow: the id of every flow is looked up only for the others.
      const own = index.primaryFlow(finding.entryIndex);
      const f = own >= 0 && !table.dropped.has(own) && index.flowId(own) === finding.flowId ? own : index.flowNumber(finding.flowId);
      if (f === undefined) continue;
      const status = table.status.data[f]!;
      if (status !== STATUS_CODE.failed && status !== STATUS_CODE.ok) {
        table.status.data[f] = STATUS_CODE.failed;
        table.outcomeText[f] = `failed: ${finding.message.split(':')[0]}`;
      }
    }
    // Connections without an outcome of their own take their security associations'.
    const kinds = outcomeKinds(registry);
    applyContainerOutcomes(table, (f) => index.flowKind(f), kinds.hasOwnOutcomes, kinds.groupOf, newestFirst, this.containers, this.flowBuilder!.epoch);
    const notices = [...scan.notices];
    if (capped) notices.push(`Only ${options.maxFindings ?? 10000} findings are shown, the errors first, then the most recent (logsleuth.maxFindings).`);
    return { index, findings, capped, notices };
  }
}

export interface PartOptions {
  registry?: FormatRegistry;
  knowledge?: KnowledgeBase;
  severity?: Record<string, RuleSeverity>;
}

/**
 * The scan of a range of a log's lines from a fresh start, in formats already chosen (`splittableFormats`),
 * for another scan to `absorb`. `lines` holds the range only; its first line is line `firstLine` of the log.
 */
export function scanPart(lines: LineSource, firstLine: number, lineCount: number, formatIds: string[], options: PartOptions = {}): ScanPart {
  const registry = options.registry ?? builtInFormatRegistry();
  const candidates = formatIds.map((id) => registry.byId.get(id)).filter((f): f is CompiledFormat => f !== undefined);
  const facts = new EntryFacts(registry, options.knowledge ?? builtInKnowledgeBase(), options.severity, candidates);
  const scan = new Scanner(candidates, facts);
  facts.scan = scan;
  for (let i = 0; i < lineCount; i++) scan.pushLine(lines.line(i), firstLine + i);
  return scan.finishPart(firstLine, lineCount);
}

/** Today's `ParsedLog` from the index: every entry and flow built (for features not yet on the index, and tests). */
export function toParsedLog(indexed: IndexedLog, options: { uri?: string; version?: number } = {}): ParsedLog {
  const { index } = indexed;
  const entries = [];
  for (let i = 0; i < index.entryCount; i++) entries.push(index.entry(i));
  const entryAtLine = new Int32Array(index.lineCount).fill(-1);
  for (let i = 0; i < index.entryCount; i++) {
    for (let line = index.startLine[i]!; line <= index.endLine[i]!; line++) if (entryAtLine[line] === -1) entryAtLine[line] = i;
  }
  return {
    uri: options.uri ?? 'untitled:log',
    version: options.version ?? 0,
    lineCount: index.lineCount,
    family: index.family,
    formatId: index.formatId,
    sections: index.sections,
    entries,
    entryAtLine,
    flows: index.flowMap(),
    findings: indexed.findings,
    folds: index.folds,
    newestFirst: index.newestFirst,
    notices: indexed.notices,
  };
}
