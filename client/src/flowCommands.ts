import * as path from 'node:path';
import * as vscode from 'vscode';
import { globMatches } from './glob';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FlowAtRequest, MergeRequest, StepInFlowRequest, ViewRequest, type LogViewResult } from '../../shared/customMessages';

interface PlainLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export const VIEW_SCHEME = 'logsleuth-view';
import { ANALYSED_LANGUAGES as ANALYSED } from '../../shared/languages';

function toLocation(location: PlainLocation): vscode.Location {
  const { start, end } = location.range;
  return new vscode.Location(vscode.Uri.parse(location.uri), new vscode.Range(start.line, start.character, end.line, end.character));
}

/** Read-only views (flow only, errors only, merged) whose line prefixes link back to the source lines. */
class ViewProvider implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  private readonly views = new Map<string, LogViewResult>();
  private counter = 0;
  readonly onDidChangeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.onDidChangeEmitter.event;

  add(title: string, view: LogViewResult): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: VIEW_SCHEME, path: `/${++this.counter}/${title.replace(/[\\/:*?"<>|]/g, '_')}.log` });
    this.views.set(uri.toString(), view);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.views.get(uri.toString())?.content ?? '# This view has expired: run the command again.\n';
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const view = this.views.get(document.uri.toString());
    if (!view) return [];
    return view.links.map((link) => {
      const target = vscode.Uri.parse(link.uri).with({ fragment: `L${link.sourceLine + 1}` });
      const item = new vscode.DocumentLink(new vscode.Range(link.line, 0, link.line, link.length), target);
      item.tooltip = `Go to line ${link.sourceLine + 1} of ${path.basename(vscode.Uri.parse(link.uri).path)}`;
      return item;
    });
  }
}

/** Flow navigation, views and the status bar item that shows the cursor's flow. */
export function registerFlowCommands(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  const views = new ViewProvider();
  const flowStatus = vscode.window.createStatusBarItem('logsleuth.flow', vscode.StatusBarAlignment.Right, 99);
  flowStatus.name = 'Log Sleuth flow';
  flowStatus.command = 'logsleuth.showFlowOnly';

  const openView = async (title: string, view: LogViewResult | null) => {
    if (!view) {
      void vscode.window.showInformationMessage('Log Sleuth: the cursor is not on an entry that belongs to a flow.');
      return;
    }
    const document = await vscode.workspace.openTextDocument(views.add(title, view));
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  };

  const step = async (direction: 1 | -1) => {
    const editor = vscode.window.activeTextEditor;
    const client = getClient();
    if (!editor || !client) return;
    const target = await client.sendRequest(StepInFlowRequest, { uri: editor.document.uri.toString(), position: editor.selection.active, direction });
    if (!target) {
      void vscode.window.setStatusBarMessage(direction > 0 ? 'Log Sleuth: last entry of this flow' : 'Log Sleuth: first entry of this flow', 2000);
      return;
    }
    const position = new vscode.Position(target.line, target.character);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  };

  let statusTimer: NodeJS.Timeout | undefined;
  const updateFlowStatus = () => {
    clearTimeout(statusTimer);
    statusTimer = setTimeout(async () => {
      const editor = vscode.window.activeTextEditor;
      const client = getClient();
      if (!editor || !client || !ANALYSED.includes(editor.document.languageId) || !client.isRunning()) {
        flowStatus.hide();
        return;
      }
      try {
        const at = await client.sendRequest(FlowAtRequest, { uri: editor.document.uri.toString(), position: editor.selection.active });
        if (!at) {
          flowStatus.hide();
          return;
        }
        flowStatus.text = `$(git-commit) ${at.label} ${at.index}/${at.total}`;
        flowStatus.tooltip = `Entry ${at.index} of ${at.total} in ${at.label}: ${at.outcome}. Click to show this flow only.`;
        flowStatus.show();
      } catch {
        flowStatus.hide();
      }
    }, 150);
  };

  context.subscriptions.push(
    flowStatus,
    views.onDidChangeEmitter,
    vscode.workspace.registerTextDocumentContentProvider(VIEW_SCHEME, views),
    vscode.languages.registerDocumentLinkProvider({ scheme: VIEW_SCHEME }, views),
    vscode.window.onDidChangeTextEditorSelection(updateFlowStatus),
    vscode.window.onDidChangeActiveTextEditor(updateFlowStatus),
    vscode.commands.registerCommand('logsleuth.showFlowEntries', async (uri: string, position: { line: number; character: number }, locations: PlainLocation[]) => {
      if (typeof uri !== 'string' || !Array.isArray(locations)) return;
      await vscode.commands.executeCommand(
        'editor.action.peekLocations',
        vscode.Uri.parse(uri),
        new vscode.Position(position.line, position.character),
        locations.map(toLocation),
        'peek',
      );
    }),
    vscode.commands.registerCommand('logsleuth.copyFixCommands', async (commands: string) => {
      if (typeof commands !== 'string' || commands.length === 0) return;
      await vscode.env.clipboard.writeText(commands);
      void vscode.window.showInformationMessage('Log Sleuth: fix commands copied to the clipboard.');
    }),
    vscode.commands.registerCommand('logsleuth.nextEntryInFlow', () => step(1)),
    vscode.commands.registerCommand('logsleuth.previousEntryInFlow', () => step(-1)),
    vscode.commands.registerCommand('logsleuth.showFlowOnly', async () => {
      const editor = vscode.window.activeTextEditor;
      const client = getClient();
      if (!editor || !client) return;
      const at = await client.sendRequest(FlowAtRequest, { uri: editor.document.uri.toString(), position: editor.selection.active });
      const view = at ? await client.sendRequest(ViewRequest, { kind: 'flow', uri: editor.document.uri.toString(), flowId: at.flowId }) : null;
      await openView(`${at?.label ?? 'flow'} - ${path.basename(editor.document.uri.path)}`, view);
    }),
    vscode.commands.registerCommand('logsleuth.showErrorsOnly', async () => {
      const editor = vscode.window.activeTextEditor;
      const client = getClient();
      if (!editor || !client) return;
      const view = await client.sendRequest(ViewRequest, { kind: 'errors', uri: editor.document.uri.toString() });
      await openView(`errors - ${path.basename(editor.document.uri.path)}`, view);
    }),
    vscode.commands.registerCommand('logsleuth.mergeLogsByTime', async (uris?: string[]) => {
      const client = getClient();
      if (!client) return;
      const candidates = vscode.workspace.textDocuments.filter((d) => ANALYSED.includes(d.languageId) && d.uri.scheme !== VIEW_SCHEME);
      let chosen = candidates.filter((d) => Array.isArray(uris) && uris.includes(d.uri.toString()));
      if (!Array.isArray(uris)) {
        const picked = await vscode.window.showQuickPick(
          candidates.map((d) => ({ label: path.basename(d.uri.path), description: vscode.workspace.asRelativePath(d.uri), picked: true, document: d })),
          { canPickMany: true, placeHolder: 'Logs to merge by time (open logs)' },
        );
        if (!picked || picked.length === 0) return;
        chosen = picked.map((p) => p.document);
      }
      if (chosen.length === 0) {
        void vscode.window.showInformationMessage('Log Sleuth: open the logs to merge first.');
        return;
      }
      const sources = chosen.map((d) => {
        // A resource-scoped setting: read for each file (without a resource the editor logs a warning).
        const offsets = vscode.workspace.getConfiguration('logsleuth', d.uri).get<Record<string, number>>('merge.clockOffsets') ?? {};
        const name = path.basename(d.uri.path);
        const offset = Object.entries(offsets).find(([glob]) => globMatches(glob, name))?.[1] ?? 0;
        return { uri: d.uri.toString(), label: name, offsetMs: typeof offset === 'number' ? offset : 0 };
      });
      const view = await client.sendRequest(MergeRequest, { sources });
      await openView(`merged - ${sources.length} logs`, view);
    }),
  );
}
