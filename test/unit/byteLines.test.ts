import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteLineSplitter } from '../../server/src/engine/byteLines';

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
