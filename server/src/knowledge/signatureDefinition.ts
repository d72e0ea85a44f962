import type { FamilyId, Severity } from '../model/log';

/**
 * A failure signature as data (files in `signatures/`, checked against `signature.schema.json`). A signature
 * either matches single entries (`match`), optionally with conditions over other entries, or reports a flow
 * that never reached a state (`absence`).
 */
export interface SignatureFile {
  $schema?: string;
  signatures: SignatureDefinition[];
  /** Families of signatures written as one table (see `signatureTables.ts`); each row and direction is a signature. */
  tables?: SignatureTable[];
}

export interface SignatureTable {
  /** Ids are `<idPrefix>.<row name in kebab case>.<direction>`. */
  idPrefix: string;
  families: FamilyId[];
  formats?: string[];
  /** Per direction (e.g. `sent`, `received`): the message forms and the title and summary templates. */
  directions: Record<string, SignatureTableDirection>;
  rows: SignatureTableRow[];
  tools?: string[];
  references?: Array<{ title: string; url: string }>;
}

export interface SignatureTableDirection {
  title: string;
  summary: string;
  forms: Array<{
    /** Regex with `{{pattern}}` where the row's pattern goes. */
    message: string;
    /** Rows whose versions share none of these get no such form. */
    versions?: string[];
    /** Sample lines with `{{name}}`; each becomes a sample of every row's signature. */
    samples: SignatureSample[];
  }>;
  nearMisses?: SignatureSample[];
}

export interface SignatureTableRow {
  name: string;
  number: number;
  /** Protocol versions the value exists in, matched against the forms' `versions`. */
  versions: string[];
  /** Regex for every way the value is written (`v2N_X`, `X`, an abbreviation). */
  pattern: string;
  /** The name used in generated samples when it differs from `name`. */
  sampleName?: string;
  /** A daemon's abbreviation (strongSwan's `N(NO_PROP)`), used for `{{short}}` in samples. */
  shortName?: string;
  meaning: string;
  severity: Severity;
  tools?: string[];
  references?: Array<{ title: string; url: string }>;
  /** What it means, and what to do, per direction; a direction without a case gets no signature. */
  cases: Record<string, { severity?: Severity; cause: string; fix: string[]; tools?: string[]; samples?: SignatureSample[]; nearMisses?: SignatureSample[] }>;
}

export interface SignatureDefinition {
  /** Stable id, lowercase and dotted: `waas.sr.key-permission`, `pluto.ikev1.main-no-response`. The diagnostic code. */
  id: string;
  families: FamilyId[];
  /** Narrow to format ids inside the families. */
  formats?: string[];
  match?: EntryMatch;
  absence?: AbsenceRule;
  conditions?: Conditions;
  /** Ids of more generic signatures this one refines: on a line both report, only this finding is kept. */
  supersedes?: string[];
  severity: Severity;
  title: string;
  /** What happened, with `{name}` placeholders filled from the match's named groups or the entry's fields. */
  summary: string;
  /** Why it happens (markdown written by us; log values are never inserted here). */
  cause: string;
  /** Numbered fix steps (markdown; commands in backticks or fenced code blocks). */
  fix: string[];
  /** Tools to run next (pluto: which command for the state the negotiation stopped in). */
  tools?: string[];
  references?: Array<{ title: string; url: string }>;
  /** Must produce this finding. A string is one line; an object is a block with the line (0-based) expected. */
  samples: SignatureSample[];
  /** Must not produce this finding. */
  nearMisses?: SignatureSample[];
}

export type SignatureSample =
  | string
  | {
      lines: string[];
      /** 0-based line of `lines` where the finding must be. */
      line: number;
      /** Another open document of the same device, for `conditions.seenInOtherFile`. */
      peerLines?: string[];
      peerFileName?: string;
    };

export interface EntryMatch {
  /** Regex on the entry's message text. */
  message?: string;
  flags?: string;
  /** Report every match inside a multi-line entry (each row of a CLI table), not only the first (at most 100). */
  eachMatch?: boolean;
  /** Regexes on parsed fields (all must match). The pseudo-fields `level` and `component` are available. */
  fields?: Record<string, string>;
}

export interface Conditions {
  followedBy?: Relation;
  notFollowedBy?: Relation;
  precededBy?: Relation;
  /** The finding holds only when no such entry came before it. */
  notPrecededBy?: Relation;
  /** The finding needs at least this many matching entries in the scope (reported on the last of them). */
  minCount?: { count: number; scope: 'flow' | 'file' };
  /**
   * A validity window written on the line (a certificate's From/To): the finding holds only when the reference
   * time lies outside it. The reference is the entry's time, else the document's last time stamp, else now.
   */
  outsideWindow?: { from?: string; to?: string; formats: string[] };
  /** Report only the first match in a document (e.g. "tracing is on" for a whole trace file). */
  oncePerFile?: boolean;
  /** Corroborating evidence in another open document (same device: same host field or same family). */
  seenInOtherFile?: Relation & { families?: FamilyId[] };
}

export interface Relation {
  message: string;
  flags?: string;
  /** `flow`: an entry of the same flow; `file`: any entry of the document. Default `flow`. */
  scope?: 'flow' | 'file';
  withinMs?: number;
  /** Judge only the closest entry of the scope in that direction, not any of them. */
  nearest?: boolean;
  /** With scope `flow`: only the entry's flows of these key kinds (a TCP connection, not the whole conversation between two hosts). */
  flowKinds?: string[];
}

export interface AbsenceRule {
  /** Flows of these key kinds are checked. */
  flowKinds: string[];
  /** The flow must contain an entry matching this to count (e.g. it started a negotiation). */
  startedBy?: string;
  /** The finding is raised when no entry of the flow matches this. */
  missing: string;
  flags?: string;
  /** Only flows whose last entry is older than this, relative to the document's last time stamp, are judged. */
  graceMs?: number;
  /**
   * With graceMs: the grace applies only to flows whose last entry matches this (it says the daemon is still
   * waiting, e.g. a retransmission); a flow that ended otherwise is judged however close to the log's end.
   */
  pendingWhen?: string;
}
