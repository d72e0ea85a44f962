// Makes docs/screenshot.png: the samples folder in a real VS Code (code-server + headless Chromium) with the
// extension loaded from this repository, the WAAS sr-errorlog open, squiggles and flow code lenses drawn, the
// "Log Sleuth" summary view in the Explorer, and the hover of a key-retrieval error showing its explanation and fix. Run `npm run build` first.
//
//   node scripts/screenshot.mjs [output.png] [--file <sample name>] [--hover-line <text>] [--hover-word <word>]
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ensureAll, launchChromium, repoRoot, startCodeServer, workbenchUrl } from './vscode-server.mjs';

const argv = process.argv.slice(2);
function option(name, fallback) {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const value = argv[i + 1];
  argv.splice(i, 2);
  return value;
}
const sampleName = option('--file', 'sr-errorlog.current');
/** The error line to hover: its text, and a word inside the underlined message. */
const hoverLine = option('--hover-line', 'error:16');
const hoverWord = option('--hover-word', 'Retrieve');
const output = resolve(argv[0] ?? join(repoRoot, 'docs', 'screenshot.png'));

if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` first.');
  process.exit(2);
}

ensureAll();
const server = await startCodeServer({
  name: 'shot',
  settings: {
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.layoutControl.enabled': false,
    'editor.minimap.enabled': false,
    'editor.hover.delay': 100,
    'editor.fontSize': 13,
    'window.commandCenter': false,
    'breadcrumbs.enabled': false,
    'editor.occurrencesHighlight': 'off',
    'editor.selectionHighlight': false,
    'editor.renderLineHighlight': 'none',
  },
});
const browser = await launchChromium();
let code = 0;
try {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(workbenchUrl(server, { folder: join(repoRoot, 'samples'), extensionDevelopmentPath: repoRoot }));

  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: sampleName });
  await row.first().waitFor({ timeout: 60_000 });
  await row.first().dblclick();

  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
  // Code lenses head every flow; a log without flows (no flow keys in its lines) has none.
  try {
    await editor.locator('.codelens-decoration').first().waitFor({ timeout: 15_000 });
  } catch {
    console.warn(`note: no code lenses appeared in ${sampleName} (no flows recognised in it)`);
  }

  // Show the "Log Sleuth" summary view in the Explorer (findings by rule, flows by outcome).
  await page.keyboard.press('F1');
  await page.keyboard.type('Log Sleuth: Focus on Log Sleuth View');
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  const summary = page.locator('.pane-header', { hasText: 'Log Sleuth' });
  try {
    await summary.first().waitFor({ timeout: 15_000 });
    await page.locator('.monaco-list-row', { hasText: 'Failed (' }).first().waitFor({ timeout: 15_000 });
    // Fold the file list so the summary has the Explorer's height, and widen the side bar for its rows.
    await page.locator('.pane-header', { hasText: 'samples' }).first().click();
    const sidebar = await page.locator('.part.sidebar').first().boundingBox();
    if (sidebar) {
      const x = sidebar.x + sidebar.width + 1;
      await page.mouse.move(x, sidebar.y + sidebar.height / 2);
      await page.mouse.down();
      await page.mouse.move(x + 170, sidebar.y + sidebar.height / 2, { steps: 6 });
      await page.mouse.up();
    }
  } catch {
    console.warn('note: the Log Sleuth summary view did not show');
  }
  await page.keyboard.press('F1');
  await page.keyboard.type('View: Focus Active Editor Group');
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');

  // Close anything that covers the editor (notifications, the secondary side bar if shown).
  await page.keyboard.press('Escape');
  const clearAll = page.locator('.notifications-toasts .codicon-notifications-clear-all');
  if (await clearAll.count()) await clearAll.first().click().catch(() => {});

  // Hover a word of the key-retrieval error until the hover shows its fix.
  const line = editor.locator('.view-line', { hasText: hoverLine }).first();
  await line.waitFor({ timeout: 30_000 });
  const word = line.locator('span span', { hasText: hoverWord }).first();
  const hover = page.locator('.monaco-hover-content', { hasText: 'How to fix' });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const box = await word.boundingBox();
    if (box) {
      await page.mouse.move(10, 10);
      await page.mouse.move(box.x + Math.min(box.width / 2, 60), box.y + box.height / 2, { steps: 4 });
    }
    try {
      await hover.first().waitFor({ timeout: 3_000 });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('the hover with "How to fix" did not appear');
    }
  }
  // Keep the hover open (pointer inside it) and scroll it until its "How to fix" section is in view.
  const hoverBox = await page.locator('.monaco-hover').filter({ hasText: 'How to fix' }).first().boundingBox();
  if (hoverBox) {
    await page.mouse.move(hoverBox.x + hoverBox.width / 2, hoverBox.y + 12, { steps: 3 });
    const heading = hover.locator('strong', { hasText: 'How to fix' }).first();
    for (let i = 0; i < 12; i++) {
      const h = await heading.boundingBox();
      if (!h || h.y < hoverBox.y + hoverBox.height * 0.35) break;
      await page.mouse.wheel(0, 40);
      await page.waitForTimeout(80);
    }
  }
  mkdirSync(dirname(output), { recursive: true });
  await page.screenshot({ path: output });
  console.log(`saved ${output}`);
} catch (error) {
  code = 1;
  console.error(`screenshot failed: ${error.message}`);
  try {
    const page = browser.context.pages()[0];
    const failure = join(repoRoot, '.vscode-test', 'screenshot-failure.png');
    await page?.screenshot({ path: failure });
    console.error(`what the page showed: ${failure}`);
  } catch {
    /* nothing to show */
  }
} finally {
  await browser.close();
  await server.stop();
}
process.exit(code);
