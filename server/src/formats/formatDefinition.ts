import type { FamilyId, Level } from '../model/log';

/**
 * A log format as data (one JSON file per format in `definitions/`, checked against `format.schema.json`).
 * Regular expressions are JavaScript source strings (no `(?i)`: use `flags`). Named groups become fields.
 */
export interface FormatDefinition {
  $schema?: string;
  id: string;
  family: FamilyId;
  title: string;
  description?: string;
  /** File-name globs (`*` and `?`, case-insensitive) used only as tie-breakers in detection. */
  fileNames?: string[];
  /**
   * Higher wins when two formats match the same line equally (e.g. a WAAS syslog line also matches a generic
   * syslog-prefixed pattern). Default 0.
   */
  priority?: number;
  /** Lines that start an entry. The first pattern that matches wins; its named groups become fields. */
  lines: LinePattern[];
  /**
   * Physical lines may hold several entries glued together (text copied from web pages and mail). Each
   * match of this unanchored regex starts a new entry; text before the first match is ignored.
   */
  splitGlued?: string;
  /** Literal markers replaced by spaces before matching (offsets stay right), e.g. wiki bold `'''`. */
  ignoreMarkers?: string[];
  /** Lines that do not start an entry are appended to the current entry (bodies, XML, detail trees). */
  multiline?: MultilineRule;
  timestamp?: TimestampRule;
  level?: LevelRule;
  /**
   * Level words of the message itself, for lines that carry no level field (charon, console transcripts, packet
   * summaries). Applied only when the level does not come from a field or a line pattern.
   */
  levelFromText?: LevelFromTextRule;
  /** Field holding the message; its span is the message span. Default `message`. */
  messageField?: string;
  /** How a level finding names its entry: the first template whose placeholders all have values is used. */
  levelSummary?: string[];
  componentField?: string;
  threadField?: string;
  pidField?: string;
  /** Extra regexes run on the message (every line of a multi-line body); named groups become fields. */
  fieldPatterns?: FieldPattern[];
  keys?: KeyRule[];
  /** Request/response pairs inside a conversation (HTTP in a TCP connection), as flows of their own. */
  exchanges?: ExchangeRule[];
  outcomes?: OutcomeRule[];
  /**
   * Column layouts declared by the file itself (W3C `#Fields:`): each directive line defines the columns of the
   * lines after it, which then parse with a pattern built from it before the fixed `lines`.
   */
  columns?: ColumnRule;
  /** Foldable sections beyond multi-line entries, e.g. a CLI command and its output. */
  sections?: SectionRule[];
  /** Entries in this format are ordered newest first when true; 'detect' compares time stamps. Default 'detect'. */
  order?: 'oldest-first' | 'newest-first' | 'detect';
  samples: FormatSample[];
}

export interface LinePattern {
  name: string;
  regex: string;
  flags?: string;
  /** Fixed level for lines of this pattern when the line carries none (e.g. pluto `| ` debug lines). */
  level?: Level;
  /** How strongly a match of this pattern votes for the format in detection (default 1). */
  weight?: number;
}

export interface MultilineRule {
  /** Lines matching this regex end the current entry (and belong to it), e.g. IAG `* at line N, file "x"`. */
  end?: string;
  /** Named groups of the end line become fields too. */
  endFlags?: string;
  /** Only lines matching this regex continue an entry (default: any line that does not start an entry). */
  continuation?: string;
  /** An entry never grows beyond this many lines (default 500): protects against unterminated entries. */
  maxLines?: number;
}

export interface TimestampRule {
  /** Field holding the time stamp text. Default `timestamp`. */
  field?: string;
  /**
   * strptime-like formats tried in order: %Y %y %m %d %e %b %a %H %M %S %L (milliseconds) %f (fraction of any
   * length) %z (+hh:mm or Z) %p (AM/PM) %I (12-hour) and literal text. Missing year or date is inferred.
   */
  formats: string[];
  /** Time zone of time stamps without an offset: 'local' or 'utc' (default 'utc', which keeps results stable). */
  zone?: 'utc' | 'local';
}

export interface LevelRule {
  /** Field holding the level text. Default `level`. */
  field?: string;
  /** Level name to the raw values that mean it (compared case-insensitively). */
  map: Partial<Record<Level, string[]>>;
  /** For numeric severities (syslog 0-7): inclusive ranges. */
  numeric?: Array<{ from: number; to: number; level: Level }>;
  /** Level when the field is missing or not mapped. Default 'info'. */
  default?: Level;
}

export interface LevelFromTextRule {
  /** Tried first: look-alikes that are normal (an `ERROR` at start-up, `errno 2` at teardown) keep the default level. */
  benign?: string[];
  error?: string[];
  warning?: string[];
  /** Flags for every list, e.g. `i`. */
  flags?: string;
}

export interface FieldPattern {
  regex: string;
  flags?: string;
}

export interface KeyRule {
  /** Key kind, namespaced by family: `waas.flow`, `tcp`, `pluto.state`. */
  kind: string;
  /** Template over field names, e.g. `{flow}` or `{src}:{sport} <=> {dst}:{dport}`; all fields must be present. */
  value: string;
  /** Readable label template, defaults to the value. */
  label?: string;
  scope: 'file' | 'global';
  /** Values that mean "no key" (e.g. AGID `0x0`). */
  ignore?: string[];
  /** Template naming the parent key value of the same kind (a pluto IPsec SA's ISAKMP SA). */
  parent?: string;
  /** The same value after this much silence is a new flow (thread ids are reused). */
  maxGapMs?: number;
  /** Group in the outline: sessions, connections, security associations, ... */
  group?: string;
  /** Show a code lens above this flow kind's first entry (default true). */
  lens?: boolean;
  /** The value names two ends `a <=> b`: sort them, so both directions of a conversation share one flow. */
  symmetric?: boolean;
  /**
   * Patterns that find this key written inside a message (`{using isakmp#35}`, `to replace #31`): their named
   * groups fill the value template. Navigation reads them; they never make an entry a member of the flow.
   */
  mentions?: string[];
}

export interface ColumnRule {
  /** Regex of the directive line; its `names` group holds the column names. */
  directive: string;
  /** Separator between column names and between values (default one space). */
  separator?: string;
  /** Column name to field name (`sc-status` → `status`); other columns get a sanitized name. */
  fields?: Record<string, string>;
  /** Columns joined with a space into the `timestamp` field (`date`, `time`). */
  timestamp?: string[];
  /** The message runs from this column (when the file has it) to the end of the line. */
  messageFrom?: string;
}

export interface ExchangeRule {
  /** Kind of the derived flows, e.g. `http.exchange`. */
  kind: string;
  /** Key kind of the conversation the exchanges happen in, e.g. `tcp` or `ip`. */
  within: string;
  /** Regex on the message of the entry that opens an exchange (the request). */
  start: string;
  /** Regex on the messages that belong to the open exchange (the response, payload frames). */
  member: string;
  flags?: string;
  /** Label template over the opening entry's fields, e.g. `{method} {url}`. */
  label?: string;
  group?: string;
}

export interface OutcomeRule {
  /** Key kinds this outcome applies to; empty means every kind. */
  kinds?: string[];
  /** Regex on the message. */
  match: string;
  flags?: string;
  status: 'ok' | 'failed';
  /** Outcome text, may use fields of the matching entry: `IPsec SA established`. */
  text: string;
}

export interface SectionRule {
  /** A line matching this starts a foldable section that ends before the next start (or the next entry). */
  start: string;
  flags?: string;
  /** Optional regex of a line that ends the section (inclusive). */
  end?: string;
}

export interface FormatSample {
  /** One physical line or several (a multi-line entry). */
  line?: string;
  lines?: string[];
  /** Fields the first entry of the sample must have (values compared as strings); `level` checks the level. */
  expect?: Record<string, string>;
}
