import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRICS, runLspBench, type Family, type Measured } from '../../bench/lspBench';
import { repoRoot } from '../support/paths';

// The benchmark itself works: on a small generated document every metric is a number, or says the server does not
// offer that request. No figure is judged here (speed goals are checked by `npm run bench` only).
const OPTIONAL = { codeLensResolve: 'lensResolve', semanticTokensRange: 'semanticRange', semanticTokensFull: 'semanticFull' } as const;

async function check(family: Family, file: string, diagnostics: 'pull' | 'push'): Promise<void> {
  const result = await runLspBench({ serverPath: join(repoRoot(), 'dist', 'server.js'), file, lines: 2000, family, samples: 12, wholeSamples: 2, timeoutS: 60, diagnostics });
  assert.equal(result.lines, 2000);
  assert.equal(result.diagnosticsMode, diagnostics);
  assert.equal(result.sync, 'incremental');
  for (const key of METRICS) {
    const metric: Measured = result.metrics[key];
    const offered = key in OPTIONAL ? result[OPTIONAL[key as keyof typeof OPTIONAL]] : true;
    if (!offered) {
      assert.ok('failed' in metric && /not offered by the server/.test(metric.failed), `${key}: ${JSON.stringify(metric)}`);
      continue;
    }
    assert.ok(!('failed' in metric), `${key}: ${JSON.stringify(metric)}`);
    assert.ok(Number.isFinite(metric.ms) && metric.ms >= 0, `${key}: ${metric.ms}`);
    assert.ok(metric.count >= 1, `${key}: ${metric.count}`);
  }
  // The requests did real work: diagnostics found, definitions followed from flow ids, lenses listed.
  const first = result.metrics.firstDiagnostics;
  assert.ok(!('failed' in first) && /^[1-9]\d* diagnostics$/.test(first.note ?? ''), JSON.stringify(first));
  const definition = result.metrics.definition;
  assert.ok(!('failed' in definition) && /\d+ found/.test(definition.note ?? ''), JSON.stringify(definition));
  const lenses = result.metrics.codeLensList;
  assert.ok(!('failed' in lenses) && /lists of [1-9]/.test(lenses.note ?? ''), JSON.stringify(lenses));
  assert.ok(result.peakBytes !== null && result.peakBytes > result.bytes, String(result.peakBytes));
  assert.equal(result.peakRatio, result.peakBytes / result.bytes);
  assert.deepEqual(result.serverErrors, []);
}

test('the stdio benchmark reports every metric on a 2,000-line document', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsp-bench-'));
  try {
    execFileSync(process.execPath, [join(repoRoot(), 'bench', 'generate.mjs'), '--lines', '3000', '--out', dir, '--only', 'pluto,waas']);
    await check('pluto', join(dir, 'pluto.log'), 'pull');
    await check('waas', join(dir, 'mapiao-errorlog.current'), 'push');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a request past its cap is reported as timed out, not waited for', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsp-bench-'));
  try {
    execFileSync(process.execPath, [join(repoRoot(), 'bench', 'generate.mjs'), '--lines', '3000', '--out', dir, '--only', 'pluto']);
    // A "server" that reads its input and never answers: initialize itself times out, every metric says why.
    const silent = join(dir, 'silent.js');
    writeFileSync(silent, 'process.stdin.resume();\nsetInterval(() => undefined, 1000);\n');
    const result = await runLspBench({ serverPath: silent, file: join(dir, 'pluto.log'), lines: 2000, family: 'pluto', samples: 4, wholeSamples: 1, timeoutS: 0.5 });
    for (const key of METRICS) assert.ok('failed' in result.metrics[key], `${key}: ${JSON.stringify(result.metrics[key])}`);
    assert.match((result.metrics.hover as { failed: string }).failed, /timed out after 0\.5 s/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
