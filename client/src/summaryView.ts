/**
 * The "Log Sleuth" view in the Explorer: for the log in the active editor, its findings grouped by rule with
 * counts and its flows grouped by outcome (the server's summary feature). A click goes to the line.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SummaryRequest, type LogSummary, type SummaryItem } from '../../shared/customMessages';
import { ANALYSED_LANGUAGES } from '../../shared/languages';
import type { LargeFiles } from './largeFile';

export const SUMMARY_VIEW = 'logsleuth.summary';
const REVEAL_COMMAND = 'logsleuth.summary.reveal';
const REFRESH_DELAY_MS = 300;

interface Node {
  item: SummaryItem;
  uri: string;
}

function iconOf(item: SummaryItem): vscode.ThemeIcon | undefined {
  if (item.severity === 'error' || item.status === 'failed') return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (item.severity === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  if (item.severity === 'info') return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  if (item.status === 'ok') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (item.status === 'open') return new vscode.ThemeIcon('clock');
  if (item.status === 'unknown') return new vscode.ThemeIcon('circle-outline');
  if (item.kind === 'more') return new vscode.ThemeIcon('ellipsis');
  return undefined;
}

/** What a section, rule or outcome row opens to by default: failures open, the rest closed. */
function collapsed(item: SummaryItem): vscode.TreeItemCollapsibleState {
  if (!item.children?.length) return vscode.TreeItemCollapsibleState.None;
  if (item.kind === 'status' && item.status === 'failed') return vscode.TreeItemCollapsibleState.Expanded;
  return vscode.TreeItemCollapsibleState.Collapsed;
}

/** The log in the active tab: its editor's document, or a file the editor shows without syncing it (too large). */
function activeUri(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (document) return document.uri;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText ? input.uri : undefined;
}

export class SummaryProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The summary shown, and the document it is of. */
  summary: LogSummary | undefined;
  /** Where a click on a row goes: the summary's document, or a large log's context document. */
  private revealIn: string | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly largeFiles: LargeFiles,
  ) {}

  /** Fetches the summary of the active log (or clears the view); resolves once the view has it. */
  async refresh(): Promise<LogSummary | undefined> {
    const uri = activeUri();
    const document = vscode.window.activeTextEditor?.document;
    // A large log (the file, or one of its views) is summed up from the server's analysis of the file.
    const large = uri ? this.largeFiles.largeLogOf(uri) : undefined;
    // No editor (the focus is in a panel or this view): keep what is shown.
    if (!large && !document) return this.summary;
    if (!this.client.isRunning() || (!large && !ANALYSED_LANGUAGES.includes(document!.languageId))) {
      this.summary = undefined;
    } else {
      const asked = large ?? document!.uri;
      try {
        this.summary = (await this.client.sendRequest(SummaryRequest, { uri: asked.toString() })) ?? undefined;
        this.revealIn = large ? this.largeFiles.contextUri(large).toString() : this.summary?.uri;
      } catch {
        this.summary = undefined;
      }
    }
    this.changed.fire(undefined);
    return this.summary;
  }

  getChildren(node?: Node): Node[] {
    const summary = this.summary;
    if (!summary) return [];
    if (node) return (node.item.children ?? []).map((item) => ({ item, uri: node.uri }));
    const sections: SummaryItem[] = [
      { kind: 'status', label: `Findings (${summary.findingCount.toLocaleString('en-US')})`, children: summary.findings },
      { kind: 'status', label: `Flows (${summary.flowCount.toLocaleString('en-US')})`, children: summary.flows },
    ];
    return sections.map((item) => ({ item, uri: this.revealIn ?? summary.uri }));
  }

  getTreeItem({ item, uri }: Node): vscode.TreeItem {
    const tree = new vscode.TreeItem(item.label, item.label.startsWith('Findings (') || item.label.startsWith('Flows (') ? vscode.TreeItemCollapsibleState.Expanded : collapsed(item));
    tree.description = item.description;
    tree.tooltip = item.tooltip ?? (item.description ? `${item.label}\n${item.description}` : item.label);
    tree.iconPath = iconOf(item);
    if (item.line !== undefined) {
      tree.command = { command: REVEAL_COMMAND, title: 'Go to the line', arguments: [uri, item.line] };
    }
    return tree;
  }
}

export interface SummaryView {
  provider: SummaryProvider;
  view: vscode.TreeView<unknown>;
}

export function registerSummaryView(context: vscode.ExtensionContext, client: LanguageClient, largeFiles: LargeFiles): SummaryView {
  const provider = new SummaryProvider(client, largeFiles);
  const view = vscode.window.createTreeView(SUMMARY_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  let timer: NodeJS.Timeout | undefined;
  const refreshSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const summary = await provider.refresh();
      view.description = summary ? path.basename(vscode.Uri.parse(summary.uri).path) : undefined;
      view.message = summary ? undefined : 'Open a log to see its findings by rule and its flows by outcome.';
    }, REFRESH_DELAY_MS);
  };
  /** The active log and, for a large one, the file and its context document (where its findings may be). */
  const watched = () => {
    const uri = activeUri();
    const large = uri ? largeFiles.largeLogOf(uri) : undefined;
    return [uri, large, large ? largeFiles.contextUri(large) : undefined].filter((u): u is vscode.Uri => u !== undefined).map((u) => u.toString());
  };

  context.subscriptions.push(
    view,
    vscode.window.onDidChangeActiveTextEditor(refreshSoon),
    // A tab the editor does not sync (a large file) becomes active without an active editor.
    vscode.window.tabGroups.onDidChangeTabs(refreshSoon),
    // The findings of the active log changed: it was analysed again (edited, settings, rules, format, a large
    // log read or grown).
    vscode.languages.onDidChangeDiagnostics((e) => {
      const uris = watched();
      if (e.uris.some((u) => uris.includes(u.toString()))) refreshSoon();
    }),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.toString() === activeUri()?.toString()) refreshSoon();
    }),
    vscode.commands.registerCommand(REVEAL_COMMAND, async (uri: string, line: number) => {
      if (typeof uri !== 'string' || typeof line !== 'number') return;
      const position = new vscode.Position(line, 0);
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(position, position), preview: true });
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
  );
  refreshSoon();
  return { provider, view: view as vscode.TreeView<unknown> };
}
