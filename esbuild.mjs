// Bundles the three programs (extension client, language server, headless CLI) and, for development, the tests.
// Format and signature data files are gathered at build time by a virtual module, so adding a data file needs
// no code change.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const dataDirectories = {
  'logsleuth:formats': 'server/src/formats/definitions',
  'logsleuth:signatures': 'server/src/knowledge/signatures',
};

/** `import formats from 'logsleuth:formats'` yields `[{ file, data }]` for every JSON file in the folder. */
const dataModules = {
  name: 'logsleuth-data',
  setup(build) {
    build.onResolve({ filter: /^logsleuth:/ }, (args) => ({ path: args.path, namespace: 'logsleuth-data' }));
    build.onLoad({ filter: /.*/, namespace: 'logsleuth-data' }, (args) => {
      const dir = dataDirectories[args.path];
      if (!dir) return { errors: [{ text: `unknown data module ${args.path}` }] };
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
      const items = files.map((f) => `{ file: ${JSON.stringify(f)}, data: ${readFileSync(join(dir, f), 'utf8')} }`);
      return {
        contents: `export default [${items.join(',\n')}];`,
        loader: 'js',
        watchFiles: files.map((f) => join(dir, f)),
        watchDirs: [dir],
      };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  plugins: [dataModules],
};

function listFiles(dir, predicate) {
  let out = [];
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(listFiles(path, predicate));
    else if (predicate(path)) out.push(path);
  }
  return out;
}

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/node/main.ts' }, outdir: 'dist' },
  // The worker thread the CLI and the server split a large log over.
  { ...common, entryPoints: { scanWorker: 'server/src/node/scanWorker.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'server/src/node/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
];

if (!production) {
  // Tools run by npm scripts (npm run coverage:knowledge), bundled with the data like the programs.
  builds.push({ ...common, entryPoints: { 'knowledge-coverage': 'server/src/node/knowledgeCoverage.ts' }, outdir: 'out/tools' });
  // Node-side tests (unit, contract, grammar, protocol): one bundle per test file under out/test/.
  const nodeTests = listFiles('test', (p) => p.endsWith('.test.ts') && !p.startsWith(join('test', 'e2e')));
  if (nodeTests.length > 0) {
    const entryPoints = Object.fromEntries(nodeTests.map((p) => [relative('test', p).replace(/\.ts$/, ''), p]));
    // bench/generate.mjs is a program and a library: bundled into a test, it has no URL of its own (it checks).
    builds.push({ ...common, entryPoints, outdir: 'out/test', external: ['vscode'], logOverride: { 'empty-import-meta': 'silent' } });
  }
  // Editor tests run inside the extension host: bundled with `vscode` and `mocha` left external.
  const editorSuite = listFiles(join('test', 'e2e', 'suite'), (p) => p.endsWith('.ts'));
  if (editorSuite.length > 0) {
    const entryPoints = Object.fromEntries(editorSuite.map((p) => [relative(join('test', 'e2e', 'suite'), p).replace(/\.ts$/, ''), p]));
    builds.push({ ...common, entryPoints, outdir: 'out/e2e', external: ['vscode', 'mocha'] });
  }
}

mkdirSync('dist/schemas', { recursive: true });
copyFileSync('server/src/knowledge/signature.schema.json', 'dist/schemas/signature.schema.json');
copyFileSync('server/src/formats/format.schema.json', 'dist/schemas/format.schema.json');

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
