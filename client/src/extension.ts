import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { NoticeNotification } from '../../shared/customMessages';
import { ANALYSED_LANGUAGES } from '../../shared/languages';
import { registerFlowCommands } from './flowCommands';
import { registerFormatStatus, type FormatStatus } from './formatStatus';
import { registerLargeFile } from './largeFile';
import { registerSummaryView, type SummaryView } from './summaryView';
import { loadUserRules } from './userRules';

let client: LanguageClient | undefined;

/** What `activate` returns: read by the editor tests through `extension.exports`. */
export interface LogSleuthApi {
  formatStatus: FormatStatus;
  summaryView: SummaryView;
  /** The folder of this extension host's logs (the tests read the host log for our warnings). */
  logUri: vscode.Uri;
}

export async function activate(context: vscode.ExtensionContext): Promise<LogSleuthApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ANALYSED_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
      { scheme: 'vscode-remote', language },
    ]),
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
  registerLargeFile(context, () => client);
  await client.start();
  context.subscriptions.push(await loadUserRules(client));
  const summaryView = registerSummaryView(context, client);
  return { formatStatus, summaryView, logUri: context.logUri };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
