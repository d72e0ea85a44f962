// Editor tests in a real VS Code: code-server + headless Chromium, the extension loaded from this repository
// (extensionDevelopmentPath) and the mocha suite `out/e2e/index.js` run inside the real extension host
// (extensionTestsPath). Same test entry as run-electron.mjs. Exit code = the suite's result.
//
// Environment: E2E_TIMEOUT_MS (default 2700000): hard limit for the run once code-server is up;
// E2E_KEEP=1: keep the run folder (user data, extension host and server logs) under .vscode-test/runs;
// E2E_VERBOSE=1: also print the workbench's own log (always in .vscode-test/e2e-workbench.log);
// LOGSLEUTH_E2E_GREP: run only the tests whose title matches (the `npm start` session check of session.mjs runs
// when there is no grep or it names "session"); E2E_EXTENSION_PATH / E2E_TESTS_ENTRY /
// E2E_WORKSPACE: override the extension folder, the test entry and the opened folder (harness debugging).
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { cacheDir, ensureAll, launchChromium, repoRoot, startCodeServer, workbenchUrl } from '../../scripts/vscode-server.mjs';
import { checkUserSession } from './session.mjs';

// The whole tier takes about 25 min here, most of it the every-signature test (3 s for each of 350+ signatures).
const timeoutMs = Number(process.env.E2E_TIMEOUT_MS ?? 2_700_000);
const extensionPath = process.env.E2E_EXTENSION_PATH ?? repoRoot;
const testsEntry = process.env.E2E_TESTS_ENTRY ?? join(repoRoot, 'out', 'e2e', 'index.js');
const workspace = process.env.E2E_WORKSPACE ?? join(repoRoot, 'test', 'e2e', 'workspace');
const failureShot = join(cacheDir, 'e2e-failure.png');
const workbenchLogFile = join(cacheDir, 'e2e-workbench.log');
const verbose = process.env.E2E_VERBOSE === '1';

/** The workbench's own chatter (connection set-up, gallery, stack traces inside workbench.js); kept in the log file. */
function isWorkbenchNoise(text) {
  return (
    text.includes('/static/out/vs/') ||
    /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin|Ignoring fetching additional builtin|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\])/.test(text)
  );
}

function say(message) {
  process.stdout.write(`[e2e] ${message}\n`);
}

async function main() {
  const t0 = Date.now();
  if (!existsSync(testsEntry)) {
    say(`${testsEntry} is missing: run \`npm run build\` first (it bundles test/e2e/suite/*.ts).`);
    return 2;
  }
  if (extensionPath === repoRoot && !existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    say('dist/extension.js is missing: run `npm run build` first.');
    return 2;
  }
  const { seconds } = ensureAll();
  say(`prerequisites ready in ${seconds.toFixed(1)} s`);

  const keep = process.env.E2E_KEEP === '1';
  const server = await startCodeServer({ name: 'e2e', keepRunDir: keep });
  if (keep) say(`run folder kept (E2E_KEEP=1): ${server.runDir}`);
  say(`code-server ${server.base} ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  let browser;
  let page;
  let timer;
  try {
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    let resolveResult;
    const result = new Promise((r) => (resolveResult = r));
    const workbenchLog = createWriteStream(workbenchLogFile);
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      workbenchLog.write(`${text}\n`);
      if (verbose || !isWorkbenchNoise(text)) process.stdout.write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveResult({ code: Number(code) }));
    timer = setTimeout(() => resolveResult({ timeout: true }), timeoutMs);
    page.on('pageerror', (error) => say(`page error: ${error.message}`));
    const url = workbenchUrl(server, {
      folder: workspace,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: testsEntry,
      extensionEnvironment: Object.fromEntries(
        ['LOGSLEUTH_E2E_GREP', 'LOGSLEUTH_E2E_SIGNATURES'].filter((k) => process.env[k]).map((k) => [k, process.env[k]]),
      ),
    });
    await page.goto(url);
    const outcome = await result;
    const elapsed = ((Date.now() - t0) / 1000).toFixed(1);
    if (outcome.timeout) {
      say(`TIMEOUT: the editor tests did not finish within ${timeoutMs / 1000} s (E2E_TIMEOUT_MS). Screenshot: ${failureShot}`);
      say(`code-server log tail:\n${server.logTail(30)}`);
      await screenshot(page);
      return 1;
    }
    if (outcome.code !== 0) {
      await screenshot(page);
      say(`editor tests FAILED (exit ${outcome.code}) after ${elapsed} s. Screenshot: ${failureShot}`);
    } else {
      say(`editor tests passed in ${elapsed} s`);
    }
    return outcome.code;
  } finally {
    clearTimeout(timer);
    if (browser) await browser.close();
    await server.stop();
  }
}

async function screenshot(page) {
  try {
    mkdirSync(cacheDir, { recursive: true });
    await page.screenshot({ path: failureShot, timeout: 10_000 });
  } catch (error) {
    say(`could not take a screenshot: ${error.message}`);
  }
}

/** After the suite: the session people get from `npm start` (installed VSIX, no test driver); skipped by a grep that does not name it. */
async function mainAndSession() {
  const code = await main();
  const grep = process.env.LOGSLEUTH_E2E_GREP;
  if (code !== 0 || (grep && !/session|npm start/i.test(grep))) return code;
  return checkUserSession();
}

mainAndSession().then(
  (code) => process.exit(code),
  (error) => {
    say(`ERROR: ${error.stack ?? error}`);
    process.exit(1);
  },
);
