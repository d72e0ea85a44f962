import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeJson } from '../../server/src/node/jsonOut';

function streamed(value: unknown, chunkSize?: number): { text: string; pieces: number } {
  const pieces: string[] = [];
  writeJson(value, (t) => pieces.push(t), chunkSize);
  return { text: pieces.join(''), pieces: pieces.length };
}

describe('writeJson', () => {
  test('writes the bytes of JSON.stringify(value, null, 2) for nested reports', () => {
    const findings = Array.from({ length: 500 }, (_, i) => ({
      line: i * 7 + 1,
      endLine: i * 7 + (i % 3) + 1,
      severity: ['error', 'warning', 'info'][i % 3],
      rule: `rule.${i % 11}`,
      message: `peer 10.${i % 256}.0.${(i * 13) % 254} said "no"\n\ttab \u00e9\u4e2d ${'x'.repeat(i % 40)}`,
      flow: i % 4 === 0 ? null : `fl=${88000 + i}`,
      skipped: i % 5 === 0 ? undefined : i,
    }));
    const value = {
      files: [
        { path: '/var/log/a.log', format: 'pluto', family: 'pluto', lines: 3500, notices: [], findings },
        { path: 'b.log', format: null, family: null, lines: 0, notices: ['one', 'two'], findings: [], extra: {}, nested: [[1, [2, {}]], { a: [] }], gone: undefined },
      ],
      list: [1, undefined, () => 1, 'x', null, true, -0.5],
    };
    const expected = JSON.stringify(value, null, 2);
    for (const chunk of [1, 64, 1 << 20]) assert.equal(streamed(value, chunk).text, expected);
  });

  test('primitives and empty containers', () => {
    for (const value of [0, 'a"b\\c', null, true, [], {}, [[]], [{}], { a: { b: {} } }]) assert.equal(streamed(value).text, JSON.stringify(value, null, 2));
  });

  test('a large array is written in several pieces, not one string', () => {
    const value = { findings: Array.from({ length: 20000 }, (_, i) => ({ line: i, message: `m${i}` })) };
    const { text, pieces } = streamed(value, 4096);
    assert.equal(text, JSON.stringify(value, null, 2));
    assert.ok(pieces > 100, `${pieces} pieces`);
  });
});
