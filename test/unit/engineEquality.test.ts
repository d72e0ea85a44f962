import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import builtInFormats from 'logsleuth:formats';
import builtInSignatures from 'logsleuth:signatures';
import { pathToFileURL } from 'node:url';
import { indexText, toParsedLog, type IndexOptions } from '../../server/src/engine/analyze';
import type { FormatDefinition } from '../../server/src/formats/formatDefinition';
import type { SignatureFile, SignatureSample } from '../../server/src/knowledge/signatureDefinition';
import { legacyAnalyzeText as analyzeText, type AnalyzeOptions } from '../../server/src/service/analyze';
import { LogDecoder } from '../../server/src/service/decode';
import type { ParsedLog } from '../../server/src/model/log';
import { fixturePath, repoRoot } from '../support/paths';

/**
 * The new engine (columnar index, annotation on demand) against the analysis it replaces, on every fixture,
 * format sample, signature sample and near miss, and on generated logs of every family: entries, flows and
 * findings must be identical, field for field.
 */

interface Generator {
  FAMILIES: Record<string, { file: string }>;
  generate(family: string, path: string, options: { lines: number }): Promise<number>;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function decode(path: string): string {
  const decoder = new LogDecoder();
  return decoder.write(readFileSync(path)) + decoder.end();
}

/** The first difference, named, rather than a diff of two whole analyses. */
function assertSame(actual: ParsedLog, expected: ParsedLog): void {
  assert.equal(actual.lineCount, expected.lineCount, 'line count');
  assert.deepEqual(actual.sections, expected.sections, 'sections');
  assert.equal(actual.formatId, expected.formatId, 'format');
  assert.equal(actual.newestFirst, expected.newestFirst, 'order');
  assert.equal(actual.entries.length, expected.entries.length, 'entry count');
  for (let i = 0; i < expected.entries.length; i++) assert.deepEqual(actual.entries[i], expected.entries[i], `entry ${i}`);
  assert.deepEqual([...actual.entryAtLine], [...expected.entryAtLine], 'entry at line');
  assert.deepEqual([...actual.flows.keys()], [...expected.flows.keys()], 'flow ids in order');
  for (const [id, flow] of expected.flows) assert.deepEqual(actual.flows.get(id), flow, `flow ${id}`);
  assert.equal(actual.findings.length, expected.findings.length, `finding count: ${JSON.stringify(actual.findings.map((f) => [f.line, f.rule]))} vs ${JSON.stringify(expected.findings.map((f) => [f.line, f.rule]))}`);
  for (let i = 0; i < expected.findings.length; i++) assert.deepEqual(actual.findings[i], expected.findings[i], `finding ${i}`);
  assert.deepEqual(actual.folds, expected.folds, 'folds');
  assert.deepEqual(actual.notices, expected.notices, 'notices');
}

function bothEngines(text: string, options: AnalyzeOptions & IndexOptions = {}): void {
  const shared = { uri: 'file:///x/log', referenceYear: 2014, ...options };
  // A capture without time stamps judges validity windows against "now": both engines see the same now.
  const now = Date.now;
  const fixed = now();
  Date.now = () => fixed;
  try {
    const expected = analyzeText(text, shared);
    const actual = toParsedLog(indexText(text, { ...shared, maxFindings: shared.maxFindings ?? 10000 }), shared);
    assertSame(actual, expected);
  } finally {
    Date.now = now;
  }
}

describe('the indexed engine equals the analysis it replaces', () => {
  for (const path of files(fixturePath()).filter((p) => !p.endsWith('.json'))) {
    test(`fixture ${path.slice(fixturePath().length + 1)}`, () => bothEngines(decode(path), { fileName: path }));
  }

  for (const { data } of builtInFormats) {
    const def = data as FormatDefinition;
    test(`format ${def.id}: samples, detected and forced`, () => {
      for (const sample of def.samples) {
        const text = sample.line ?? sample.lines!.join('\n');
        bothEngines(text);
        bothEngines(text, { formatId: def.id });
      }
    });
  }

  for (const { file, data } of builtInSignatures) {
    test(`signatures ${file}: samples and near misses`, () => {
      for (const signature of (data as SignatureFile).signatures) {
        for (const sample of [...signature.samples, ...(signature.nearMisses ?? [])] as SignatureSample[]) {
          const lines = typeof sample === 'string' ? [sample] : sample.lines;
          bothEngines(lines.join('\n'));
          bothEngines(lines.join('\r\n') + '\r\n', { severity: { 'level.warning': 'off' } });
        }
      }
    });
  }

  describe('generated logs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsleuth-equality-'));
    // The generator is the benchmark's own ES module, loaded as it is (not bundled into the test).
    const generator = import(pathToFileURL(join(repoRoot(), 'bench', 'generate.mjs')).href) as Promise<Generator>;
    for (const family of ['pluto', 'waas', 'iag', 'nettrace', 'activesync']) {
      test(`${family}, 30,000 lines`, async () => {
        const { generate, FAMILIES } = await generator;
        const path = join(dir, FAMILIES[family]!.file);
        await generate(family, path, { lines: 30000 });
        bothEngines(readFileSync(path, 'utf8'), { fileName: path });
      });
    }
    test('clean up', () => rmSync(dir, { recursive: true, force: true }));
  });
});
