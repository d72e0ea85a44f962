// Set Log Format, the status bar and our settings reads, in the real editor. A central syslog holds pluto lines
// and two WAAS syslog lines: detection makes it a pluto log; forcing the WAAS syslog format must parse the WAAS
// lines only, report their findings and switch the language (the colours) to waas-log; "Detect automatically"
// must give the pluto language and findings back. Our reads of window- and resource-scoped settings must not
// put warnings in the extension host log.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { documentOf, fixture, openLog, waitFor } from './support';

interface Api {
  formatStatus: { text(): string | undefined };
  logUri: vscode.Uri;
  overflowSizes(uri: vscode.Uri): number[];
}

const linesWithFindings = (uri: vscode.Uri) =>
  [...new Set(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Log Sleuth').map((d) => d.range.start.line))].sort((a, b) => a - b).join(',');

suite('Set Log Format, status bar and settings in the real editor', () => {
  let api: Api;
  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension('logsleuth.log-sleuth')!.activate()) as Api;
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Set Log Format applies the forced format (entries, findings, language); Detect automatically restores the detected one', async () => {
    // Line 10's Main Mode never completes, and the log goes on for two minutes after it (one that starts at the
    // log's very end is still pending, not failed).
    const uri = fixture('ui', 'central-syslog.log');
    await openLog(uri, 'pluto-log');
    await waitFor(() => `pluto findings on lines 6, 9 and 10 (got ${linesWithFindings(uri)})`, () => linesWithFindings(uri) === '5,8,9');

    await vscode.commands.executeCommand('logsleuth.setFormat', 'waas-syslog');
    await waitFor(() => `the language to become waas-log (is ${documentOf(uri)?.languageId})`, () => documentOf(uri)?.languageId === 'waas-log');
    await waitFor(() => `findings on the WAAS lines only (got ${linesWithFindings(uri)})`, () => linesWithFindings(uri) === '5,8');
    const forcedStatus = await waitFor('the status bar', () => api.formatStatus.text());
    assert.match(forcedStatus, /2 entries \(set\)/);
    assert.doesNotMatch(forcedStatus, /unknown/);

    await vscode.commands.executeCommand('logsleuth.setFormat', null);
    await waitFor(() => `the language to return to pluto-log (is ${documentOf(uri)?.languageId})`, () => documentOf(uri)?.languageId === 'pluto-log');
    await waitFor(() => `the detected findings back (got ${linesWithFindings(uri)})`, () => linesWithFindings(uri) === '5,8,9');
    const detected = await waitFor('the status bar after detection', () => {
      const text = api.formatStatus.text();
      return text && !text.includes('(set)') ? text : undefined;
    });
    // The language indicator beside it says "IPsec pluto Log": our item does not name the format again.
    assert.match(detected, /12 entries/);
    assert.doesNotMatch(detected, /pluto/);
  });

  test('Problems gets every finding up to logsleuth.maxFindings, also beyond the editor\'s 1,000 per source', async () => {
    // 1,400 tunnels that each die in Main Mode: more findings than one diagnostic collection may show.
    const lines: string[] = [];
    for (let n = 0; n < 1400; n++) {
      const stamp = `Jan  9 0${Math.floor(n / 600)}:${String(Math.floor(n / 10) % 60).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}`;
      lines.push(`${stamp} fw-edge-${n % 3} pluto[7${n % 10}1]: "spoke-${n}" #${n + 2}: max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message`);
    }
    const document = await vscode.workspace.openTextDocument({ language: 'pluto-log', content: lines.join('\n') });
    await vscode.window.showTextDocument(document, { preview: false });
    const all = await waitFor(
      () => `over 1,000 findings (got ${vscode.languages.getDiagnostics(document.uri).length})`,
      () => {
        const list = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Log Sleuth');
        return list.length >= 1400 ? list : undefined;
      },
    );
    const beyond = api.overflowSizes(document.uri);
    assert.ok(beyond.every((n) => n <= 1000), beyond.join(', '));
    assert.equal(beyond.reduce((a, b) => a + b, 0), all.length - 1000, 'the language client keeps 1,000, the rest go to further collections');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('sticky scroll is off in our log languages', () => {
    for (const languageId of ['pluto-log', 'iag-trace', 'waas-log', 'eas-log', 'winevent-log', 'iis-log', 'nettrace-log']) {
      assert.equal(vscode.workspace.getConfiguration('editor', { languageId }).get('stickyScroll.enabled'), false, languageId);
    }
  });

  test('reading our settings writes no warning to the extension host log', async () => {
    // A log opened as Log is switched (files.associations read), then merged (clock offsets read).
    const plain = await vscode.workspace.openTextDocument(fixture('vpn-gateway.log'));
    const other = await vscode.workspace.openTextDocument(fixture('ui', 'central-syslog.log'));
    await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(plain, 'log'), { preview: false });
    await waitFor('vpn-gateway.log to switch from Log to pluto-log', () => documentOf(plain.uri)?.languageId === 'pluto-log');
    await vscode.window.showTextDocument(other, { preview: false });
    await vscode.commands.executeCommand('logsleuth.mergeLogsByTime', [plain.uri.toString(), other.uri.toString()]);
    await waitFor('the merged view', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'logsleuth-view'));

    const logDir = dirname(api.logUri.fsPath);
    const readHostLog = () =>
      readdirSync(logDir)
        .filter((name) => name.endsWith('.log'))
        .map((name) => readFileSync(join(logDir, name), 'utf8'))
        .join('\n');
    // The host log is written with a delay: wait until it shows our activation, then for the writes to settle.
    await waitFor(`the extension host log in ${logDir} to show our activation`, () => readHostLog().includes('logsleuth.log-sleuth'));
    let previous = '';
    await waitFor('the host log to settle', async () => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      const now = readHostLog();
      const settled = now === previous;
      previous = now;
      return settled;
    });
    // The host names the setting, and the extension only where it knows the caller.
    const warnings = previous.split('\n').filter((line) => /scoped configuration/.test(line) && (line.includes('[logsleuth.log-sleuth]') || /'(logsleuth\.[\w.]+|files\.associations)'/.test(line)));
    assert.deepEqual(warnings, []);
  });
});
