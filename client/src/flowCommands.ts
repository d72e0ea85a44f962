import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface PlainLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

function toLocation(location: PlainLocation): vscode.Location {
  const { start, end } = location.range;
  return new vscode.Location(vscode.Uri.parse(location.uri), new vscode.Range(start.line, start.character, end.line, end.character));
}

/** Commands behind code lenses and diagnostics' actions; they take plain JSON from the server. */
export function registerFlowCommands(context: vscode.ExtensionContext, _client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
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
  );
}
