// Flows in the real editor: a lens over a flow carries every entry of the flow (both WAEs of one connection),
// Next Entry in Flow moves the cursor, and the flow-only, errors-only and merged views open with links back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const DEADLINE_MS = 30_000;

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, 'flows', name);
}

async function openLog(name: string, languageId: string): Promise<vscode.TextEditor> {
  const uri = fixture(name);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  await waitFor(`${name} to become ${languageId}`, () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === languageId));
  return vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? vscode.window.activeTextEditor : editor;
}

suite('Flows: lenses, navigation and views in the real editor', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('logsleuth.log-sleuth')!.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the lens over an edge flow lists its entries and the core WAE entries of the same connection, and runs', async () => {
    await openLog('core-mapiao-errorlog.log', 'waas-log');
    const edge = await openLog('edge-mapiao-errorlog.log', 'waas-log');
    const uri = edge.document.uri;
    const lens = await waitFor('a lens for fl=3817 linked to the core flow', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      return (lenses ?? []).find((l) => l.command?.title.startsWith('fl=3817') && l.command.title.includes('fl=58'));
    });
    assert.equal(lens.range.start.line, 0);
    assert.match(lens.command!.title, /3 entries · 1 error/);
    const [, , locations] = lens.command!.arguments as [string, unknown, Array<{ uri: string; range: { start: { line: number } } }>];
    assert.deepEqual(
      locations.map((l) => `${l.uri.endsWith('core-mapiao-errorlog.log') ? 'core' : 'edge'}:${l.range.start.line}`),
      ['edge:0', 'edge:2', 'edge:4', 'core:0', 'core:1'],
    );
    // Clicking the lens runs its command: it must open the peek without failing.
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    await vscode.commands.executeCommand('closeReferenceSearch');
  });

  test('Next Entry in Flow and Previous Entry in Flow move the cursor through the flow', async () => {
    const editor = await openLog('edge-mapiao-errorlog.log', 'waas-log');
    await waitFor('the document analysed', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
      return (lenses ?? []).length > 0 ? lenses : undefined;
    });
    editor.selection = new vscode.Selection(0, 5, 0, 5);
    await vscode.commands.executeCommand('logsleuth.nextEntryInFlow');
    await waitFor('the cursor on line 3', () => (vscode.window.activeTextEditor?.selection.active.line === 2 ? true : undefined));
    await vscode.commands.executeCommand('logsleuth.nextEntryInFlow');
    await waitFor('the cursor on line 5', () => (vscode.window.activeTextEditor?.selection.active.line === 4 ? true : undefined));
    await vscode.commands.executeCommand('logsleuth.previousEntryInFlow');
    await waitFor('the cursor back on line 3', () => (vscode.window.activeTextEditor?.selection.active.line === 2 ? true : undefined));
  });

  test('Show Flow Only, Show Errors Only and Merge Logs by Time open read-only views linked to the sources', async () => {
    const core = await openLog('core-mapiao-errorlog.log', 'waas-log');
    const edge = await openLog('edge-mapiao-errorlog.log', 'waas-log');
    edge.selection = new vscode.Selection(4, 3, 4, 3);
    await vscode.commands.executeCommand('logsleuth.showFlowOnly');
    const flowView = await waitFor('the flow view', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'logsleuth-view' && e.document.getText().includes('# fl=3817'))?.document);
    assert.equal(flowView.lineCount - 2, 3, flowView.getText());
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', flowView.uri);
    // Only our line links (VS Code may also detect the source URI in the header line).
    assert.deepEqual(links.map((l) => l.target?.fragment).filter((f) => f && /^L\d+$/.test(f)), ['L1', 'L3', 'L5']);

    await vscode.window.showTextDocument(edge.document);
    await vscode.commands.executeCommand('logsleuth.showErrorsOnly');
    const errorsView = await waitFor('the errors view', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'logsleuth-view' && e.document.getText().startsWith('# Errors'))?.document);
    assert.match(errorsView.getText(), /ContextHandle\.IsNull\(\)/);

    await vscode.commands.executeCommand('logsleuth.mergeLogsByTime', [edge.document.uri.toString(), core.document.uri.toString()]);
    const merged = await waitFor('the merged view', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'logsleuth-view' && e.document.getText().startsWith('# Merged'))?.document);
    const labels = merged.getText().split('\n').slice(1, -1).map((line) => (line.includes('core-mapiao') ? 'core' : 'edge'));
    assert.deepEqual(labels, ['edge', 'edge', 'edge', 'edge', 'core', 'core', 'core', 'edge']);
  });
});
