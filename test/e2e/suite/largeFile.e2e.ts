// The large-file path in the real editor: a pluto log over the editor's 50 MB sync limit, written by the test,
// is opened with "Log Sleuth: Open Large Log...": the server reads it from disk, its findings land in the
// Problems panel for the file, the errors-only and flow-only views show its lines, and lines appended to the
// file on disk are analysed (live tail). LOGSLEUTH_E2E_LARGE_MB sets the size (default 60).
import * as assert from 'node:assert/strict';
import { appendFileSync, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { documentOf, waitFor } from './support';

const SIZE_MB = Number(process.env.LOGSLEUTH_E2E_LARGE_MB ?? 60);

interface Summary {
  bytes: number;
  lineCount: number;
  findings: number;
  flows: number;
  capped: boolean;
  formatId?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Negotiations of many tunnels, one in 40 failing on the peer's identity; returns the failures' lines and serials. */
async function writeLog(path: string, bytes: number): Promise<Array<{ line: number; serial: number }>> {
  const out = createWriteStream(path);
  let written = 0;
  let line = 0;
  let serial = 10;
  const failures: Array<{ line: number; serial: number }> = [];
  let seconds = 6 * 3600;
  while (written < bytes) {
    const chunk: string[] = [];
    for (let k = 0; k < 2000; k++) {
      const n = serial++;
      const conn = `branch-${n % 173}`;
      const peer = `198.51.100.${n % 250}`;
      const time = () => {
        seconds++;
        return `Mar 11 ${pad(Math.floor(seconds / 3600) % 24)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)} edge-gw pluto[2231]: `;
      };
      chunk.push(`${time()}"${conn}" #${n}: initiating Main Mode`);
      chunk.push(`${time()}"${conn}" #${n}: transition from state STATE_MAIN_I1 to state STATE_MAIN_I2`);
      if (n % 40 === 7) {
        failures.push({ line: line + chunk.length, serial: n });
        chunk.push(`${time()}"${conn}" #${n}: we require peer to have ID '${peer}', but peer declares '10.9.${n % 200}.1'`);
      } else {
        chunk.push(`${time()}"${conn}" #${n}: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}`);
      }
    }
    line += chunk.length;
    const text = chunk.join('\n') + '\n';
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return failures;
}

interface SummaryNode {
  item: { kind: string; label: string; description?: string; line?: number; children?: unknown[] };
  uri: string;
}

interface Api {
  largeFiles: { lastProgress(): string | undefined; diagnosticSizes(file: vscode.Uri): number[]; contextUri(file: vscode.Uri): vscode.Uri };
  summaryView: { provider: vscode.TreeDataProvider<SummaryNode> & { summary?: { uri: string; findingCount: number; flowCount: number } } };
}

const total = (sizes: number[]) => sizes.reduce((a, b) => a + b, 0);

/** The editor's own limit of diagnostics per file and collection. */
const EDITOR_LIMIT = 1000;
const MAX_FINDINGS_DEFAULT = 5000;

suite('Large files', () => {
  let dir: string;
  teardown(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test(`Open Large Log... on a ${SIZE_MB} MB log: Problems, errors view, flow view, live tail`, async function () {
    this.timeout(Math.max(150_000, SIZE_MB * 1500));
    dir = mkdtempSync(join(tmpdir(), 'logsleuth-large-'));
    const path = join(dir, 'edge-gw-pluto.log');
    const failures = await writeLog(path, SIZE_MB * 1024 * 1024);
    const size = statSync(path).size;
    assert.ok(size > 50 * 1024 * 1024, `the test log must be over the editor's sync limit (${size} bytes)`);
    const uri = vscode.Uri.file(path);

    const api = (await vscode.extensions.getExtension('logsleuth.log-sleuth')!.activate()) as Api;
    const summary = (await vscode.commands.executeCommand('logsleuth.openLargeLog', uri, { showView: true })) as Summary;
    assert.ok(summary, 'the command returns the summary');
    assert.equal(summary.bytes, size);
    assert.equal(summary.formatId, 'pluto');
    assert.ok(summary.findings > 0);
    // The notification showed lines read and speed while the server read the file.
    assert.match(api.largeFiles.lastProgress() ?? '', /^[\d,]+ lines · \d+ of \d+ MB · \d+\.\d MB\/s$/);

    // Problems: the failure lines carry the peer identity finding, on the file's context document (when capped
    // at logsleuth.maxFindings, the errors first and the most recent: the earliest one shown is the one looked at).
    const contextUri = api.largeFiles.contextUri(uri);
    const diagnostics = await waitFor('findings in Problems', () => {
      const list = vscode.languages.getDiagnostics(contextUri);
      return list.length > 0 ? list : undefined;
    });
    const shown = new Set(diagnostics.map((d) => d.range.start.line));
    const failure = failures.find((f) => shown.has(f.line)) ?? failures[0]!;
    const { line: failureLine, serial: failedSerial } = failure;
    if (!summary.capped) assert.equal(failure, failures[0], 'uncapped, the first failure is in Problems');
    const first = diagnostics.find((d) => d.range.start.line === failureLine);
    assert.ok(first, `a finding on line ${failureLine + 1}; got lines ${diagnostics.slice(0, 5).map((d) => d.range.start.line + 1).join(', ')}`);
    assert.equal(first.code, 'pluto.ikev1.peer-id-mismatch');
    assert.equal(first.severity, vscode.DiagnosticSeverity.Error);
    // Problems lists as many as logsleuth.maxFindings allows: no collection holds more than the editor shows.
    const sizes = api.largeFiles.diagnosticSizes(uri);
    assert.ok(sizes.every((n) => n <= EDITOR_LIMIT), `per collection: ${sizes.join(', ')}`);
    assert.equal(summary.findings, Math.min(summary.findings, MAX_FINDINGS_DEFAULT), 'the default logsleuth.maxFindings applies');
    assert.equal(sizes.reduce((a, b) => a + b, 0), summary.findings);

    // A click on that finding opens the context document at its line: the lines around it, with a full hover.
    const around = await vscode.window.showTextDocument(contextUri, { selection: first.range, preview: false });
    await waitFor(() => `the context document to be read as pluto-log (is ${documentOf(contextUri)?.languageId})`, () => documentOf(contextUri)?.languageId === 'pluto-log');
    const contextDocument = documentOf(contextUri)!;
    assert.equal(contextDocument.lineCount >= summary.lineCount, true, 'the context keeps the file\'s line numbers');
    assert.match(contextDocument.lineAt(failureLine).text, new RegExp(`#${failedSerial}: we require peer to have ID`));
    assert.match(contextDocument.lineAt(failureLine - 1).text, new RegExp(`#${failedSerial}: transition from state STATE_MAIN_I1`));
    const hoverText = await waitFor('a hover with a fix on the finding', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', contextUri, first.range.start.translate(0, 40));
      const text = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return /How to fix/.test(text) ? text : undefined;
    });
    const plainHover = hoverText.replace(/\\/g, '');
    assert.ok(new RegExp(`10\\.9\\.${failedSerial % 200}\\.1`).test(plainHover), `the hover names the identity the peer declared on that line:\n${plainHover.slice(0, 600)}`);

    // The errors-only view was opened with the failing lines, read from disk.
    const errorsView = await waitFor('the errors view', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'logsleuth-large' && d.uri.query.includes('view=errors')));
    assert.ok(errorsView.getText().includes(`#${failedSerial}: we require peer to have ID`));
    assert.ok(!errorsView.getText().includes('ISAKMP SA established'), 'only error lines in the errors view');
    // Its line numbers link to the same line of the context document.
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', errorsView.uri);
    const link = (links ?? []).find((l) => l.target?.fragment === `L${failureLine + 1}`);
    assert.ok(link, `a link to line ${failureLine + 1}; got ${(links ?? []).slice(0, 3).map((l) => l.target?.toString()).join(', ')}`);
    assert.equal(link.target!.with({ fragment: '' }).toString(), contextUri.toString());

    // The flow-only view of the failed negotiation: its three lines in order.
    await vscode.commands.executeCommand('logsleuth.largeFlow', uri, `pluto.state:${failedSerial}`);
    const flowView = await waitFor('the flow view', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'logsleuth-large' && d.uri.query.includes('view=flow')));
    const flowLines = flowView.getText().split('\n').filter((l) => !l.startsWith('# Log Sleuth') && l.includes(`#${failedSerial}:`));
    assert.equal(flowLines.length, 3);
    assert.ok(flowLines[0]!.includes('initiating Main Mode'));

    // The summary view of the large log, with its context document active: the analysis of the whole file.
    await vscode.window.showTextDocument(contextUri, { preview: false });
    const { provider } = api.summaryView;
    const children = async (node?: SummaryNode) => ((await provider.getChildren(node)) ?? []) as SummaryNode[];
    const summed = await waitFor('the summary view of the large log', () => (provider.summary?.uri === uri.toString() ? provider.summary : undefined), 120_000);
    assert.equal(summed.findingCount, summary.findings);
    assert.equal(summed.flowCount, summary.flows);
    const [findingsSection] = await children();
    const rule = (await children(findingsSection)).find((r) => r.item.description === 'pluto.ikev1.peer-id-mismatch');
    assert.ok(rule, 'the peer identity rule is listed');
    const [firstRow] = await children(rule);
    assert.equal(firstRow!.item.line, failureLine);
    // A click on the row opens the context document at the line.
    await vscode.window.showTextDocument(errorsView, { preview: false });
    const command = (await provider.getTreeItem(firstRow!)).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    await waitFor('the context document at the finding', () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.toString() === contextUri.toString() && editor.selection.active.line === failureLine ? true : undefined;
    });

    // "Open Anyway": the file's own tab, which the editor does not sync, gets the findings (squiggles), each
    // linking to its line in the context document; Problems lists them once.
    await vscode.commands.executeCommand('vscode.open', uri);
    const onFile = await waitFor('findings on the file itself', () => vscode.languages.getDiagnostics(uri).find((d) => d.range.start.line === failureLine));
    assert.equal(documentOf(uri), undefined, 'the editor does not sync a file over its limit');
    assert.equal(onFile.code, 'pluto.ikev1.peer-id-mismatch');
    assert.equal(onFile.relatedInformation?.[0]?.location.uri.toString(), contextUri.toString());
    assert.equal(onFile.relatedInformation?.[0]?.location.range.start.line, failureLine);
    assert.equal(total(api.largeFiles.diagnosticSizes(uri)), summary.findings);
    assert.equal(vscode.languages.getDiagnostics(contextUri).length, 0);
    // With the file's tab active (no text editor), the summary view still shows the large log.
    await waitFor('the summary with the file tab active', () => (vscode.window.activeTextEditor === undefined && provider.summary?.uri === uri.toString() ? true : undefined));
    // Its tab closed, the findings go back to the context document.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor('the findings back on the context document', () => (vscode.languages.getDiagnostics(contextUri).length === summary.findings && vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));

    // Live tail: a failure appended on disk is analysed and reported at its own line (when the findings are not
    // already capped at logsleuth.maxFindings, as they are for a log of several hundred megabytes).
    if (summary.capped) return;
    const appendedLine = summary.lineCount - 1;
    appendFileSync(path, `Mar 11 23:59:59 edge-gw pluto[2231]: "late-branch" #999999: no acceptable Oakley Transform\n`);
    const tailFinding = await waitFor('a finding on the appended line', () => vscode.languages.getDiagnostics(contextUri).find((d) => d.range.start.line === appendedLine));
    assert.equal(tailFinding.code, 'pluto.ikev1.no-acceptable-oakley');
  });
});
