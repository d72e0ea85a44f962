/**
 * The "Log Sleuth" view in the Explorer: for the log in the active editor, its findings grouped by rule with
 * counts and its flows grouped by outcome (the server's summary feature). A click goes to the line.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SummaryRequest, type LogSummary, type SummaryItem } from '../../shared/customMessages';
import { ANALYSED_LANGUAGES } from '../../shared/languages';

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

export class SummaryProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The summary shown, and the document it is of. */
  summary: LogSummary | undefined;

  constructor(private readonly client: LanguageClient) {}

  /** Fetches the summary of the active log (or clears the view); resolves once the view has it. */
  async refresh(): Promise<LogSummary | undefined> {
    const document = vscode.window.activeTextEditor?.document;
    // No editor (the focus is in a panel or this view): keep what is shown.
    if (!document) return this.summary;
    if (!ANALYSED_LANGUAGES.includes(document.languageId) || !this.client.isRunning()) {
      this.summary = undefined;
    } else {
      try {
        this.summary = (await this.client.sendRequest(SummaryRequest, { uri: document.uri.toString() })) ?? undefined;
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
    return sections.map((item) => ({ item, uri: summary.uri }));
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

export function registerSummaryView(context: vscode.ExtensionContext, client: LanguageClient): SummaryView {
  const provider = new SummaryProvider(client);
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
  const activeUri = () => vscode.window.activeTextEditor?.document.uri.toString();

  context.subscriptions.push(
    view,
    vscode.window.onDidChangeActiveTextEditor(refreshSoon),
    // The findings of the active log changed: it was analysed again (edited, settings, rules, format).
    vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === activeUri())) refreshSoon();
    }),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.toString() === activeUri()) refreshSoon();
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
