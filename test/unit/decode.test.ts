import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBytes, LogDecoder } from '../../server/src/service/decode';

const TEXT = 'Log Name:      Mobile Device Manager\r\nSource:        Device Manager\r\nDescription: Größe über 100 € ✓\r\n';

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  const bytes = bigEndian ? Buffer.from(le).swap16() : le;
  return bom ? Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), bytes]) : bytes;
}

describe('decoding log files', () => {
  test('UTF-8 with and without BOM', () => {
    assert.equal(decodeBytes(Buffer.from(TEXT)).text, TEXT);
    const withBom = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
    assert.equal(withBom.text, TEXT);
    assert.equal(withBom.encoding, 'utf-8');
  });

  test('UTF-16 LE and BE with BOM, and LE without BOM', () => {
    assert.equal(decodeBytes(utf16(TEXT, false, true)).text, TEXT);
    assert.equal(decodeBytes(utf16(TEXT, true, true)).text, TEXT);
    const bare = decodeBytes(utf16(TEXT, false, false));
    assert.equal(bare.encoding, 'utf-16le');
    assert.equal(bare.text, TEXT);
  });

  test('chunk boundaries inside multi-byte characters and UTF-16 code units', () => {
    for (const bytes of [Buffer.from(TEXT.repeat(300)), utf16(TEXT.repeat(300), false, true)]) {
      for (const size of [1, 3, 4095, 4097]) {
        const decoder = new LogDecoder();
        let out = '';
        for (let i = 0; i < bytes.length; i += size) out += decoder.write(bytes.subarray(i, i + size));
        out += decoder.end();
        assert.equal(out, TEXT.repeat(300), `chunk size ${size}`);
      }
    }
  });

  test('invalid UTF-8 is replaced and reported, binary is recognised', () => {
    const invalid = decodeBytes(Buffer.from([0x41, 0xff, 0xfe, 0x42, 0x0a]));
    assert.equal(invalid.replaced, true);
    assert.equal(invalid.text, 'A\uFFFD\uFFFDB\n');
    const binary = decodeBytes(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]));
    assert.equal(binary.binary, true);
  });
});
