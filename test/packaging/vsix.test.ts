// Packages the extension with vsce (as a release would, minus dependency detection: everything is bundled) and
// checks the VSIX holds exactly the allow-listed files of .vscodeignore: the three bundles, schemas, grammars,
// snippets, manifest and documents. No sources, source maps, tests, samples or caches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths';

/** Entry names from a zip's central directory (the VSIX container). */
export function zipEntries(zip: Buffer): string[] {
  const EOCD = 0x06054b50;
  const CDH = 0x02014b50;
  let eocd = -1;
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'the VSIX is a zip file (end of central directory found)');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(zip.readUInt32LE(offset), CDH, `central directory header ${n} is well-formed`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const allowed: RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  /^extension\/dist\/(extension|server|cli|scanWorker)\.js$/,
  /^extension\/dist\/schemas\/[^/]+\.json$/,
  /^extension\/syntaxes\/[^/]+\.json$/,
  /^extension\/snippets\/[^/]+\.code-snippets$/,
];

test('the VSIX contains only the allow-listed files and both bundles', { timeout: 180_000 }, () => {
  const root = repoRoot();
  for (const file of ['dist/extension.js', 'dist/server.js']) {
    assert.ok(existsSync(join(root, file)), `${file} exists (run \`npm run build\` first)`);
  }
  const outDir = mkdtempSync(join(tmpdir(), 'logsleuth-vsix-'));
  try {
    const vsix = join(outDir, 'log-sleuth.vsix');
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const result = spawnSync(
      process.execPath,
      // Relative README links stay as they are: the package is checked here, not published.
      [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 170_000 },
    );
    assert.equal(result.status, 0, `vsce package failed:\n${result.stdout}\n${result.stderr}`);

    const entries = zipEntries(readFileSync(vsix));
    const unexpected = entries.filter((name) => !allowed.some((pattern) => pattern.test(name)));
    assert.deepEqual(unexpected, [], `files outside the allow-list are packaged: ${unexpected.join(', ')}`);
    assert.ok(!entries.some((name) => name.endsWith('.map')), 'no source maps');
    for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/scanWorker.js']) {
      assert.ok(entries.includes(required), `${required} is packaged (entries: ${entries.join(', ')})`);
    }
    for (const doc of [/^extension\/readme\.md$/i, /^extension\/changelog\.md$/i, /^extension\/license(\.txt|\.md)?$/i]) {
      assert.ok(entries.some((name) => doc.test(name)), `a file matching ${doc} is packaged`);
    }
    assert.ok(entries.some((name) => name.startsWith('extension/syntaxes/')), 'the grammars are packaged');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
