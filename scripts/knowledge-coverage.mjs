// `npm run coverage:knowledge`: analyses the sample of every message in docs/catalogs/*.json with the built engine
// (out/tools/knowledge-coverage.js, bundled by esbuild.mjs) and writes docs/knowledge-coverage.md. With --check it
// writes nothing and exits 1 when the committed file differs from what it would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { catalogProblems, coverageMarkdown, readCatalogs } = require(join(root, 'out', 'tools', 'knowledge-coverage.js'));

const catalogs = readCatalogs(join(root, 'docs', 'catalogs'));
const problems = catalogs.flatMap((c) => catalogProblems(c.name, c.catalog));
if (problems.length > 0) {
  process.stderr.write(`knowledge-coverage: broken catalogs:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
const target = join(root, 'docs', 'knowledge-coverage.md');
const markdown = coverageMarkdown(catalogs);
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {}
  if (committed !== markdown) {
    process.stderr.write('knowledge-coverage: docs/knowledge-coverage.md is out of date; run npm run coverage:knowledge\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, markdown);
  const totals = catalogs.map((c) => `${c.catalog.daemon} ${c.catalog.version}: ${c.catalog.messages.length} messages`);
  process.stdout.write(`wrote docs/knowledge-coverage.md (${totals.join('; ') || 'no catalogs'})\n`);
}
