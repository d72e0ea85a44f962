// Test entry loaded by the extension host (extensionTestsPath): runs every bundled `*.e2e.js` beside it with
// mocha (tdd interface). Used unchanged by test/e2e/run.mjs (code-server) and test/e2e/run-electron.mjs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 150_000, reporter: 'spec' });
  const grep = process.env.LOGSLEUTH_E2E_GREP;
  if (grep) mocha.grep(grep);
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.e2e.js'))
    .sort();
  if (files.length === 0) return Promise.reject(new Error(`no *.e2e.js test files in ${__dirname}`));
  for (const name of files) mocha.addFile(join(__dirname, name));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} editor test(s) failed`));
        else resolve();
      });
    } catch (error) {
      reject(error);
    }
  });
}
