import * as path from 'node:path';
import * as vscode from 'vscode';
import { globMatches } from './glob';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DocumentFormatNotification, ListFormatsRequest, NoticeNotification, SetFormatRequest, type DocumentFormatParams } from '../../shared/customMessages';
import { registerFlowCommands } from './flowCommands';
import { registerLargeFile } from './largeFile';
import { loadUserRules } from './userRules';

import { ANALYSED_LANGUAGES, FAMILY_LANGUAGES as OUR_LANGUAGES } from '../../shared/languages';

let client: LanguageClient | undefined;

/** True when the user mapped this file to a language themselves; we then never switch it. */
function hasFileAssociation(uri: vscode.Uri): boolean {
  const associations = vscode.workspace.getConfiguration('files', uri).get<Record<string, string>>('associations') ?? {};
  const name = path.basename(uri.path);
  return Object.keys(associations).some((pattern) => globMatches(pattern, uri.path) || globMatches(pattern, name));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
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

  const status = vscode.window.createStatusBarItem('logsleuth.format', vscode.StatusBarAlignment.Right, 100);
  status.name = 'Log Sleuth format';
  status.command = 'logsleuth.setFormat';
  context.subscriptions.push(status);
  const formats = new Map<string, DocumentFormatParams>();

  const updateStatus = () => {
    const editor = vscode.window.activeTextEditor;
    const info = editor ? formats.get(editor.document.uri.toString()) : undefined;
    void vscode.commands.executeCommand('setContext', 'logsleuth.isLog', editor !== undefined && OUR_LANGUAGES.includes(editor.document.languageId));
    if (!editor || !ANALYSED_LANGUAGES.includes(editor.document.languageId) || !info) {
      status.hide();
      return;
    }
    status.text = info.formatId ? `$(search) ${info.formatId}${info.forced ? ' (set)' : ''}` : '$(question) unknown log format';
    status.tooltip = info.formatId
      ? `Log Sleuth: ${info.title ?? info.formatId}, ${info.entries} entries, ${info.flows} flows. Click to set the format.`
      : 'Log Sleuth did not recognise this log format: no findings are reported. Click to set the format.';
    status.show();
  };

  client.onNotification(DocumentFormatNotification, async (info) => {
    formats.set(info.uri, info);
    updateStatus();
    if (!info.languageId) return;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === info.uri);
    if (!document || (document.languageId !== 'log' && document.languageId !== 'plaintext')) return;
    if (!vscode.workspace.getConfiguration('logsleuth', document.uri).get<boolean>('autoSwitchLanguage', true)) return;
    if (hasFileAssociation(document.uri)) return;
    await vscode.languages.setTextDocumentLanguage(document, info.languageId);
  });

  client.onNotification(NoticeNotification, ({ message, severity }) => {
    const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Log Sleuth: ${message}`);
  });

  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.commands.registerCommand('logsleuth.setFormat', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) return;
      const list = await client.sendRequest(ListFormatsRequest);
      const items: Array<vscode.QuickPickItem & { id?: string; languageId?: string }> = [
        { label: '$(sync) Detect automatically', id: undefined },
        ...list.map((f) => ({ label: f.title, description: f.id, detail: f.family, id: f.id, languageId: f.languageId })),
      ];
      const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Log format for this document' });
      if (!picked) return;
      const uri = editor.document.uri.toString();
      const info = await client.sendRequest(SetFormatRequest, { uri, formatId: picked.id });
      if (info) formats.set(uri, info);
      if (picked.languageId && editor.document.languageId !== picked.languageId) {
        await vscode.languages.setTextDocumentLanguage(editor.document, picked.languageId);
      }
      updateStatus();
    }),
  );

  registerFlowCommands(context, () => client);
  registerLargeFile(context, () => client);
  await client.start();
  context.subscriptions.push(await loadUserRules(client));
  updateStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
