// What the editor tests share: waiting on a condition with a deadline (never a fixed sleep), the fixture
// workspace, the documents the editor holds, and opening a log until it is read as the expected language.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Polls `probe` until it gives a value (truthy), or fails naming what it waited for. */
export async function waitFor<T>(what: string | (() => string), probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A file of the fixture workspace the tests run in. */
export function fixture(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** The document the editor holds for a URI (the extension host sees it), if any. */
export function documentOf(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/** Opens a log in an editor and waits until it is read as `languageId` (detection may switch it). */
export async function openLog(uri: vscode.Uri, languageId: string, options: vscode.TextDocumentShowOptions = { preview: false }): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), options);
  await waitFor(() => `${uri.path.split('/').pop()} to be read as ${languageId} (is ${documentOf(uri)?.languageId})`, () => documentOf(uri)?.languageId === languageId);
  return editor;
}
