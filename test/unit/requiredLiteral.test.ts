import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { requiredLiteral } from '../../server/src/util/requiredLiteral';
import { builtInKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';

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
});
