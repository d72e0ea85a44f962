/**
 * The log model shared by every feature: a document is parsed once into entries, entries are grouped into
 * flows, and findings are attached to entries and flows. Nothing here knows about the editor or the protocol.
 * Lines and characters are 0-based, as in LSP; the CLI adds one when it prints.
 */

export type Level = 'error' | 'warning' | 'info' | 'debug' | 'unknown';

/** Families decide the language a document is switched to; formats are the concrete layouts inside a family. */
export type FamilyId = 'iag' | 'waas' | 'pluto' | 'nettrace' | 'eas' | 'winevent' | 'iis';

export interface TextSpan {
  line: number;
  start: number;
  end: number;
}

export interface Field extends TextSpan {
  value: string;
}

/** A value that ties entries of one conversation together, e.g. a WAAS `fl=2433` or a pluto state `#624`. */
export interface CorrelationKey {
  /** Key kind from the format definition, e.g. `waas.flow`, `tcp`, `pluto.state`. */
  kind: string;
  value: string;
  /** `file`: only meaningful inside one document (fl=N); `global`: comparable across files (a TCP 4-tuple). */
  scope: 'file' | 'global';
  /** Where the id is written, when it is written on the line (definition/references/highlight use it). */
  span?: TextSpan;
}

export interface LogEntry {
  index: number;
  formatId: string;
  startLine: number;
  /** Inclusive. */
  endLine: number;
  /** Start character on startLine (non-zero when several entries were glued on one physical line). */
  startChar: number;
  /** End character on endLine (exclusive). */
  endChar: number;
  /** Epoch milliseconds; undefined when the line carries no usable time. */
  time?: number;
  level: Level;
  rawLevel?: string;
  component?: string;
  pid?: string;
  thread?: string;
  /** The message text, with multi-line bodies joined by '\n'. */
  message: string;
  /** Where the message starts in the document. */
  messageSpan: TextSpan;
  fields: Record<string, Field>;
  keys: CorrelationKey[];
}

export type FlowStatus = 'ok' | 'failed' | 'open' | 'unknown';

export interface FlowOutcome {
  status: FlowStatus;
  /** Human text, e.g. "IPsec SA established in 1.2 s" or "failed: no response in STATE_MAIN_I1". */
  text: string;
}

export interface Flow {
  /** `${kind}:${value}`; unique within a document. */
  id: string;
  kind: string;
  /** Readable key, e.g. `fl=2433` or `"abc" #624`. */
  label: string;
  value: string;
  scope: 'file' | 'global';
  /** Entry indices in document order. */
  entries: number[];
  firstTime?: number;
  lastTime?: number;
  errorCount: number;
  warningCount: number;
  outcome: FlowOutcome;
  /** Parent flow id (a pluto IPsec SA's ISAKMP SA). */
  parent?: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedEntry {
  /** Undefined for the same document. */
  uri?: string;
  line: number;
  message: string;
}

export interface Finding {
  /** Stable rule id; the diagnostic code. */
  rule: string;
  severity: Severity;
  /** One-line message for the Problems panel (log text inside it is plain text, never markup). */
  message: string;
  line: number;
  startChar: number;
  endLine: number;
  endChar: number;
  entryIndex: number;
  flowId?: string;
  /** Values captured from the line, shown in the hover's "what happened". */
  values: Record<string, string>;
  related: RelatedEntry[];
  /** The same finding repeated in its flow (six retransmissions of one negotiation): reported once, here. */
  repeats?: FindingRepeats;
}

export interface FindingRepeats {
  /** How many times, this one included. */
  count: number;
  /** Lines (0-based) of the first and last occurrence, in time order. */
  firstLine: number;
  lastLine: number;
  /** Entries of every occurrence (at most a few hundred kept). */
  entryIndices: number[];
  /** The first occurrence's own message, before the count was added to it. */
  firstMessage: string;
}

/** A section of a document parsed with one format; a mixed document has several. */
export interface Section {
  formatId: string;
  family: FamilyId;
  startLine: number;
  /** Inclusive. */
  endLine: number;
}

export interface FoldingSpan {
  startLine: number;
  endLine: number;
  kind?: 'region' | 'comment';
}

export interface ParsedLog {
  uri: string;
  version: number;
  lineCount: number;
  /** The main family of the document (the largest section), or undefined when nothing was recognised. */
  family?: FamilyId;
  formatId?: string;
  sections: Section[];
  entries: LogEntry[];
  /** Entry index for each line that belongs to an entry, -1 otherwise (same length as the document). */
  entryAtLine: Int32Array;
  flows: Map<string, Flow>;
  findings: Finding[];
  /** Extra folds beyond multi-line entries, e.g. CLI output sections or trace detail trees. */
  folds: FoldingSpan[];
  /** True when timestamps run newest-first in the file. */
  newestFirst: boolean;
  /** Notices for the user, e.g. "result capped" or "line too long, matched the first 64 KiB". */
  notices: string[];
}

/** What a list of flows shows of each: no entry list. */
export interface FlowHead {
  id: string;
  kind: string;
  /** Its first entry in time order. */
  firstEntry: number;
  errorCount: number;
  status: FlowStatus;
}

/**
 * One analysed log as the features read it. Entries and flows are built when asked for (`entry(i)`,
 * `flow(id)`), so an analysis need not hold an object per entry; `ParsedLog` is the same analysis with every
 * entry and flow built (tests, reports).
 */
export interface LogAnalysis {
  readonly uri: string;
  readonly version: number;
  readonly lineCount: number;
  /** The main family of the document (the largest section), or undefined when nothing was recognised. */
  readonly family?: FamilyId;
  readonly formatId?: string;
  readonly sections: readonly Section[];
  readonly folds: readonly FoldingSpan[];
  readonly newestFirst: boolean;
  readonly notices: readonly string[];
  readonly findings: readonly Finding[];
  readonly entryCount: number;
  entry(index: number): LogEntry;
  /** Cheap columns of an entry, without building it. */
  levelOf(index: number): Level;
  timeOf(index: number): number | undefined;
  startLineOf(index: number): number;
  endLineOf(index: number): number;
  /** Where the entry ends on its last line. */
  endCharOf(index: number): number;
  formatIdOf(index: number): string;
  /** The entry's keys (without where they are written), without building it. */
  keysOf(index: number): readonly CorrelationKey[];
  /** The first entry on a line, -1 when the line belongs to none. */
  entryAtLine(line: number): number;
  readonly flowCount: number;
  flow(id: string): Flow | undefined;
  /** Every flow (in the order of flows()) as lists need it, without building its entry list. */
  flowHeads(): readonly FlowHead[];
  /** A flow's outcome status, without building the flow (undefined: no flow of that id). */
  flowStatus(id: string): FlowStatus | undefined;
  /** Every flow, in the order they were opened. */
  flows(): Iterable<Flow>;
  /** The findings of an entry (its repeats included), in report order. */
  findingsOfEntry(index: number): readonly Finding[];
}
