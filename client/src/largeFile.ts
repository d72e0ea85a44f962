/**
 * "Log Sleuth: Open Large Log...": the language server reads the file from disk in a streaming pass (the editor
 * does not sync files over 50 MB to extensions), findings go to the Problems panel for the file, and the
 * errors-only and flow-only views are virtual documents whose lines the server reads from disk on demand.
 * Runs by itself when the editor opens a log it refuses to sync. Live tail: the server watches the file.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  LargeChangedNotification,
  LargeFindingsRequest,
  LargeFlowsRequest,
  LargeOpenRequest,
  LargeProgressNotification,
  LargeViewRequest,
  type LargeLogSummary,
} from '../../shared/customMessages';

export const LARGE_SCHEME = 'logsleuth-large';
/** The editor stops syncing documents to extensions above this size. */
const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;
const LOG_NAME = /\.(log|txt|current|csv)$|errorlog|pluto|syslog|messages|trace|tfo_log/i;

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** `logsleuth-large:/<file name> (errors)?file=<uri>&view=errors|flow&flow=<id>` */
export function viewUri(file: vscode.Uri, view: 'errors' | 'flow', flowId?: string, label?: string): vscode.Uri {
  const name = `${path.basename(file.fsPath)} (${view === 'errors' ? 'errors' : `flow ${label ?? flowId}`})`;
  const query = new URLSearchParams({ file: file.toString(), view, ...(flowId ? { flow: flowId } : {}) });
  return vscode.Uri.from({ scheme: LARGE_SCHEME, path: `/${name.replace(/[\\/]/g, '_')}`, query: query.toString() });
}

class LargeViewProvider implements vscode.TextDocumentContentProvider {
  readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const client = this.client();
    if (!client) return 'Log Sleuth: the language server is not running.';
    const query = new URLSearchParams(uri.query);
    const result = await client.sendRequest(LargeViewRequest, {
      uri: query.get('file') ?? '',
      view: query.get('view') === 'flow' ? 'flow' : 'errors',
      flowId: query.get('flow') ?? undefined,
    });
    return result.text || result.notice || '';
  }
}

export function registerLargeFile(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('logsleuth-large');
  const provider = new LargeViewProvider(getClient);
  const open = new Map<string, LargeLogSummary>();
  const progress = new Map<string, (bytes: number, total: number) => void>();
  const offered = new Set<string>();
  let listening = false;

  const refreshFindings = async (client: LanguageClient, file: vscode.Uri) => {
    const findings = await client.sendRequest(LargeFindingsRequest, { uri: file.toString() });
    diagnostics.set(
      file,
      findings.map((f) => {
        const d = new vscode.Diagnostic(new vscode.Range(f.line, f.startChar, f.endLine, f.endChar), f.message, SEVERITY[f.severity] ?? vscode.DiagnosticSeverity.Information);
        d.code = f.rule;
        d.source = 'Log Sleuth';
        return d;
      }),
    );
  };

  const listen = (client: LanguageClient) => {
    if (listening) return;
    listening = true;
    client.onNotification(LargeProgressNotification, ({ uri, bytes, total }) => progress.get(uri)?.(bytes, total));
    client.onNotification(LargeChangedNotification, async (summary) => {
      open.set(summary.uri, summary);
      const file = vscode.Uri.parse(summary.uri);
      await refreshFindings(client, file);
      for (const document of vscode.workspace.textDocuments) {
        if (document.uri.scheme === LARGE_SCHEME && new URLSearchParams(document.uri.query).get('file') === summary.uri) provider.emitter.fire(document.uri);
      }
    });
  };

  /** Analyses the file and fills Problems; resolves to the summary (also for tests). */
  const openLarge = async (target?: vscode.Uri, options: { showView?: boolean } = {}): Promise<LargeLogSummary | undefined> => {
    const client = getClient();
    if (!client) {
      void vscode.window.showErrorMessage('Log Sleuth: the language server is not running.');
      return undefined;
    }
    listen(client);
    let file = target;
    if (!file) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Analyse', title: 'Open Large Log' });
      file = picked?.[0];
    }
    if (!file) return undefined;
    const uri = file.toString();
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Log Sleuth: analysing ${path.basename(file.fsPath)}`, cancellable: false },
      async (report) => {
        let last = 0;
        progress.set(uri, (bytes, total) => {
          const percent = Math.floor((bytes / Math.max(1, total)) * 100);
          report.report({ increment: percent - last, message: `${Math.round(bytes / 1e6)} of ${Math.round(total / 1e6)} MB` });
          last = percent;
        });
        try {
          return await client.sendRequest(LargeOpenRequest, { uri });
        } finally {
          progress.delete(uri);
        }
      },
    );
    open.set(uri, summary);
    await refreshFindings(client, file);
    const what = `${summary.formatId ?? 'unknown format'}: ${summary.lineCount.toLocaleString()} lines, ${summary.entries.toLocaleString()} entries, ${summary.flows.toLocaleString()} flows, ${summary.findings.toLocaleString()} findings in ${summary.seconds.toFixed(1)} s`;
    for (const notice of summary.notices) void vscode.window.showInformationMessage(`Log Sleuth: ${notice}`);
    if (options.showView !== false) {
      const document = await vscode.workspace.openTextDocument(viewUri(file, 'errors'));
      await vscode.window.showTextDocument(document, { preview: false });
      void vscode.window.showInformationMessage(`Log Sleuth: ${path.basename(file.fsPath)} (${what}). Findings are in Problems.`, 'Show a Flow...').then(async (choice) => {
        if (choice) await vscode.commands.executeCommand('logsleuth.largeFlow', file);
      });
    }
    return summary;
  };

  const showFlow = async (target?: vscode.Uri, flowId?: string) => {
    const client = getClient();
    const file = target ?? [...open.keys()].map((u) => vscode.Uri.parse(u)).pop();
    if (!client || !file) return;
    let id = flowId;
    let label: string | undefined;
    if (!id) {
      const flows = await client.sendRequest(LargeFlowsRequest, { uri: file.toString(), max: 2000 });
      const picked = await vscode.window.showQuickPick(
        flows.map((f) => ({ label: f.label, description: `${f.entries} entries${f.errors ? `, ${f.errors} errors` : ''}`, detail: f.outcome, id: f.id })),
        { placeHolder: 'Flow to show (failing flows first)', matchOnDescription: true },
      );
      if (!picked) return;
      id = picked.id;
      label = picked.label;
    }
    const document = await vscode.workspace.openTextDocument(viewUri(file, 'flow', id, label));
    await vscode.window.showTextDocument(document, { preview: false });
  };

  /** A log the editor refused to sync (over the limit): analyse it from disk once, by itself. */
  const checkTabs = async () => {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const input = tab?.input;
    if (!(input instanceof vscode.TabInputText) || input.uri.scheme !== 'file') return;
    const uri = input.uri.toString();
    if (offered.has(uri) || open.has(uri) || !LOG_NAME.test(input.uri.fsPath)) return;
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri)) return;
    try {
      const info = await stat(input.uri.fsPath);
      if (info.size < SYNC_LIMIT_BYTES) return;
    } catch {
      return;
    }
    offered.add(uri);
    await openLarge(input.uri);
  };

  context.subscriptions.push(
    diagnostics,
    vscode.workspace.registerTextDocumentContentProvider(LARGE_SCHEME, provider),
    vscode.commands.registerCommand('logsleuth.openLargeLog', (target?: vscode.Uri, options?: { showView?: boolean }) => openLarge(target, options)),
    vscode.commands.registerCommand('logsleuth.largeFlow', (target?: vscode.Uri, flowId?: string) => showFlow(target, flowId)),
    vscode.commands.registerCommand('logsleuth.largeErrors', async (target?: vscode.Uri) => {
      const file = target ?? [...open.keys()].map((u) => vscode.Uri.parse(u)).pop();
      if (file) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(viewUri(file, 'errors')), { preview: false });
    }),
    vscode.window.tabGroups.onDidChangeTabs(() => void checkTabs()),
  );
}
