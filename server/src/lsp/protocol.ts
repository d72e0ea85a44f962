/**
 * Custom messages between the Log Sleuth client and server, declared once and shared by both sides.
 * Everything is namespaced `logsleuth/`.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { FlowPosition, LogView } from '../service/features/flowViews';
import type { DocumentFormatInfo } from '../service/languageService';

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
