// `npm start`: build, then open the sample logs in a real VS Code (code-server, loopback only) with this
// extension installed from a VSIX packed from the build, as a user has it (no test switches: notifications and
// progress show as they do for users). Prints the address to open in a browser; Ctrl+C stops everything.
//
//   npm start                 samples/ folder
//   npm start -- <folder>     another folder of logs
//   npm start -- --no-build   skip `npm run build`
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureAll, packageExtension, repoRoot, startCodeServer, workbenchUrl } from './vscode-server.mjs';

const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const folderArg = args.find((a) => !a.startsWith('--'));
const folder = resolve(folderArg ?? join(repoRoot, 'samples'));

if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error(`Not a folder: ${folder}`);
  process.exit(2);
}

if (!skipBuild) {
  console.log('Building (npm run build)...');
  const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The build failed; fix it or run with --no-build.');
    process.exit(build.status ?? 1);
  }
}
if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: the build did not produce the extension.');
  process.exit(1);
}

ensureAll();
console.log('Packing the extension (vsce package)...');
const vsix = packageExtension();
const server = await startCodeServer({ name: 'start', settings: { 'workbench.colorTheme': 'Default Dark Modern' }, testDriver: false, install: [vsix] });
const url = workbenchUrl(server, { folder });

console.log('');
console.log('Log Sleuth is running in VS Code (code-server on 127.0.0.1 only; the extension is installed from');
console.log(`${vsix}, built from this repository). Open this address in a browser on this machine:`);
console.log('');
console.log(`  ${url}`);
console.log('');
console.log('Press Ctrl+C to stop.');

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping code-server...`);
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
server.child.on('exit', async (code, signal) => {
  if (stopping) return;
  console.error(`code-server exited unexpectedly (${code ?? signal}). Last log lines:\n${server.logTail(20)}`);
  await server.stop();
  process.exit(1);
});
