import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LogLanguageService } from '../service/languageService';
import type { LargeLogs } from './largeLogs';
import type { Logger } from './runSafe';

/**
 * What a feature module gets to register its handlers. In a module of its own so that the handlers and
 * `server.ts`, which imports them all, form no import circle.
 */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  service: LogLanguageService;
  notifyOnce(message: string, severity?: 'info' | 'warning' | 'error'): void;
  /** Logs, and tells requests to wait while a whole analysis runs in worker threads (see runSafe). */
  logger: Logger;
  /** Runs a feature on an open document of ours, or answers the fallback. */
  withDocument<T>(uri: string, fallback: T, run: (document: TextDocument) => T): T;
  /** The large logs read from disk ("Open Large Log..."), by file URI. */
  largeLogs: LargeLogs;
  /** Re-validates, refreshes lenses and re-announces every open log (after settings, rules or format change). */
  refreshAll(): void;
}
