// The foundation, seen through the real VS Code API: for one log per family (IAG trace, WAAS errorlog, pluto),
// opened from test/e2e/workspace under a neutral `*.log` name, the extension must detect the family, put an error
// with a rule id on the line that matters, explain it in a hover with a "How to fix" section, show flow code
// lenses and jump from a flow id to the flow's first line. Expected lines are found in the fixture text itself.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'logsleuth.log-sleuth';
const DEADLINE_MS = 30_000;

interface Case {
  family: string;
  file: string;
  languageId: string;
  /** Text of the line that must carry an error diagnostic (the first line containing it). */
  errorLine: string;
  /** For multi-line entries: the error may sit anywhere on the entry holding `errorLine` (from its header line). */
  entryHeader?: RegExp;
  /** A flow id: `token` on the first line containing `onLine`; the definition must be the first line containing `token`. */
  flow: { onLine: string; token: string; firstLineContains?: string };
}

const cases: Case[] = [
  {
    family: 'IAG trace',
    file: 'gateway-auth-trace.log',
    languageId: 'iag-trace',
    errorLine: 'Connect failed: ldap_bind_s returned [81] Server Down',
    entryHeader: /^\*\* \d\d\.\d\d\.\d\d /,
    flow: { onLine: 'USERMGR_SERVICE:ERROR T5900', token: 'T5900' },
  },
  {
    family: 'WAAS errorlog',
    file: 'edge-wae-mapi.log',
    languageId: 'waas-log',
    errorLine: 'Unsupported Auth Type :NTLM',
    flow: { onLine: 'Unsupported Auth Type :NTLM', token: '51877', firstLineContains: '(fl=51877)' },
  },
  {
    family: 'pluto',
    file: 'vpn-gateway.log',
    languageId: 'pluto-log',
    errorLine: 'max number of retransmissions (2) reached STATE_MAIN_I1',
    flow: { onLine: 'max number of retransmissions', token: '#37', firstLineContains: '#37:' },
  },
];

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns something truthy; fails with `what` and the last value seen after the deadline. */
async function waitFor<T>(what: string | (() => string), probe: () => T | undefined | Promise<T | undefined>, timeoutMs = DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? `last error: ${String(lastError)}` : `last value: ${JSON.stringify(last)}`;
      const description = typeof what === 'function' ? what() : what;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description} (${detail})`);
    }
    await sleep(100);
  }
}

function fixtureUri(file: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace folder test/e2e/workspace is open');
  return vscode.Uri.joinPath(folder.uri, file);
}

function currentDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

function lineOf(document: vscode.TextDocument, text: string): number {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.includes(text)) return i;
  assert.fail(`fixture ${document.uri.path} has no line containing ${JSON.stringify(text)}`);
}

/** The line span an error may occupy: the line itself, or for multi-line entries the whole entry. */
function entrySpan(document: vscode.TextDocument, line: number, header?: RegExp): { first: number; last: number } {
  if (!header) return { first: line, last: line };
  let first = line;
  while (first > 0 && !header.test(document.lineAt(first).text)) first--;
  let last = line;
  while (last + 1 < document.lineCount && !header.test(document.lineAt(last + 1).text)) last++;
  return { first, last };
}

function hoverText(hovers: vscode.Hover[]): string {
  const parts: string[] = [];
  for (const hover of hovers) {
    for (const content of hover.contents) {
      if (typeof content === 'string') parts.push(content);
      else parts.push(content.value);
    }
  }
  return parts.join('\n');
}

function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  if (typeof d.code === 'object') return String(d.code.value);
  return String(d.code);
}

function locationLine(result: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; line: number } {
  if ('targetUri' in result) return { uri: result.targetUri, line: (result.targetSelectionRange ?? result.targetRange).start.line };
  return { uri: result.uri, line: result.range.start.line };
}

suite('Foundation: detection, diagnostics, hover, code lens, definition', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is loaded from the development path`);
    await extension.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const c of cases) {
    test(`${c.family}: ${c.file} becomes ${c.languageId} with an explained error, flow lenses and flow navigation`, async () => {
      const uri = fixtureUri(c.file);
      const opened = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(opened, { preview: false });

      // 1. Detection: the client switches the language once the server has recognised the family.
      const document = await waitFor(() => `${c.file} to become ${c.languageId} (it is ${currentDocument(uri)?.languageId})`, () => {
        const d = currentDocument(uri);
        return d && d.languageId === c.languageId ? d : undefined;
      });

      // 2. An error with a rule id on the expected line.
      const line = lineOf(document, c.errorLine);
      const span = entrySpan(document, line, c.entryHeader);
      const diagnostic = await waitFor(`an error diagnostic with a code on lines ${span.first + 1}-${span.last + 1} of ${c.file}`, () =>
        vscode.languages
          .getDiagnostics(uri)
          .find(
            (d) =>
              d.severity === vscode.DiagnosticSeverity.Error &&
              diagnosticCode(d) !== undefined &&
              d.range.start.line <= span.last &&
              d.range.end.line >= span.first,
          ),
      );
      assert.ok(diagnosticCode(diagnostic)!.length > 0, 'the diagnostic code (rule id) is not empty');

      // 3. The hover on that error explains how to fix it.
      // Hover where the squiggle starts (for a multi-line entry that is its first line), in the middle of the
      // underlined text when the squiggle is a single-line span.
      const r = diagnostic.range;
      const hoverAt =
        r.start.line === r.end.line && r.end.character > r.start.character
          ? r.start.translate(0, Math.floor((r.end.character - r.start.character) / 2))
          : r.start.translate(0, Math.min(1, document.lineAt(r.start.line).text.length));
      const hover = await waitFor(`a hover with "How to fix" at ${hoverAt.line + 1}:${hoverAt.character + 1} of ${c.file}`, async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, hoverAt);
        const text = hoverText(hovers ?? []);
        return text.includes('How to fix') ? text : undefined;
      });
      assert.match(hover, /How to fix/);

      // 4. Code lenses summarise flows ("N entries").
      const lens = await waitFor(`a code lens mentioning "entries" in ${c.file}`, async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        return (lenses ?? []).find((l) => l.command?.title && /entries/.test(l.command.title));
      });
      assert.ok(lens.command?.title);

      // 5. Go to Definition on a flow id lands on the flow's first line.
      const fromLine = lineOf(document, c.flow.onLine);
      const column = document.lineAt(fromLine).text.indexOf(c.flow.token);
      assert.ok(column >= 0, `line ${fromLine + 1} holds ${c.flow.token}`);
      const expectedLine = lineOf(document, c.flow.firstLineContains ?? c.flow.token);
      assert.ok(expectedLine < fromLine, 'the fixture places the flow start before the line we navigate from');
      const position = new vscode.Position(fromLine, column + Math.floor(c.flow.token.length / 2));
      const target = await waitFor(`a definition for ${c.flow.token} at ${fromLine + 1}:${position.character + 1}`, async () => {
        const results = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          uri,
          position,
        );
        return results && results.length > 0 ? results.map(locationLine) : undefined;
      });
      const inThisFile = target.filter((t) => t.uri.toString() === uri.toString());
      assert.ok(
        inThisFile.some((t) => t.line === expectedLine),
        `definition of ${c.flow.token} goes to line ${expectedLine + 1}; got ${JSON.stringify(target.map((t) => `${t.uri.path}:${t.line + 1}`))}`,
      );
    });
  }
});
