import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
// The benchmark's generator (deterministic, seeded): logs long enough to be split.
import { FAMILIES, rng } from '../../bench/generate.mjs';
import { IndexedAnalysis } from '../../server/src/engine/analysis';
import { indexText, type IndexedLog } from '../../server/src/engine/analyze';
import { indexTextInParallel, scanJob, type PartRunner } from '../../server/src/engine/parallel';
import { ScanWorkers } from '../../server/src/node/scanWorkers';
import { fingerprint } from '../support/fingerprint';
import { fixturePath } from '../support/paths';

/**
 * Property: a log cut into any number of parts at any lines, the parts scanned apart (in worker threads or
 * here) and merged, is analysed exactly as in one piece: the same entries, flows and findings. Cuts inside a
 * multi-line entry or a glued line, and between lines of different formats, must be caught by the merge and
 * the lines scanned again, never merged wrong.
 */

const LINES = 41_000;

function generated(family: keyof typeof FAMILIES, lines = LINES): string {
  const spec = FAMILIES[family];
  const source = spec.lines(rng(spec.seed));
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(source.next().value + spec.eol);
  return out.join('');
}

/** Public text written by others (test/fixtures/real/, sources in each key file), repeated to a long log. */
function realText(folders: string[], lines = LINES): string {
  const pieces = folders.flatMap((folder) =>
    readdirSync(fixturePath('real', folder))
      .filter((f) => !f.endsWith('.json'))
      .sort()
      .map((f) => readFileSync(join(fixturePath('real', folder), f), 'utf8')),
  );
  return repeated(pieces.map((p) => (p.endsWith('\n') ? p : p + '\n')).join(''), lines);
}

function repeated(text: string, lines = LINES): string {
  const copy = text.endsWith('\n') ? text : text + '\n';
  return copy.repeat(Math.ceil(lines / (copy.split('\n').length - 1)));
}

const SOURCES: Array<{ name: string; text: string; fileName: string }> = [
  { name: 'generated pluto', text: generated('pluto'), fileName: 'pluto.log' },
  { name: 'generated WAAS errorlog', text: generated('waas'), fileName: 'mapiao-errorlog.current' },
  { name: 'generated IAG trace (CRLF)', text: generated('iag'), fileName: 'easportal.usermgrcom.log' },
  { name: 'generated Wireshark text export', text: generated('nettrace'), fileName: 'eas-capture.wireshark.txt' },
  { name: 'real pluto, xl2tpd and charon pastes', text: realText(['pluto', 'l2tp', 'strongswan']), fileName: 'messages' },
  { name: 'real WAAS pastes and captures', text: realText(['waas']), fileName: 'waas.txt' },
  { name: 'seed IAG fixture (multi-line, CRLF)', text: repeated(readFileSync(fixturePath('iag', 'easportal.usermgrcom.crlf.log'), 'utf8')), fileName: 'easportal.usermgrcom.log' },
];

const options = (source: (typeof SOURCES)[number]) => ({ fileName: source.fileName, referenceYear: 2014 });
const inThisThread: PartRunner = async (job) => scanJob(job);
const whole = new Map<string, unknown>();
function wholeFingerprint(source: (typeof SOURCES)[number]): unknown {
  let print = whole.get(source.name);
  if (print === undefined) whole.set(source.name, (print = fingerprintOf(indexText(source.text, options(source)))));
  return print;
}
const fingerprintOf = (indexed: IndexedLog) => fingerprint(new IndexedAnalysis(indexed, 'file:///case/log', 0));

describe('a log split over threads', () => {
  const pool = new ScanWorkers(2);
  after(() => pool.close());

  test('the sources are long enough to be split', () => {
    for (const source of SOURCES) assert.ok(source.text.split('\n').length > 40_000, source.name);
  });

  test('cut at any lines into any number of parts, it is analysed as in one piece', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: SOURCES.length - 1 }), fc.uniqueArray(fc.integer({ min: 20_001, max: LINES - 1 }), { minLength: 1, maxLength: 4 }), async (s, cuts) => {
        const source = SOURCES[s]!;
        const { indexed, parts } = await indexTextInParallel(source.text, options(source), inThisThread, cuts.length + 1, { cuts, minLines: 0 });
        assert.equal(parts, cuts.length + 1);
        assert.deepEqual(fingerprintOf(indexed), wholeFingerprint(source));
      }),
      { numRuns: 8, seed: 20261202 },
    );
  });

  test('cut where entries start, every part is merged as scanned apart', async () => {
    for (const source of SOURCES) {
      for (const parts of [3]) {
        const result = await indexTextInParallel(source.text, options(source), inThisThread, parts, { minLines: 0 });
        assert.equal(result.parts, parts, `${source.name}: ${parts} parts`);
        assert.equal(result.merged, parts, `${source.name}: every part of ${parts} merged`);
        assert.deepEqual(fingerprintOf(result.indexed), wholeFingerprint(source), source.name);
      }
    }
  });

  test('a cut inside a multi-line entry is scanned again, not merged', async () => {
    const source = SOURCES.find((s) => s.name.startsWith('seed IAG'))!;
    // A line that continues an entry: a part starting there cannot merge.
    const { index } = indexText(source.text, options(source));
    let continuation = -1;
    for (let e = 0; e < index.entryCount && continuation < 0; e++) if (index.startLine[e]! > 25_000 && index.endLine[e]! > index.startLine[e]!) continuation = index.startLine[e]! + 1;
    assert.ok(continuation > 0, 'the fixture has multi-line entries');
    const result = await indexTextInParallel(source.text, options(source), inThisThread, 2, { cuts: [continuation], minLines: 0 });
    assert.equal(result.merged, 1, 'the part starting inside an entry was scanned again');
    assert.deepEqual(fingerprintOf(result.indexed), wholeFingerprint(source));
  });

  test('in worker threads, with one or three threads beside this one', async () => {
    assert.ok(pool.parts > 1, 'the scan thread script dist/scanWorker.js is built');
    for (const source of [SOURCES[0]!, SOURCES[4]!]) {
      for (const parts of [2, 4]) {
        const result = await indexTextInParallel(source.text, options(source), pool.run, parts, { minLines: 0 });
        assert.equal(result.merged, parts, `${source.name}: ${parts} parts merged`);
        assert.deepEqual(fingerprintOf(result.indexed), wholeFingerprint(source), source.name);
      }
    }
  });

  test('a short log, or one whose formats read declared columns, is analysed in one piece', async () => {
    const short = await indexTextInParallel(generated('pluto', 5_000), { fileName: 'pluto.log' }, inThisThread, 2);
    assert.equal(short.parts, 1);
    const text = generated('activesync');
    const iis = await indexTextInParallel(text, { fileName: 'u_ex231127.log', referenceYear: 2014 }, inThisThread, 2, { minLines: 0 });
    assert.equal(iis.merged, 0);
    assert.deepEqual(fingerprintOf(iis.indexed), fingerprintOf(indexText(text, { fileName: 'u_ex231127.log', referenceYear: 2014 })));
  });
});
