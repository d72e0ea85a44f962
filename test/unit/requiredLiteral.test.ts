import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { requiredLiteral, requiredLiterals } from '../../server/src/util/requiredLiteral';
import { builtInKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';
import { LiteralScan } from '../../server/src/engine/literalScan';

describe('required literal of a pattern', () => {
  test('takes the longest literal run outside groups and classes', () => {
    assert.equal(requiredLiteral('Failed to Retrieve Key from AD for SPN:(?<spn>\\S+) error:(?<code>\\d+)'), 'Failed to Retrieve Key from AD for SPN:');
    assert.equal(requiredLiteral('max number of retransmissions \\((?<n>\\d+)\\) reached'), 'max number of retransmissions (');
    assert.equal(requiredLiteral('Clock skew too great'), 'Clock skew too great');
  });

  test('drops optional characters and gives up on alternations', () => {
    assert.equal(requiredLiteral('colou?r scheme'), 'r scheme');
    assert.equal(requiredLiteral('abc|def'), undefined);
    assert.equal(requiredLiteral('(?:a|b)c'), undefined);
    assert.equal(requiredLiteral('\\d+\\.\\d+'), undefined);
    assert.equal(requiredLiteral('xy{0,3}z'), undefined);
  });

  test('every built-in signature sample still contains its literal (the pre-filter never hides a match)', () => {
    for (const signature of builtInKnowledgeBase().signatures) {
      if (!signature.literal) continue;
      for (const sample of signature.def.samples) {
        const text = typeof sample === 'string' ? sample : sample.lines.join('\n');
        const haystack = signature.literalIgnoreCase ? text.toLowerCase() : text;
        assert.ok(haystack.includes(signature.literal), `${signature.id}: sample lacks ${JSON.stringify(signature.literal)}`);
      }
    }
  });

  test('alternatives: one literal per alternative, looking into groups every match passes through', () => {
    assert.deepEqual(requiredLiterals('abc|def'), ['abc', 'def']);
    assert.deepEqual(requiredLiterals('(?:foo|bar)baz'), ['baz']);
    assert.deepEqual(requiredLiterals('(?:timed out|no reply)'), ['timed out', 'no reply']);
    assert.deepEqual(requiredLiterals('(?:(?:timed out|no reply) waiting|retransmitting)'), [' waiting', 'retransmitting']);
    assert.equal(requiredLiterals('abc|x'), undefined);
    assert.equal(requiredLiterals('x(?:abcd|efgh)?'), undefined);
    assert.equal(requiredLiterals('(?=abcd)\\d'), undefined);
  });

  test('every built-in signature sample contains one of its literals', () => {
    for (const signature of builtInKnowledgeBase().signatures) {
      const source = signature.def.match?.message;
      const literals = source ? requiredLiterals(source) : undefined;
      if (!literals) continue;
      const ignoreCase = (signature.def.match?.flags ?? '').includes('i');
      for (const sample of signature.def.samples) {
        const text = typeof sample === 'string' ? sample : sample.lines.join('\n');
        const haystack = ignoreCase ? text.toLowerCase() : text;
        assert.ok(literals.some((l) => haystack.includes(ignoreCase ? l.toLowerCase() : l)), `${signature.id}: sample lacks all of ${JSON.stringify(literals)}`);
      }
    }
  });

  test('one scan finds every literal, overlapping and case-folded ones too', () => {
    const scan = new LiteralScan(['he', 'she', 'hers', 'his']);
    const found = new Uint8Array(4);
    assert.equal(scan.scan('ushers', found, false), true);
    assert.deepEqual([...found], [1, 1, 1, 0]);
    const folded = new LiteralScan(['no proposal']);
    const hit = new Uint8Array(1);
    assert.equal(folded.scan('NO PROPOSAL chosen', hit, true), true);
    assert.deepEqual([...hit], [1]);
    // A few literals are looked up one by one on the lower-cased text: complete on any text.
    const few = new Uint8Array(1);
    assert.equal(folded.scan('caf\u00e9 NO proposal', few, true), true);
    assert.deepEqual([...few], [1]);
    const many = new LiteralScan(Array.from({ length: 12 }, (_, i) => `literal ${i}`));
    assert.equal(many.scan('caf\u00e9 literal 3', new Uint8Array(12), true), false, 'non-ASCII text is left to toLowerCase');
  });

  test('a few literals and the automaton mark the same literals, and list each once', () => {
    const words = ['STATE_MAIN', 'main', 'no proposal', 'proposal chosen', 'ike', 'IKE', 'sa established', 'established {'];
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
    const texts = Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(next() * 8) }, () => (next() < 0.5 ? words[Math.floor(next() * words.length)]! : 'x'.repeat(Math.floor(next() * 4)))).join(next() < 0.5 ? ' ' : ''));
    for (const fold of [false, true]) {
      const literals = fold ? [...new Set(words.map((w) => w.toLowerCase()))] : words;
      const small = new LiteralScan(literals);
      // Padded past the few-literal bound with literals that never occur, so this one walks the automaton.
      const large = new LiteralScan([...literals, ...Array.from({ length: 10 }, (_, i) => `\u0001never${i}`)]);
      for (const text of texts) {
        const a = new Uint8Array(literals.length);
        const b = new Uint8Array(literals.length + 10);
        const listed: number[] = [];
        assert.equal(small.scan(text, a, fold, listed), true);
        assert.equal(large.scan(text, b, fold), true);
        assert.deepEqual([...a], [...b.subarray(0, literals.length)], text);
        assert.deepEqual([...listed].sort((x, y) => x - y), literals.map((_, k) => k).filter((k) => a[k] === 1), text);
      }
    }
  });
});
