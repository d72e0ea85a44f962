// The session `npm start` gives people, checked as a person sees it: the extension installed from its VSIX (not
// loaded as a development extension), code-server without the smoke-test driver, a log opened from the
// Explorer. A notice of ours (here: findings capped by the folder's logsleuth.maxFindings) must appear as a
// notification toast, with the log's squiggles drawn. Run by test/e2e/run.mjs after the suite; alone:
// `node test/e2e/session.mjs` (after `npm run build`).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, ensureAll, launchChromium, packageExtension, repoRoot, startCodeServer, workbenchUrl } from '../../scripts/vscode-server.mjs';

const say = (message) => process.stdout.write(`[session] ${message}\n`);

/** Resolves to 0 when the toast and the squiggles showed, 1 otherwise (with a screenshot). */
export async function checkUserSession() {
  ensureAll();
  const vsix = packageExtension(join(cacheDir, 'session', 'log-sleuth.vsix'));
  const folder = mkdtempSync(join(cacheDir, 'session', 'folder-'));
  mkdirSync(join(folder, '.vscode'));
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'logsleuth.maxFindings': 2 }, null, 2));
  copyFileSync(join(repoRoot, 'samples', 'sr-errorlog.current'), join(folder, 'sr-errorlog.current'));
  const server = await startCodeServer({ name: 'session', testDriver: false, install: [vsix] });
  const browser = await launchChromium();
  const shot = join(cacheDir, 'session-failure.png');
  let page;
  try {
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(workbenchUrl(server, { folder }));
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sr-errorlog.current' });
    await row.first().waitFor({ timeout: 60_000 });
    await row.first().dblclick();
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Log Sleuth: Only 2 findings are shown' });
    await toast.first().waitFor({ timeout: 30_000 });
    say('the installed extension drew squiggles and its notice showed as a notification toast');
    return 0;
  } catch (error) {
    say(`FAILED: ${error.message}`);
    await page?.screenshot({ path: shot }).catch(() => undefined);
    say(`screenshot: ${shot}`);
    return 1;
  } finally {
    await browser.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  checkUserSession().then(
    (code) => process.exit(code),
    (error) => {
      say(`ERROR: ${error.stack ?? error}`);
      process.exit(1);
    },
  );
}
