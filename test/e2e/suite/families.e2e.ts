// Every family's sample (the samples/ folder `npm start` opens) is recognised in the real editor, switches to
// its language and is parsed: its outline lists entries or flows.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const SAMPLES: Array<[string, string]> = [
  ['IAG01.usermgrcom.20090314.log', 'iag-trace'],
  ['mapiao-errorlog.current', 'waas-log'],
  ['sr-errorlog.current', 'waas-log'],
  ['wsao-errorlog.current', 'waas-log'],
  ['pluto.log', 'pluto-log'],
  ['netmon-iag-internal.txt', 'nettrace-log'],
  ['EASMailboxLog.txt', 'eas-log'],
  ['MDM-DMS02-MobileDeviceManager.txt', 'winevent-log'],
  ['u_ex090314.log', 'iis-log'],
];

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

suite('Every family: detection, language, outline, diagnostics', () => {
  let samples: vscode.Uri;
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension('logsleuth.log-sleuth')!;
    await extension.activate();
    samples = vscode.Uri.joinPath(extension.extensionUri, 'samples');
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const [file, languageId] of SAMPLES) {
    test(`${file} opens as ${languageId} with an outline and findings`, async () => {
      const uri = vscode.Uri.joinPath(samples, file);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      await waitFor(`${file} to become ${languageId}`, () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === languageId));
      const symbols = await waitFor(`an outline for ${file}`, async () => {
        const result = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
        return result && result.length > 0 ? result : undefined;
      });
      assert.ok(symbols.length > 0);
      const diagnostics = await waitFor(`diagnostics for ${file}`, () => {
        const list = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Log Sleuth');
        return list.length > 0 ? list : undefined;
      });
      const explained = diagnostics.find((d) => typeof d.code === 'string' && !d.code.startsWith('level.'));
      assert.ok(explained, `a signature finding in ${file}: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, explained.range.start.translate(0, 1));
      const text = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /How to fix/);
    });
  }
});
