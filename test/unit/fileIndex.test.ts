import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexText, toParsedLog, type IndexedLog } from '../../server/src/engine/analyze';
import { FileIndex, READ_CHUNK } from '../../server/src/engine/indexFile';
import { decodeBytes } from '../../server/src/service/decode';
import { fixturePath } from '../support/paths';

/**
 * A file read from disk (lines streamed into the engine, only line offsets kept, entries annotated from lines
 * read back) gives what `indexText` gives for the decoded text: entries, flows, findings, folds, notices.
 */

const YEAR = 2013;
const URI = { uri: 'file:///var/log/test.log' };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function assertSameAnalysis(actual: IndexedLog, expected: IndexedLog): void {
  const a = toParsedLog(actual, URI);
  const e = toParsedLog(expected, URI);
  assert.equal(a.lineCount, e.lineCount, 'line count');
  assert.equal(a.formatId, e.formatId, 'format');
  assert.deepEqual(a.sections, e.sections, 'sections');
  assert.equal(a.entries.length, e.entries.length, 'entry count');
  for (let i = 0; i < e.entries.length; i++) assert.deepEqual(a.entries[i], e.entries[i], `entry ${i}`);
  assert.deepEqual([...a.flows.keys()], [...e.flows.keys()], 'flow ids in order');
  for (const [id, flow] of e.flows) assert.deepEqual(a.flows.get(id), flow, `flow ${id}`);
  assert.equal(a.findings.length, e.findings.length, 'finding count');
  for (let i = 0; i < e.findings.length; i++) assert.deepEqual(a.findings[i], e.findings[i], `finding ${i}`);
  assert.deepEqual(a.folds, e.folds, 'folds');
  assert.deepEqual(a.notices, e.notices, 'notices');
  assert.equal(actual.capped, expected.capped, 'capped');
}

/** What `indexText` makes of the file's bytes, decoded whole. */
function expectedOf(path: string, bytes: Uint8Array = readFileSync(path)): IndexedLog {
  return indexText(decodeBytes(bytes).text, { fileName: path, referenceYear: YEAR });
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A gateway's pluto log: negotiations `from`..`to` of several tunnels and hosts. Every 11th gets no answer at
 * first (a retransmission; only every 3rd of those is established later), every 17th is refused for the peer's
 * identity, the rest are established. `late` negotiations are established only after all the others, tens of
 * thousands of entries after they started: a sequence condition decided in blocks would get them wrong.
 */
function plutoLines(from: number, to: number, options: { startSecond?: number; late?: number[]; prefix?: boolean } = {}): string[] {
  const lines: string[] = [];
  let second = options.startSecond ?? 6 * 3600;
  const host = (n: number) => ['vpn-lon', 'vpn-fra', 'gw-ams-2'][n % 3]!;
  const at = (n: number) => {
    second += 1 + (n % 3);
    const time = `Mar  3 ${pad(Math.floor(second / 3600) % 24)}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)}`;
    return options.prefix === false ? '' : `${time} ${host(n)} pluto[${2100 + (n % 4)}]: `;
  };
  const conn = (n: number) => `"site-${n % 97}"`;
  for (let n = from; n <= to; n++) {
    lines.push(`${at(n)}${conn(n)} #${n}: initiating Main Mode`);
    if (options.late?.includes(n)) {
      lines.push(`${at(n)}${conn(n)} #${n}: STATE_MAIN_I1: retransmission; will wait 20s for response`);
    } else if (n % 11 === 0) {
      lines.push(`${at(n)}${conn(n)} #${n}: STATE_MAIN_I1: retransmission; will wait ${10 * (1 + (n % 3))}s for response`);
      if (n % 3 === 0) lines.push(`${at(n)}${conn(n)} #${n}: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}`);
    } else if (n % 17 === 0) {
      lines.push(`${at(n)}${conn(n)} #${n}: we require peer to have ID '203.0.113.${n % 250}', but peer declares '10.${n % 200}.4.1'`);
    } else {
      lines.push(`${at(n)}${conn(n)} #${n}: transition from state STATE_MAIN_I1 to state STATE_MAIN_I2`);
      lines.push(`${at(n)}${conn(n)} #${n}: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}`);
    }
  }
  for (const n of options.late ?? []) lines.push(`${at(n)}${conn(n)} #${n}: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}`);
  return lines;
}

/** pluto's line for a vendor ID it does not know, made exactly `bytes` long (UTF-8 and UTF-16 count alike: ASCII). */
function vendorIdLine(n: number, bytes: number): string {
  const head = `Mar  3 09:14:${pad(n % 60)} vpn-fra pluto[2102]: "site-zrh" #${n}: ignoring Vendor ID payload [`;
  let hex = '';
  for (let seed = n; hex.length < bytes - head.length - 1; seed = (seed * 1103515245 + 12345) % 2147483648) hex += (seed % 16).toString(16);
  const line = `${head}${hex.slice(0, bytes - head.length - 1)}]`;
  assert.equal(line.length, bytes, 'room for the vendor ID line');
  return line;
}

/** Index of the first line whose start is after `limit` bytes (each line and its break counted by `size`). */
function linesBefore(lines: string[], limit: number, size: (line: string) => number): { count: number; bytes: number } {
  let bytes = 0;
  let count = 0;
  while (count < lines.length && bytes + size(lines[count]!) <= limit) bytes += size(lines[count++]!);
  return { count, bytes };
}

/**
 * A folder for the suite's files, and one "now" for it: a capture without time stamps judges validity windows
 * against the clock, and both analyses compared must see the same.
 */
function suiteFolder(prefix: string): () => string {
  let dir = '';
  const realNow = Date.now;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    const fixed = realNow();
    Date.now = () => fixed;
  });
  after(() => {
    Date.now = realNow;
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

describe('a file read from disk gives what indexText gives for its text', () => {
  const folder = suiteFolder('logsleuth-file-index-');

  for (const path of files(fixturePath()).filter((p) => !p.endsWith('.json') && !p.endsWith('.md'))) {
    test(`fixture ${path.slice(fixturePath().length + 1)}`, async () => {
      const file = await FileIndex.read(path, { referenceYear: YEAR });
      try {
        assertSameAnalysis(file.indexed, expectedOf(path));
      } finally {
        file.close();
      }
    });
  }

  test('UTF-8 with CRLF over several read chunks: a multi-byte character and a CRLF across chunk boundaries; conditions over the whole file', async () => {
    const lines = plutoLines(100, 9000, { late: [104, 205] });
    const crlf = (line: string) => Buffer.byteLength(line) + 2;
    // A vendor ID line sized so that the first byte of the ü of the next line is the last byte of the first chunk.
    const identity = `Mar  3 09:14:07 vpn-fra pluto[2102]: "site-zrh" #90001: we require peer to have ID 'C=CH, O=Stadtwerke Zürich, CN=gw-zrh-1', but peer declares 'C=CH, O=Stadtwerke Zurich, CN=gw-zrh-2'`;
    const first = linesBefore(lines, READ_CHUNK - 800, crlf);
    const inIdentity = Buffer.byteLength(identity.slice(0, identity.indexOf('ü')));
    lines.splice(first.count, 0, vendorIdLine(90001, READ_CHUNK - 1 - first.bytes - 2 - inIdentity), identity);
    const identityLine = first.count + 1;
    // Another sized so that its CR is the last byte of the second chunk and its LF the first of the third.
    const second = linesBefore(lines, 2 * READ_CHUNK - 800, crlf);
    lines.splice(second.count, 0, vendorIdLine(90002, 2 * READ_CHUNK - 1 - second.bytes));
    const buffer = Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
    assert.equal(buffer[READ_CHUNK - 1], 0xc3, 'ü starts on the last byte of the first chunk');
    assert.equal(buffer[2 * READ_CHUNK - 1], 13, 'a CR ends the second chunk');
    assert.equal(buffer[2 * READ_CHUNK], 10, 'its LF starts the third');
    const path = join(folder(), 'messages-crlf.log');
    writeFileSync(path, buffer);
    const file = await FileIndex.read(path, { referenceYear: YEAR });
    try {
      assertSameAnalysis(file.indexed, expectedOf(path));
      assert.equal(file.lines.line(identityLine), identity, 'the line across the boundary reads back whole');
      const parsed = toParsedLog(file.indexed, URI);
      const mismatch = parsed.findings.find((f) => f.line === identityLine);
      assert.equal(mismatch?.rule, 'pluto.ikev1.peer-id-mismatch');
      assert.equal(parsed.entries[parsed.entryAtLine[identityLine]!]!.message.includes('Stadtwerke Zürich'), true);
      // No failure for negotiations established at the end of the file, tens of thousands of entries later.
      for (const n of [104, 205]) {
        assert.ok(!parsed.findings.some((f) => f.flowId === `pluto.state:${n}`), `#${n} was established at the end of the file: no finding`);
        assert.equal(parsed.flows.get(`pluto.state:${n}`)?.outcome.status, 'ok');
      }
      assert.ok(parsed.findings.some((f) => f.rule === 'pluto.ikev1.phase1-not-established' && f.flowId === 'pluto.state:110'), 'a negotiation never established is still reported');
    } finally {
      file.close();
    }
  });

  test('UTF-16 LE with a byte-order mark and CRLF; UTF-16 BE without a mark and LF; a character outside the BMP across a chunk boundary', async () => {
    const lines = plutoLines(5000, 12000, { late: [5005] });
    const units = (line: string) => 2 * (line.length + 2);
    // 𠮷 (a surrogate pair, 4 bytes): its high surrogate is the last unit of the first chunk (after the 2-byte mark).
    const identity = `Mar  3 07:00:00 gw-ams-2 pluto[2101]: "site-tyo" #91000: we require peer to have ID 'C=JP, O=𠮷野家, CN=vpn-tokyo', but peer declares 'C=JP, CN=vpn-osaka'`;
    const first = linesBefore(lines, READ_CHUNK - 2 - 1600, units);
    const inIdentity = identity.indexOf('𠮷');
    lines.splice(first.count, 0, vendorIdLine(91000, (READ_CHUNK - 2 - 2 - first.bytes) / 2 - 2 - inIdentity), identity);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')]);
    const high = le.readUInt16LE(READ_CHUNK - 2);
    assert.ok(high >= 0xd800 && high < 0xdc00, 'a high surrogate ends the first chunk');
    const lePath = join(folder(), 'pluto-utf16le.log');
    writeFileSync(lePath, le);
    const bePath = join(folder(), 'pluto-utf16be.log');
    writeFileSync(bePath, Buffer.from(lines.join('\n'), 'utf16le').swap16());
    for (const [path, encoding] of [
      [lePath, 'utf-16le'],
      [bePath, 'utf-16be'],
    ] as const) {
      const file = await FileIndex.read(path, { referenceYear: YEAR });
      try {
        assert.equal(file.encoding, encoding);
        assertSameAnalysis(file.indexed, expectedOf(path));
        assert.equal(file.lines.line(first.count + 1), identity, 'the line across the boundary reads back whole');
        assert.equal(file.lines.line(0), lines[0]);
        assert.ok(file.indexed.findings.some((f) => f.line === first.count + 1 && f.rule === 'pluto.ikev1.peer-id-mismatch'));
      } finally {
        file.close();
      }
    }
  });

  test('invalid bytes are replaced as decoding the whole file replaces them, and said so', async () => {
    const lines = plutoLines(300, 400);
    const path = join(folder(), 'broken.log');
    const good = Buffer.from(lines.slice(0, 50).join('\n') + '\n', 'utf8');
    const bad = Buffer.concat([Buffer.from(lines[50]!.slice(0, 40), 'utf8'), Buffer.from([0xff, 0xc3]), Buffer.from(lines[50]!.slice(40) + '\n', 'utf8')]);
    writeFileSync(path, Buffer.concat([good, bad, Buffer.from(lines.slice(51).join('\n'), 'utf8')]));
    const file = await FileIndex.read(path, { referenceYear: YEAR });
    try {
      assertSameAnalysis(file.indexed, expectedOf(path));
      assert.ok(file.lines.line(50).includes('\uFFFD'));
      assert.ok(file.notices.some((n) => n.includes('U+FFFD')), file.notices.join(' | '));
    } finally {
      file.close();
    }
  });
});

describe('a live tail: appended lines give the analysis of the whole file', () => {
  const folder = suiteFolder('logsleuth-file-tail-');

  test('a log over 20,000 lines continues its scan: a negotiation started before the append is decided by a line after it', async () => {
    const path = join(folder(), 'tail.log');
    const first = plutoLines(1, 8000, { late: [] });
    // #8001 waits for an answer at the end of the first part; its success comes in the appended part.
    const pending = [`Mar  3 11:00:00 vpn-fra pluto[2102]: "site-9" #8001: initiating Main Mode`, `Mar  3 11:00:02 vpn-fra pluto[2102]: "site-9" #8001: STATE_MAIN_I1: retransmission; will wait 20s for response`];
    const before = [...first, ...pending].join('\n') + '\n';
    writeFileSync(path, before);
    const file = await FileIndex.read(path, { referenceYear: YEAR });
    try {
      assert.ok(file.indexed.index.lineCount > 20000);
      assert.ok(file.indexed.findings.some((f) => f.flowId === 'pluto.state:8001'), 'not yet established: reported');
      assertSameAnalysis(file.indexed, expectedOf(path));

      const appended = [`Mar  3 11:00:21 vpn-fra pluto[2102]: "site-9" #8001: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}`, ...plutoLines(8002, 8100, { startSecond: 11 * 3600 + 30 })];
      appendFileSync(path, appended.join('\n') + '\n');
      const grown = await file.grow();
      assert.equal(grown.growth, 'continued');
      assert.equal(grown.file, file);
      assertSameAnalysis(file.indexed, expectedOf(path));
      assert.ok(!file.indexed.findings.some((f) => f.flowId === 'pluto.state:8001'), 'established after the append: no finding any more');
      assert.equal((await file.grow()).growth, 'unchanged');

      // A line still being written waits for its line break: the analysis is that of the lines before it.
      const partial = `Mar  3 12:00:00 gw-ams-2 pluto[2100]: "site-4" #8200: we require peer to have ID '203.0.113.7', but peer declares '10.9.9.1'`;
      appendFileSync(path, partial.slice(0, 50));
      const upToBreak = readFileSync(path);
      assert.equal((await file.grow()).growth, 'continued');
      assertSameAnalysis(file.indexed, expectedOf(path, upToBreak.subarray(0, upToBreak.lastIndexOf(10) + 1)));
      appendFileSync(path, partial.slice(50) + '\n');
      assert.equal((await file.grow()).growth, 'continued');
      assertSameAnalysis(file.indexed, expectedOf(path));
      assert.ok(file.indexed.findings.some((f) => f.flowId === 'pluto.state:8200' && f.rule === 'pluto.ikev1.peer-id-mismatch'));
    } finally {
      file.close();
    }
  });

  test('a small log, a file without a final line break and a file cut short are read again whole', async () => {
    const path = join(folder(), 'small.log');
    writeFileSync(path, plutoLines(1, 100).join('\n') + '\n');
    let file = await FileIndex.read(path, { referenceYear: YEAR });
    appendFileSync(path, plutoLines(101, 120, { startSecond: 9 * 3600 }).join('\n'));
    let grown = await file.grow();
    assert.equal(grown.growth, 'reindexed', 'under 20,000 lines the format vote may still change');
    file.close();
    file = grown.file;
    assertSameAnalysis(file.indexed, expectedOf(path));

    const big = join(folder(), 'no-final-break.log');
    writeFileSync(big, plutoLines(1, 8000).join('\n'));
    file.close();
    file = await FileIndex.read(big, { referenceYear: YEAR });
    appendFileSync(big, '\n' + plutoLines(8001, 8010, { startSecond: 12 * 3600 }).join('\n') + '\n');
    grown = await file.grow();
    assert.equal(grown.growth, 'reindexed', 'the last line had no line break: it may have been cut');
    file.close();
    file = grown.file;
    assertSameAnalysis(file.indexed, expectedOf(big));

    truncateSync(big, statSync(big).size - 500);
    appendFileSync(big, '\n');
    grown = await file.grow();
    assert.equal(grown.growth, 'reindexed');
    file.close();
    file = grown.file;
    assertSameAnalysis(file.indexed, expectedOf(big));
    file.close();
  });
});
