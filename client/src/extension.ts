import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, vsdiag, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { NoticeNotification } from '../../shared/customMessages';
import { ANALYSED_LANGUAGES } from '../../shared/languages';
import { registerFlowCommands } from './flowCommands';
import { registerFormatStatus, type FormatStatus } from './formatStatus';
import { bySeverity, DiagnosticShards, EDITOR_DIAGNOSTICS_PER_COLLECTION } from './diagnosticShards';
import { LARGE_SCHEME, registerLargeFile, type LargeFiles } from './largeFile';
import { registerSummaryView, type SummaryView } from './summaryView';
import { loadUserRules } from './userRules';

let client: LanguageClient | undefined;

/** What `activate` returns: read by the editor tests through `extension.exports`. */
export interface LogSleuthApi {
  formatStatus: FormatStatus;
  summaryView: SummaryView;
  largeFiles: LargeFiles;
  /** How many diagnostics of a document each of our collections beyond the language client's holds. */
  overflowSizes(uri: vscode.Uri): number[];
  /** The folder of this extension host's logs (the tests read the host log for our warnings). */
  logUri: vscode.Uri;
}

export async function activate(context: vscode.ExtensionContext): Promise<LogSleuthApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  // Beyond the editor's 1,000 per collection, a document's diagnostics go to more collections (up to maxFindings).
  const overflow = new DiagnosticShards('logsleuth-more');
  context.subscriptions.push(overflow, vscode.workspace.onDidCloseTextDocument((d) => overflow.delete(d.uri)));
  const keepForClient = (uri: vscode.Uri, items: vscode.Diagnostic[]): vscode.Diagnostic[] => {
    // A large file's context document shows the streaming analysis's findings, not those of its excerpt.
    if (uri.scheme === LARGE_SCHEME) return [];
    if (items.length <= EDITOR_DIAGNOSTICS_PER_COLLECTION) {
      overflow.delete(uri);
      return items;
    }
    const sorted = bySeverity(items);
    overflow.set(uri, sorted.slice(EDITOR_DIAGNOSTICS_PER_COLLECTION));
    return sorted.slice(0, EDITOR_DIAGNOSTICS_PER_COLLECTION);
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ANALYSED_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
      { scheme: 'vscode-remote', language },
      { scheme: LARGE_SCHEME, language },
    ]),
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => next(uri, keepForClient(uri, diagnostics)),
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        if (!report || report.kind !== vsdiag.DocumentDiagnosticReportKind.full) return report;
        return { ...report, items: keepForClient(document instanceof vscode.Uri ? document : document.uri, report.items) };
      },
    },
    synchronize: { configurationSection: 'logsleuth' },
    outputChannelName: 'Log Sleuth',
    markdown: { isTrusted: false, supportHtml: false },
  };
  client = new LanguageClient('logsleuth', 'Log Sleuth', serverOptions, clientOptions);
  const formatStatus = registerFormatStatus(context, client);

  client.onNotification(NoticeNotification, ({ message, severity }) => {
    const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Log Sleuth: ${message}`);
  });

  registerFlowCommands(context, () => client);
  const largeFiles = registerLargeFile(context, () => client, (document, formatId) => formatStatus.forceFormat(document, formatId));
  await client.start();
  context.subscriptions.push(await loadUserRules(client));
  const summaryView = registerSummaryView(context, client, largeFiles);
  return { formatStatus, summaryView, largeFiles, overflowSizes: (uri) => overflow.sizes(uri), logUri: context.logUri };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
