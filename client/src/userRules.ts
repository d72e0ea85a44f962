import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SetRulesRequest } from '../../shared/customMessages';

/**
 * Reads the user's signature files (`logsleuth.rules.paths` and `.logsleuth/rules/*.json`) and hands them to
 * the server. Workspace rule files are code-like (their regexes run on every line), so an untrusted
 * workspace gets none of them.
 */
async function collectRuleFiles(): Promise<Array<{ path: string; text: string }>> {
  if (!vscode.workspace.isTrusted) return [];
  const uris: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    uris.push(...(await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '.logsleuth/rules/*.json'))));
    const paths = vscode.workspace.getConfiguration('logsleuth', folder.uri).get<string[]>('rules.paths') ?? [];
    for (const p of paths) {
      uris.push(p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) ? vscode.Uri.file(p) : vscode.Uri.joinPath(folder.uri, p));
    }
  }
  const files: Array<{ path: string; text: string }> = [];
  const seen = new Set<string>();
  for (const uri of uris) {
    if (seen.has(uri.toString())) continue;
    seen.add(uri.toString());
    try {
      files.push({ path: uri.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
    } catch (error) {
      void vscode.window.showWarningMessage(`Log Sleuth: cannot read rules file ${uri.fsPath}: ${(error as Error).message}`);
    }
  }
  return files;
}

export async function loadUserRules(client: LanguageClient): Promise<vscode.Disposable> {
  const send = async () => {
    const files = await collectRuleFiles();
    if (files.length === 0 && !vscode.workspace.isTrusted) return;
    const result = await client.sendRequest(SetRulesRequest, { files });
    for (const error of result.errors) void vscode.window.showWarningMessage(`Log Sleuth rules: ${error}`);
  };
  await send().catch((error) => void vscode.window.showWarningMessage(`Log Sleuth rules: ${(error as Error).message}`));
  const watcher = vscode.workspace.createFileSystemWatcher('**/.logsleuth/rules/*.json');
  const resend = () => void send().catch(() => undefined);
  return vscode.Disposable.from(
    watcher,
    watcher.onDidChange(resend),
    watcher.onDidCreate(resend),
    watcher.onDidDelete(resend),
    vscode.workspace.onDidGrantWorkspaceTrust(resend),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('logsleuth.rules.paths')) resend();
    }),
  );
}
