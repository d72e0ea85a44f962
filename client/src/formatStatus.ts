/**
 * What a document was recognised as: the status bar item, switching a Log/Plain Text document to its family's
 * language, and "Log Sleuth: Set Log Format" (force a format, or go back to detection).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentFormatNotification, ListFormatsRequest, SetFormatRequest, type DocumentFormatParams, type FormatListItem } from '../../shared/customMessages';
import { ANALYSED_LANGUAGES, FAMILY_LANGUAGES } from '../../shared/languages';
import { globMatches } from './glob';

/** True when the user mapped this file to a language themselves; we then never switch it. */
function hasFileAssociation(uri: vscode.Uri): boolean {
  // files.associations is window-scoped: read without a resource (with one, the editor logs a warning).
  const associations = vscode.workspace.getConfiguration('files').get<Record<string, string>>('associations') ?? {};
  const name = path.basename(uri.path);
  return Object.keys(associations).some((pattern) => globMatches(pattern, uri.path) || globMatches(pattern, name));
}

/** The status bar text: the language indicator beside it already names the family, so the format is named once. */
export function formatStatusText(info: DocumentFormatParams, languageId: string): string {
  if (!info.formatId) return '$(question) unknown log format';
  const set = info.forced ? ' (set)' : '';
  if (languageId === info.languageId) return `$(search) ${info.entries.toLocaleString('en-US')} entries${set}`;
  return `$(search) ${info.formatId}${set}`;
}

export interface FormatStatus {
  /** The status bar text for the active editor (tests read it). */
  text(): string | undefined;
  /** The format info last received for a document. */
  info(uri: vscode.Uri): DocumentFormatParams | undefined;
  /** Reads the document with this format and switches it to the format's language. */
  forceFormat(document: vscode.TextDocument, formatId: string): Promise<DocumentFormatParams | undefined>;
}

export function registerFormatStatus(context: vscode.ExtensionContext, client: LanguageClient): FormatStatus {
  const status = vscode.window.createStatusBarItem('logsleuth.format', vscode.StatusBarAlignment.Right, 100);
  status.name = 'Log Sleuth format';
  status.command = 'logsleuth.setFormat';
  const formats = new Map<string, DocumentFormatParams>();
  let shown = false;
  /** The language a document had before a forced format switched it: detection gives it back. */
  const languageBeforeForcing = new Map<string, string>();

  const update = () => {
    const editor = vscode.window.activeTextEditor;
    const info = editor ? formats.get(editor.document.uri.toString()) : undefined;
    void vscode.commands.executeCommand('setContext', 'logsleuth.isLog', editor !== undefined && FAMILY_LANGUAGES.includes(editor.document.languageId));
    if (!editor || !ANALYSED_LANGUAGES.includes(editor.document.languageId) || !info) {
      status.hide();
      shown = false;
      return;
    }
    status.text = formatStatusText(info, editor.document.languageId);
    status.tooltip = info.formatId
      ? `Log Sleuth: ${info.title ?? info.formatId}${info.forced ? ' (set by you)' : ''}, ${info.entries} entries, ${info.flows} flows. Click to set the format.`
      : 'Log Sleuth did not recognise this log format: no findings are reported. Click to set the format.';
    status.show();
    shown = true;
  };

  const switchLanguage = async (document: vscode.TextDocument, languageId: string) => {
    if (document.languageId === languageId) return document;
    return vscode.languages.setTextDocumentLanguage(document, languageId);
  };

  client.onNotification(DocumentFormatNotification, async (info) => {
    formats.set(info.uri, info);
    update();
    if (!info.languageId || info.forced) return;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === info.uri);
    if (!document || (document.languageId !== 'log' && document.languageId !== 'plaintext')) return;
    if (!vscode.workspace.getConfiguration('logsleuth', document.uri).get<boolean>('autoSwitchLanguage', true)) return;
    if (hasFileAssociation(document.uri)) return;
    await switchLanguage(document, info.languageId);
  });

  let formatList: Promise<FormatListItem[]> | undefined;
  const languageOfFormat = async (formatId: string) => {
    formatList ??= Promise.resolve(client.sendRequest(ListFormatsRequest));
    return (await formatList).find((f) => f.id === formatId)?.languageId;
  };

  /** Forces `formatId` on the document (undefined: detect again); switches the language to match. */
  const setFormat = async (document: vscode.TextDocument, formatId: string | undefined, languageId?: string): Promise<DocumentFormatParams | undefined> => {
    const uri = document.uri.toString();
    if (formatId && !languageBeforeForcing.has(uri)) languageBeforeForcing.set(uri, document.languageId);
    const info = (await client.sendRequest(SetFormatRequest, { uri, formatId })) ?? undefined;
    if (info) formats.set(uri, info);
    // The server answers null for a document it has not been sent yet: the format's own language then.
    const target = formatId ? (languageId ?? info?.languageId ?? (await languageOfFormat(formatId))) : (info?.languageId ?? languageBeforeForcing.get(uri));
    if (!formatId) languageBeforeForcing.delete(uri);
    if (target) await switchLanguage(document, target);
    update();
    return info;
  };

  context.subscriptions.push(
    status,
    vscode.window.onDidChangeActiveTextEditor(update),
    // A language switch reopens the document under its new language: the context key follows it.
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidCloseTextDocument((d) => languageBeforeForcing.delete(d.uri.toString())),
    // With an argument (a format id, or null for detection) the command runs without asking: for keybindings and tests.
    vscode.commands.registerCommand('logsleuth.setFormat', async (formatArgument?: string | null) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      if (formatArgument !== undefined) return setFormat(editor.document, formatArgument ?? undefined);
      const list = await client.sendRequest(ListFormatsRequest);
      const items: Array<vscode.QuickPickItem & { id?: string; languageId?: string }> = [
        { label: '$(sync) Detect automatically', id: undefined },
        ...list.map((f) => ({ label: f.title, description: f.id, detail: f.family, id: f.id, languageId: f.languageId })),
      ];
      const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Log format for this document' });
      if (!picked) return undefined;
      return setFormat(editor.document, picked.id, picked.languageId);
    }),
  );

  return {
    text: () => (shown ? status.text : undefined),
    info: (uri) => formats.get(uri.toString()),
    forceFormat: (document, formatId) => setFormat(document, formatId),
  };
}
