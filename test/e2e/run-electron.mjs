// The same editor tests (out/e2e/index.js) in desktop VS Code through @vscode/test-electron, for machines that
// have VS Code installed (or may download it). `npm test` uses test/e2e/run.mjs (code-server) instead.
//
//   VSCODE_EXECUTABLE=/path/to/code node test/e2e/run-electron.mjs    an installed VS Code (the Electron binary)
//   VSCODE_DOWNLOAD=1 node test/e2e/run-electron.mjs                  let test-electron download VS Code stable
// Without either, an installed VS Code is looked for in the usual places; if none is found the script says so
// and exits with code 2.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const extensionTestsPath = join(repoRoot, 'out', 'e2e', 'index.js');
const workspace = join(repoRoot, 'test', 'e2e', 'workspace');

function installedVSCode() {
  const candidates = {
    linux: ['/usr/share/code/code', '/usr/lib/code/code', '/snap/code/current/usr/share/code/code', '/opt/visual-studio-code/code'],
    darwin: ['/Applications/Visual Studio Code.app/Contents/MacOS/Electron', join(homedir(), 'Applications/Visual Studio Code.app/Contents/MacOS/Electron')],
    win32: [
      join(process.env.LOCALAPPDATA ?? '', 'Programs', 'Microsoft VS Code', 'Code.exe'),
      join(process.env.ProgramFiles ?? 'C:\\Program Files', 'Microsoft VS Code', 'Code.exe'),
    ],
  }[process.platform] ?? [];
  return candidates.find((p) => existsSync(p));
}

async function main() {
  if (!existsSync(extensionTestsPath)) {
    console.error(`${extensionTestsPath} is missing: run \`npm run build\` first.`);
    return 2;
  }
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE ?? installedVSCode();
  if (!vscodeExecutablePath && process.env.VSCODE_DOWNLOAD !== '1') {
    console.error('No VS Code found: set VSCODE_EXECUTABLE to its executable, or VSCODE_DOWNLOAD=1 to download one.');
    return 2;
  }
  return runTests({
    ...(vscodeExecutablePath ? { vscodeExecutablePath } : { version: 'stable' }),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    extensionTestsEnv: process.env.LOGSLEUTH_E2E_GREP ? { LOGSLEUTH_E2E_GREP: process.env.LOGSLEUTH_E2E_GREP } : undefined,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`editor tests failed: ${error?.message ?? error}`);
    process.exit(1);
  },
);
