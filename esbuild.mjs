// Bundles the three programs: the extension client, the language server and the headless CLI.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
};

/** Editor tests are bundled beside the programs but never shipped (the .vscodeignore keeps them out). */
function e2eSuiteEntries() {
  const dir = 'test/e2e/suite';
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/node/main.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'server/src/node/cli.ts' }, outdir: 'dist' },
];
const suite = e2eSuiteEntries();
if (suite.length > 0 && !production) {
  builds.push({ ...common, entryPoints: suite, outdir: 'out/e2e', external: ['vscode', 'mocha'] });
}

mkdirSync('dist', { recursive: true });
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
