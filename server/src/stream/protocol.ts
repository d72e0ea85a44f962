/**
 * Messages of the large-file path ("Log Sleuth: Open Large Log..."), shared by client and server. The server
 * reads the file itself (the editor does not sync files over 50 MB to extensions), so requests name a file URI.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

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
export const LargeFindingsRequest = new RequestType<{ uri: string }, LargeFinding[], void>('logsleuth/largeFindings');
export const LargeFlowsRequest = new RequestType<{ uri: string; max?: number }, LargeFlowItem[], void>('logsleuth/largeFlows');
/** The lines of a view, read from disk on demand: `errors` (error and warning entries) or one flow. */
export const LargeViewRequest = new RequestType<{ uri: string; view: 'errors' | 'flow'; flowId?: string; maxLines?: number }, LargeViewResult, void>('logsleuth/largeView');
export const LargeCloseRequest = new RequestType<{ uri: string }, void, void>('logsleuth/largeClose');
/** Server → client: progress of the first pass (bytes read). */
export const LargeProgressNotification = new NotificationType<{ uri: string; bytes: number; total: number }>('logsleuth/largeProgress');
/** Server → client: the file grew and the appended part was analysed. */
export const LargeChangedNotification = new NotificationType<LargeLogSummary>('logsleuth/largeChanged');
