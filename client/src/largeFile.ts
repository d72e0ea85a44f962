/**
 * "Log Sleuth: Open Large Log...": the language server reads the file from disk in a streaming pass (the editor
 * does not sync files over 50 MB to extensions) while a cancellable notification and the status bar show lines
 * read and speed. Findings go to Problems on a context document: the file's own line numbers, with the lines
 * around each finding filled in (the rest blank), read-only and analysed like any log, so a click on a finding
 * opens at its line with its neighbours and full hovers. The errors-only and flow-only views are virtual
 * documents whose line numbers link to that context. Runs by itself when the editor opens a log it refuses to
 * sync. Live tail: the server watches the file.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  LargeChangedNotification,
  LargeContextRequest,
  LargeFindingsRequest,
  LargeFlowsRequest,
  LargeOpenRequest,
  LargeProgressNotification,
  LargeViewRequest,
  type LargeFinding,
  type LargeLogSummary,
} from '../../shared/customMessages';
import { DiagnosticShards } from './diagnosticShards';

export const LARGE_SCHEME = 'logsleuth-large';
/** The editor stops syncing documents to extensions above this size. */
const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;
const LOG_NAME = /\.(log|txt|current|csv)$|errorlog|pluto|syslog|messages|trace|tfo_log/i;

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

type View = 'errors' | 'flow' | 'context';

/** `logsleuth-large:/<file name> (errors)?file=<uri>&view=errors|flow|context&flow=<id>` */
export function viewUri(file: vscode.Uri, view: View, flowId?: string, label?: string): vscode.Uri {
  const base = path.basename(file.fsPath);
  const name = view === 'context' ? base : `${base} (${view === 'errors' ? 'errors' : `flow ${label ?? flowId}`})`;
  const query = new URLSearchParams({ file: file.toString(), view, ...(flowId ? { flow: flowId } : {}) });
  return vscode.Uri.from({ scheme: LARGE_SCHEME, path: `/${name.replace(/[\\/]/g, '_')}`, query: query.toString() });
}

function fileOf(uri: vscode.Uri): string {
  return new URLSearchParams(uri.query).get('file') ?? '';
}

function viewOf(uri: vscode.Uri): View {
  const view = new URLSearchParams(uri.query).get('view');
  return view === 'flow' || view === 'context' ? view : 'errors';
}

const mb = (bytes: number) => bytes / 1e6;

/** "1,234,567 lines · 37 of 120 MB · 41.2 MB/s" */
export function progressText(lines: number, bytes: number, total: number, seconds: number): string {
  const rate = seconds > 0 ? mb(bytes) / seconds : 0;
  return `${lines.toLocaleString('en-US')} lines · ${Math.round(mb(bytes))} of ${Math.round(mb(total))} MB · ${rate.toFixed(1)} MB/s`;
}

class LargeViewProvider implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  /** Source line of each line of an errors or flow view. */
  private readonly sourceLines = new Map<string, number[]>();
  /** Source lines present in a file's context document. */
  private readonly contextLines = new Map<string, Set<number>>();
  readonly formatOf = new Map<string, string | undefined>();

  constructor(private readonly client: () => LanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const client = this.client();
    if (!client) return 'Log Sleuth: the language server is not running.';
    const file = fileOf(uri);
    const view = viewOf(uri);
    if (view === 'context') {
      const context = await client.sendRequest(LargeContextRequest, { uri: file });
      this.contextLines.set(file, new Set(context.lines));
      this.formatOf.set(file, context.formatId);
      return layOut(context.lines, context.text.split('\n'), context.lineCount);
    }
    const query = new URLSearchParams(uri.query);
    const result = await client.sendRequest(LargeViewRequest, { uri: file, view, flowId: query.get('flow') ?? undefined });
    this.sourceLines.set(uri.toString(), result.lines);
    return result.text || result.notice || '';
  }

  /** The line numbers of a view link to the same line in the file's context document. */
  async provideDocumentLinks(document: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    if (viewOf(document.uri) === 'context') return [];
    const source = this.sourceLines.get(document.uri.toString()) ?? [];
    const file = fileOf(document.uri);
    const target = viewUri(vscode.Uri.parse(file), 'context');
    if (!this.contextLines.has(file)) await this.provideTextDocumentContent(target);
    const present = this.contextLines.get(file) ?? new Set<number>();
    const links: vscode.DocumentLink[] = [];
    source.forEach((line, i) => {
      if (line < 0 || i >= document.lineCount || !present.has(line)) return;
      const prefix = /^\s*\d+/.exec(document.lineAt(i).text)?.[0].length ?? 0;
      if (prefix === 0) return;
      const link = new vscode.DocumentLink(new vscode.Range(i, 0, i, prefix), target.with({ fragment: `L${line + 1}` }));
      link.tooltip = `Line ${line + 1} of ${path.basename(vscode.Uri.parse(file).fsPath)}, with the lines around it`;
      links.push(link);
    });
    return links;
  }
}

/** Puts each line at its own line number; the lines between stay blank. */
function layOut(source: number[], lines: string[], lineCount: number): string {
  const parts: string[] = [];
  let at = 0;
  source.forEach((line, i) => {
    if (line > at) parts.push('\n'.repeat(line - at));
    parts.push(lines[i] ?? '');
    at = line;
  });
  if (lineCount - 1 > at) parts.push('\n'.repeat(lineCount - 1 - at));
  return parts.join('');
}

export interface LargeFiles {
  /** The last progress text shown for an analysis (tests). */
  lastProgress(): string | undefined;
  /** How many diagnostics each collection holds for a file's context document, or for the file itself (tests). */
  diagnosticSizes(file: vscode.Uri): number[];
  contextUri(file: vscode.Uri): vscode.Uri;
  /** The large log a URI stands for: the file itself or one of its views; undefined when it is none of them. */
  largeLogOf(uri: vscode.Uri): vscode.Uri | undefined;
}

/** The file's own editor tab is open while the editor does not sync it (over its limit, "Open Anyway"). */
function shownUnsynced(file: vscode.Uri): boolean {
  const uri = file.toString();
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri)) return false;
  return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri));
}

export function registerLargeFile(
  context: vscode.ExtensionContext,
  getClient: () => LanguageClient | undefined,
  forceFormat: (document: vscode.TextDocument, formatId: string) => Promise<unknown>,
): LargeFiles {
  const diagnostics = new DiagnosticShards('logsleuth-large');
  const provider = new LargeViewProvider(getClient);
  const open = new Map<string, LargeLogSummary>();
  const progress = new Map<string, (bytes: number, total: number, lines: number, seconds: number) => void>();
  const offered = new Set<string>();
  const status = vscode.window.createStatusBarItem('logsleuth.largeProgress', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Log Sleuth large log';
  let listening = false;
  let lastProgress: string | undefined;

  /** The findings of each large log, and where they are shown: the context document or the file itself. */
  const findingsOf = new Map<string, LargeFinding[]>();
  const shownOn = new Map<string, string>();

  /**
   * Problems gets a large log's findings on its context document (a click opens the lines around the finding,
   * with full hovers), or, while the file's own tab is open but not synced ("Open Anyway"), on the file: its
   * squiggles show there, each with a link to the same line in the context document.
   */
  const publish = (file: vscode.Uri, force = false) => {
    const findings = findingsOf.get(file.toString());
    if (!findings) return;
    const context = viewUri(file, 'context');
    const onFile = shownUnsynced(file);
    const target = onFile ? file : context;
    if (!force && shownOn.get(file.toString()) === target.toString()) return;
    diagnostics.delete(onFile ? context : file);
    diagnostics.set(
      target,
      findings.map((f) => {
        const range = new vscode.Range(f.line, f.startChar, f.endLine, f.endChar);
        const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity] ?? vscode.DiagnosticSeverity.Information);
        d.code = f.rule;
        d.source = 'Log Sleuth';
        if (onFile) d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(context, range), 'this line with the lines around it and the full explanation (read-only)')];
        return d;
      }),
    );
    shownOn.set(file.toString(), target.toString());
  };

  const refreshFindings = async (client: LanguageClient, file: vscode.Uri) => {
    findingsOf.set(file.toString(), await client.sendRequest(LargeFindingsRequest, { uri: file.toString() }));
    publish(file, true);
  };

  const listen = (client: LanguageClient) => {
    if (listening) return;
    listening = true;
    client.onNotification(LargeProgressNotification, ({ uri, bytes, total, lines, seconds }) => progress.get(uri)?.(bytes, total, lines, seconds));
    client.onNotification(LargeChangedNotification, async (summary) => {
      open.set(summary.uri, summary);
      const file = vscode.Uri.parse(summary.uri);
      await refreshFindings(client, file);
      for (const document of vscode.workspace.textDocuments) {
        if (document.uri.scheme === LARGE_SCHEME && fileOf(document.uri) === summary.uri) provider.emitter.fire(document.uri);
      }
    });
  };

  /** Analyses the file and fills Problems; resolves to the summary (also for tests), undefined when cancelled. */
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
    const name = path.basename(file.fsPath);
    status.text = `$(sync~spin) ${name}: starting`;
    status.tooltip = `Log Sleuth is analysing ${file.fsPath}`;
    status.show();
    let summary: LargeLogSummary;
    try {
      summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Log Sleuth: analysing ${name}`, cancellable: true },
        async (report, token) => {
          let last = 0;
          progress.set(uri, (bytes, total, lines, seconds) => {
            const percent = Math.floor((bytes / Math.max(1, total)) * 100);
            const text = progressText(lines, bytes, total, seconds);
            report.report({ increment: percent - last, message: text });
            lastProgress = text;
            last = percent;
            status.text = `$(sync~spin) ${name} ${percent}% · ${text}`;
          });
          try {
            return await client.sendRequest(LargeOpenRequest, { uri }, token);
          } finally {
            progress.delete(uri);
          }
        },
      );
    } catch (error) {
      if (error instanceof vscode.CancellationError || (error as { code?: number }).code === -32800) {
        void vscode.window.showInformationMessage(`Log Sleuth: the analysis of ${name} was cancelled.`);
        return undefined;
      }
      throw error;
    } finally {
      status.hide();
    }
    open.set(uri, summary);
    await refreshFindings(client, file);
    const rate = summary.seconds > 0 ? mb(summary.bytes) / summary.seconds : 0;
    const what = `${summary.formatId ?? 'unknown format'}: ${summary.lineCount.toLocaleString('en-US')} lines, ${summary.entries.toLocaleString('en-US')} entries, ${summary.flows.toLocaleString('en-US')} flows, ${summary.findings.toLocaleString('en-US')} findings in ${summary.seconds.toFixed(1)} s (${rate.toFixed(1)} MB/s)`;
    for (const notice of summary.notices) void vscode.window.showInformationMessage(`Log Sleuth: ${notice}`);
    if (options.showView !== false) {
      const document = await vscode.workspace.openTextDocument(viewUri(file, 'errors'));
      await vscode.window.showTextDocument(document, { preview: false });
      void vscode.window.showInformationMessage(`Log Sleuth: ${name} (${what}). Findings are in Problems.`, 'Show a Flow...').then(async (choice) => {
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

  /** The context document is read with the file's format (its blank stretches defeat detection). */
  const prepareContext = async (document: vscode.TextDocument) => {
    if (document.uri.scheme !== LARGE_SCHEME || viewOf(document.uri) !== 'context') return;
    const formatId = provider.formatOf.get(fileOf(document.uri)) ?? open.get(fileOf(document.uri))?.formatId;
    if (formatId) await forceFormat(document, formatId);
  };

  context.subscriptions.push(
    diagnostics,
    status,
    vscode.workspace.registerTextDocumentContentProvider(LARGE_SCHEME, provider),
    vscode.languages.registerDocumentLinkProvider({ scheme: LARGE_SCHEME }, provider),
    vscode.workspace.onDidOpenTextDocument((d) => void prepareContext(d)),
    vscode.commands.registerCommand('logsleuth.openLargeLog', (target?: vscode.Uri, options?: { showView?: boolean }) => openLarge(target, options)),
    vscode.commands.registerCommand('logsleuth.largeFlow', (target?: vscode.Uri, flowId?: string) => showFlow(target, flowId)),
    vscode.commands.registerCommand('logsleuth.largeErrors', async (target?: vscode.Uri) => {
      const file = target ?? [...open.keys()].map((u) => vscode.Uri.parse(u)).pop();
      if (file) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(viewUri(file, 'errors')), { preview: false });
    }),
    vscode.window.tabGroups.onDidChangeTabs(() => {
      for (const uri of findingsOf.keys()) publish(vscode.Uri.parse(uri));
      void checkTabs();
    }),
  );
  return {
    lastProgress: () => lastProgress,
    diagnosticSizes: (file) => diagnostics.sizes(vscode.Uri.parse(shownOn.get(file.toString()) ?? viewUri(file, 'context').toString())),
    contextUri: (file) => viewUri(file, 'context'),
    largeLogOf: (uri) => {
      const file = uri.scheme === LARGE_SCHEME ? fileOf(uri) : uri.toString();
      return open.has(file) ? vscode.Uri.parse(file) : undefined;
    },
  };
}
