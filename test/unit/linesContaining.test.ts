import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineText, linesContaining } from '../../server/src/service/document';

describe('the lines of a range that contain a value', () => {
  test('are the lines whose own text contains it, whatever the line ends, the range or where the value sits', () => {
    const piece = fc.constantFrom('"site-7"', 'site-7', '#14', ' ', 'x', 'ite-', '\n', '\r\n', '"', 'site-77');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.constantFrom('site-7', '#14', '"site-7"', 'e-7'), fc.nat(), fc.nat(), (pieces, value, a, b) => {
        const document = TextDocument.create('file:///x.log', 'log', 1, pieces.join(''));
        const lines = document.lineCount;
        const from = a % lines;
        const to = from + (b % (lines - from));
        const expected: number[] = [];
        for (let line = from; line <= to; line++) if (lineText(document, line).includes(value)) expected.push(line);
        assert.deepEqual([...linesContaining(document, value, from, to)], expected);
      }),
      { numRuns: 500, seed: 20261203 },
    );
  });

  test('an empty value or a reversed range finds nothing', () => {
    const document = TextDocument.create('file:///x.log', 'log', 1, 'a\nb\n');
    assert.deepEqual([...linesContaining(document, '', 0, 1)], []);
    assert.deepEqual([...linesContaining(document, 'b', 1, 0)], []);
    assert.deepEqual([...linesContaining(document, 'b', 0, 2)], [1]);
  });
});
