/**
 * Custom messages between the Log Sleuth client and server, declared once and imported by both sides (the
 * client never reaches into the server's code). Everything is namespaced `logsleuth/`. The types of what
 * travels are declared here too, so the server's features return exactly what the client reads.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** What a document was recognised as. */
export interface DocumentFormatInfo {
  uri: string;
  family?: string;
  formatId?: string;
  languageId?: string;
  title?: string;
  entries: number;
  flows: number;
  forced: boolean;
}

/** The flow of the entry under the cursor and the entry's place in it. */
export interface FlowPosition {
  flowId: string;
  label: string;
  /** 1-based position of the entry in the flow's time order. */
  index: number;
  total: number;
  outcome: string;
}

export interface ViewLink {
  /** Line in the view. */
  line: number;
  /** Characters of the view line that form the link (its line-number prefix). */
  length: number;
  uri: string;
  sourceLine: number;
}

/** A read-only text made of log lines, each linked back to its source line. */
export interface LogView {
  content: string;
  links: ViewLink[];
}

export type DocumentFormatParams = DocumentFormatInfo;
export type FlowPositionResult = FlowPosition;
export type LogViewResult = LogView;

/** Server → client after each analysis: what the document was recognised as. */
export const DocumentFormatNotification = new NotificationType<DocumentFormatParams>('logsleuth/documentFormat');

/** Server → client: a one-time notice (results capped, rules rejected, line too long). */
export const NoticeNotification = new NotificationType<{ message: string; severity: 'info' | 'warning' | 'error' }>('logsleuth/notice');

export interface FormatListItem {
  id: string;
  family: string;
  title: string;
  languageId: string;
}
export const ListFormatsRequest = new RequestType0<FormatListItem[], void>('logsleuth/listFormats');

/** Client → server: force a format for a document; `formatId` undefined returns to detection. */
export const SetFormatRequest = new RequestType<{ uri: string; formatId?: string }, DocumentFormatParams | null, void>('logsleuth/setFormat');

/** Client → server: user rule files the client read (the server never reads untrusted workspaces itself). */
export interface RuleFileContent {
  path: string;
  text: string;
}
export const SetRulesRequest = new RequestType<{ files: RuleFileContent[] }, { loaded: number; errors: string[] }, void>('logsleuth/setRules');

interface PositionParams {
  uri: string;
  position: { line: number; character: number };
  flowId?: string;
}
/** Client → server: the flow of the entry under the cursor and its position in it (status bar). */
export const FlowAtRequest = new RequestType<PositionParams, FlowPositionResult | null, void>('logsleuth/flowAt');
/** Client → server: where the next or previous entry of the cursor's flow is. */
export const StepInFlowRequest = new RequestType<PositionParams & { direction: 1 | -1 }, { line: number; character: number; position: FlowPositionResult } | null, void>('logsleuth/stepInFlow');

/** Client → server: a read-only view of one flow or of the errors only. */
export const ViewRequest = new RequestType<{ kind: 'flow' | 'errors'; uri: string; position?: { line: number; character: number }; flowId?: string }, LogViewResult | null, void>('logsleuth/view');
/** Client → server: several logs interleaved by time. */
export const MergeRequest = new RequestType<{ sources: Array<{ uri: string; label: string; offsetMs: number }> }, LogViewResult, void>('logsleuth/merge');

/** One row of the "Log Sleuth" summary view; `line` (0-based) is where a click goes. */
export interface SummaryItem {
  kind: 'rule' | 'finding' | 'status' | 'outcome' | 'flow' | 'more';
  label: string;
  description?: string;
  tooltip?: string;
  severity?: 'error' | 'warning' | 'info';
  status?: 'ok' | 'failed' | 'open' | 'unknown';
  line?: number;
  children?: SummaryItem[];
}

/** A log summed up: findings grouped by rule with counts, flows grouped by outcome. */
export interface LogSummary {
  uri: string;
  formatId?: string;
  findingCount: number;
  flowCount: number;
  findings: SummaryItem[];
  flows: SummaryItem[];
}

/** Client → server: the summary of an open log (the "Log Sleuth" view). */
export const SummaryRequest = new RequestType<{ uri: string }, LogSummary | null, void>('logsleuth/summary');

// The large-file path ("Log Sleuth: Open Large Log..."). The server reads the file itself (the editor does
// not sync files over 50 MB to extensions), so these requests name a file URI.

export interface LargeLogSummary {
  uri: string;
  bytes: number;
  lineCount: number;
  entries: number;
  flows: number;
  findings: number;
  formatId?: string;
  family?: string;
  encoding: string;
  notices: string[];
  capped: boolean;
  seconds: number;
}

export interface LargeFinding {
  line: number;
  startChar: number;
  endLine: number;
  endChar: number;
  severity: 'error' | 'warning' | 'info';
  rule: string;
  message: string;
  flowId?: string;
}

export interface LargeFlowItem {
  id: string;
  label: string;
  status: string;
  outcome: string;
  entries: number;
  errors: number;
}

export interface LargeViewResult {
  text: string;
  /** Source line (0-based) of each line of `text`. */
  lines: number[];
  notice?: string;
}

/** Client → server: analyse a file on disk in a streaming pass and keep its index; watch it for growth. */
export const LargeOpenRequest = new RequestType<{ uri: string }, LargeLogSummary, void>('logsleuth/largeOpen');
/**
 * The lines around every finding, with their source line numbers: the client lays them out at their own line
 * numbers (blank between), so a finding of a large file opens at its line with its neighbours and full hovers.
 */
export const LargeContextRequest = new RequestType<{ uri: string; context?: number }, LargeViewResult & { lineCount: number; formatId?: string }, void>('logsleuth/largeContext');
export const LargeFindingsRequest = new RequestType<{ uri: string }, LargeFinding[], void>('logsleuth/largeFindings');
export const LargeFlowsRequest = new RequestType<{ uri: string; max?: number }, LargeFlowItem[], void>('logsleuth/largeFlows');
/** The lines of a view, read from disk on demand: `errors` (error and warning entries) or one flow. */
export const LargeViewRequest = new RequestType<{ uri: string; view: 'errors' | 'flow'; flowId?: string; maxLines?: number }, LargeViewResult, void>('logsleuth/largeView');
export const LargeCloseRequest = new RequestType<{ uri: string }, void, void>('logsleuth/largeClose');
/** Server → client: progress of the first pass (bytes read). */
export const LargeProgressNotification = new NotificationType<{ uri: string; bytes: number; total: number; lines: number; seconds: number }>('logsleuth/largeProgress');
/** Server → client: the file grew and the appended part was analysed. */
export const LargeChangedNotification = new NotificationType<LargeLogSummary>('logsleuth/largeChanged');
