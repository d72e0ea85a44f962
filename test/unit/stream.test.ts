import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { repoRoot } from '../support/paths';
import { analyzeText } from '../../server/src/service/analyze';
import { decodeBytes } from '../../server/src/service/decode';
import type { ParsedLog } from '../../server/src/model/log';
import { ByteLineSplitter } from '../../server/src/engine/byteLines';
import { analyzeFile, readFileLines, StreamAnalyzer, type StreamResult } from '../../server/src/stream/streamAnalyzer';

const FIXTURES = join(repoRoot(), 'test', 'fixtures');
const YEAR = 2013;

function fixtureFiles(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...fixtureFiles(path));
    else out.push(path);
  }
  return out;
}

function streamBytes(bytes: Uint8Array, fileName: string, chunkSize: number): StreamResult {
  const analyzer = new StreamAnalyzer({ fileName, referenceYear: YEAR });
  for (let i = 0; i < bytes.length; i += chunkSize) analyzer.writeBytes(bytes.subarray(i, Math.min(bytes.length, i + chunkSize)));
  return analyzer.finish();
}

/** What a user sees of an analysis: findings (every field), flows with their outcome, counts. */
function comparable(result: { lineCount: number; formatId?: string; findings: ParsedLog['findings']; flows: ParsedLog['flows'] }, entries: number) {
  return {
    lineCount: result.lineCount,
    formatId: result.formatId,
    entries,
    findings: result.findings.map((f) => ({ ...f, values: { ...f.values } })),
    flows: [...result.flows.values()].map((f) => ({ id: f.id, label: f.label, entries: [...f.entries], errors: f.errorCount, warnings: f.warningCount, outcome: f.outcome, parent: f.parent, first: f.firstTime, last: f.lastTime })),
  };
}

describe('streaming analysis equals the in-memory analysis', () => {
  // A capture without time stamps judges validity windows against "now": both analyses must see the same now.
  const realNow = Date.now;
  before(() => {
    const fixed = realNow();
    Date.now = () => fixed;
  });
  after(() => {
    Date.now = realNow;
  });

  for (const path of fixtureFiles()) {
    const name = path.slice(FIXTURES.length + 1);
    test(name, () => {
      const bytes = readFileSync(path);
      const expected = analyzeText(decodeBytes(bytes).text, { fileName: path, referenceYear: YEAR });
      for (const chunk of [1 << 20, 4096, 7, 1]) {
        if (chunk === 1 && bytes.length > 64 * 1024) continue;
        const streamed = streamBytes(bytes, path, chunk);
        assert.deepEqual(comparable(streamed, streamed.entryCount), comparable(expected, expected.entries.length), `chunk size ${chunk}`);
      }
    });
  }
});

describe('byte lines', () => {
  function split(bytes: Uint8Array, chunk: number) {
    const lines: string[] = [];
    const offsets: number[] = [];
    const splitter = new ByteLineSplitter((l, o) => {
      lines.push(...l);
      offsets.push(...o);
    });
    for (let i = 0; i < bytes.length; i += chunk) splitter.write(bytes.subarray(i, i + chunk));
    splitter.end();
    return { lines, offsets, encoding: splitter.encoding };
  }

  const text = 'Mär 1 Grüße – ünïcödé 😀\r\nzweite\rdritte\n\nletzte ohne Umbruch';
  const expected = text.split(/\r\n|\r|\n/);

  test('UTF-8 with multi-byte characters cut by every chunk size', () => {
    const bytes = Buffer.from(text, 'utf8');
    for (let chunk = 1; chunk <= bytes.length; chunk++) {
      const { lines, offsets } = split(bytes, chunk);
      assert.deepEqual(lines, expected, `chunk ${chunk}`);
      // Each offset points at the line's first byte.
      offsets.forEach((offset, i) => assert.equal(bytes.subarray(offset).toString('utf8').startsWith(expected[i]!), true));
    }
  });

  test('UTF-16 LE with a byte-order mark and BE without, odd chunk sizes', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(text.repeat(300), 'utf16le').swap16();
    for (const chunk of [1, 3, 5, 4096]) {
      const a = split(le, chunk);
      assert.equal(a.encoding, 'utf-16le');
      assert.deepEqual(a.lines, expected);
      assert.equal(a.offsets[1], 2 + Buffer.byteLength(expected[0]! + '\r\n', 'utf16le'));
      const b = split(be, chunk);
      assert.equal(b.encoding, 'utf-16be');
      assert.deepEqual(b.lines, text.repeat(300).split(/\r\n|\r|\n/));
    }
  });

  test('a file ending with a line break ends with an empty line, as split gives', () => {
    assert.deepEqual(split(Buffer.from('a\nb\n'), 1).lines, ['a', 'b', '']);
    assert.deepEqual(split(Buffer.from(''), 1).lines, ['']);
  });
});

describe('large file path', () => {
  test('UTF-16 file on disk: same findings as decoding it whole; lines read back by offset', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const serial = 100 + i;
      lines.push(`Jun 28 16:${String(10 + (i % 50)).padStart(2, '0')}:41 gw-${i % 3} pluto[5023]: "tun-${i % 7}" #${serial}: initiating Main Mode`);
      if (i % 97 === 0) lines.push(`Jun 28 16:${String(10 + (i % 50)).padStart(2, '0')}:42 gw-${i % 3} pluto[5023]: "tun-${i % 7}" #${serial}: we require peer to have ID '198.51.100.${i % 250}', but peer declares '10.0.${i % 200}.2'`);
    }
    lines.sort();
    const text = lines.join('\r\n') + '\r\n';
    const dir = mkdtempSync(join(tmpdir(), 'logsleuth-stream-'));
    const path = join(dir, 'pluto-utf16.log');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { analyzer, result } = await analyzeFile(path, { referenceYear: YEAR });
    const expected = analyzeText(text, { fileName: path, referenceYear: YEAR });
    assert.equal(result.encoding, 'utf-16le');
    assert.ok(expected.findings.some((f) => f.rule === 'pluto.ikev1.peer-id-mismatch'));
    assert.deepEqual(comparable(result, result.entryCount), comparable(expected, expected.entries.length));
    const finding = result.findings.find((f) => f.rule === 'pluto.ikev1.peer-id-mismatch')!;
    const [line] = await readFileLines(path, analyzer, finding.line, finding.line);
    assert.equal(line, text.split('\r\n')[finding.line]);
    const tail = await readFileLines(path, analyzer, 10, 12);
    assert.deepEqual(tail, text.split('\r\n').slice(10, 13));
  });
});
