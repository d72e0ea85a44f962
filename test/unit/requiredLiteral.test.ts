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
    assert.equal(folded.scan('caf\u00e9 no proposal', new Uint8Array(1), true), false, 'non-ASCII text is left to toLowerCase');
  });
});
