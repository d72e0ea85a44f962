import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFormatRegistry } from '../../server/src/formats/registry';
import type { FormatDefinition } from '../../server/src/formats/formatDefinition';
import { createKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';
import { analyzeText } from '../../server/src/service/analyze';

/** A charon-like format: `NN[IKE] message`, an optional `<level>` word, debug lines fixed by their pattern. */
function definition(extra: Partial<FormatDefinition> = {}): FormatDefinition {
  return {
    id: 'text-level-test',
    family: 'pluto',
    title: 'test',
    lines: [
      { name: 'debug', regex: '^(?<thread>\\d{2})\\[DMN\\] (?<message>.*)$', level: 'debug' },
      { name: 'leveled', regex: '^(?<thread>\\d{2})\\[(?<component>[A-Z]{2,4})\\] <(?<level>[a-z]{1,8})> (?<message>.*)$' },
      { name: 'plain', regex: '^(?<thread>\\d{2})\\[(?<component>[A-Z]{2,4})\\] (?<message>.*)$' },
    ],
    level: { map: { error: ['err'], warning: ['warn'], info: ['info'] } },
    levelFromText: {
      benign: ['^no acceptable ENCRYPTION_ALGORITHM found$'],
      error: ['\\bfailed\\b', '^no (?:matching|acceptable) \\w{1,40}(?: \\w{1,40})? found', 'received \\w{1,40}_(?:CHOSEN|UNACCEPTABLE) notify'],
      warning: ['\\bretransmit \\d{1,3}\\b', 'deleting IKE_SA'],
      flags: 'i',
    },
    samples: [{ line: '05[IKE] x' }],
    ...extra,
  };
}

const emptyKnowledge = createKnowledgeBase([]);

function analyze(lines: string[], def = definition(), eol = '\n') {
  const registry = createFormatRegistry([def]);
  assert.deepEqual(registry.errors, []);
  return analyzeText(lines.join(eol), { registry, knowledge: emptyKnowledge, formatId: def.id });
}

describe('level from the message text', () => {
  test('error and warning words give the level; benign look-alikes and other lines keep the default', () => {
    const parsed = analyze([
      '07[CFG] received proposals: IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024',
      '07[IKE] no acceptable ENCRYPTION_ALGORITHM found',
      '07[IKE] no matching proposal found, sending NO_PROPOSAL_CHOSEN',
      '12[NET] sending retransmit 3 of request message ID 0, seq 1',
      '09[IKE] received TS_UNACCEPTABLE notify, no CHILD_SA built',
      '14[IKE] AUTHENTICATION FAILED for peer 198.51.100.23',
    ], definition(), '\r\n');
    assert.deepEqual(parsed.entries.map((e) => e.level), ['info', 'info', 'error', 'warning', 'error', 'error']);
  });

  test('benign is tried before error, error before warning', () => {
    const def = definition({
      levelFromText: { benign: ['^ignoring failed'], error: ['failed'], warning: ['failed|deleting'] },
    });
    const parsed = analyze(['03[IKE] ignoring failed lookup of 10.8.0.1', '03[IKE] lookup failed', '03[IKE] deleting IKE_SA gw2[4]'], def);
    assert.deepEqual(parsed.entries.map((e) => e.level), ['info', 'error', 'warning']);
  });

  test('a mapped level field wins; an unmapped one lets the words decide', () => {
    const parsed = analyze([
      '11[IKE] <info> authentication of peer failed, retrying',
      '11[IKE] <notice> authentication of peer failed',
      '11[IKE] <warn> everything fine',
    ]);
    assert.deepEqual(parsed.entries.map((e) => e.level), ['info', 'error', 'warning']);
  });

  test('a level fixed by the line pattern stays', () => {
    const parsed = analyze(['00[DMN] loading plugin failed: curl']);
    assert.equal(parsed.entries[0]!.level, 'debug');
    assert.deepEqual(parsed.findings, []);
  });

  test('words on a later line of a multi-line entry count', () => {
    const def = definition({ multiline: { continuation: '^\\s{2,8}\\S' } });
    const parsed = analyze(['08[IKE] peer reply:', '    authentication failed at 10.1.4.2', '08[IKE] next'], def);
    assert.deepEqual(parsed.entries.map((e) => [e.startLine, e.endLine, e.level]), [[0, 1, 'error'], [2, 2, 'info']]);
  });

  test('levels from the text give level findings as levels from a field do', () => {
    const parsed = analyze(['16[IKE] no matching CHILD_SA config found', '16[NET] sending retransmit 2 of request', '16[IKE] <err> peer gone']);
    assert.deepEqual(parsed.findings.map((f) => [f.line, f.rule, f.severity]), [[0, 'level.error', 'error'], [1, 'level.warning', 'warning'], [2, 'level.error', 'error']]);
    assert.match(parsed.findings[0]!.message, /^error: no matching CHILD_SA config found$/);
  });

  test('formats without the vocabulary are unchanged', () => {
    const def = definition();
    delete def.levelFromText;
    const parsed = analyze(['07[IKE] no matching proposal found', '07[IKE] AUTHENTICATION FAILED']);
    assert.deepEqual(analyze(['07[IKE] no matching proposal found', '07[IKE] AUTHENTICATION FAILED'], def).entries.map((e) => e.level), ['info', 'info']);
    assert.deepEqual(parsed.entries.map((e) => e.level), ['error', 'error']);
  });

  test('an unsafe or broken item is reported with its place and the format is skipped', () => {
    const unsafe = createFormatRegistry([definition({ levelFromText: { error: ['ok', '(a+)+b'] } })]);
    assert.equal(unsafe.formats.length, 0);
    assert.match(unsafe.errors[0]!, /levelFromText\.error\[1\]: unsafe/);
    const clashing = createFormatRegistry([definition({ levelFromText: { warning: ['(?<x>a)', '(?<x>b)'] } })]);
    assert.match(clashing.errors[0]!, /levelFromText\.warning/);
  });
});
