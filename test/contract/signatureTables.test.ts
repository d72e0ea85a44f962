import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import builtIn from 'logsleuth:signatures';
import { builtInKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';
import { expandSignatureFile, expandTable } from '../../server/src/knowledge/signatureTables';
import type { SignatureFile, SignatureTable } from '../../server/src/knowledge/signatureDefinition';

const table: SignatureTable = {
  idPrefix: 'test.notify',
  families: ['pluto'],
  directions: {
    sent: {
      title: 'sent {{name}}',
      summary: '"{conn}": we sent {{name}} ({{number}}, {{meaning}})',
      forms: [
        { message: 'sending notification {{pattern}} to', samples: ['"a" #1: sending notification {{name}} to 192.0.2.1:500'] },
        { message: 'v2 says {{pattern}}', versions: ['IKEv2'], samples: ['"a" #1: v2 says {{short}}'] },
      ],
    },
    received: {
      title: 'received {{name}}',
      summary: 'got {{name}}',
      forms: [{ message: 'ignoring informational payload {{pattern}}', samples: ['"a" #1: ignoring informational payload {{name}}'] }],
    },
  },
  rows: [
    {
      name: 'ONLY_V1',
      number: 3,
      versions: ['IKEv1'],
      pattern: 'ONLY_V1',
      meaning: 'first',
      severity: 'error',
      cases: { sent: { cause: 'c1', fix: ['f1'] }, received: { severity: 'warning', cause: 'c2', fix: ['f2'] } },
    },
    {
      name: 'BOTH',
      number: 4,
      versions: ['IKEv1', 'IKEv2'],
      pattern: 'BOTH|BTH',
      shortName: 'BTH',
      meaning: 'second',
      severity: 'warning',
      cases: { sent: { cause: 'c3', fix: ['f3'] } },
    },
  ],
};

describe('signature tables', () => {
  const expanded = expandTable(table);

  test('one signature per row and direction that has a case, ids from the prefix, row and direction', () => {
    assert.deepEqual(
      expanded.map((s) => s.id),
      ['test.notify.only-v1.sent', 'test.notify.only-v1.received', 'test.notify.both.sent'],
    );
  });

  test('row values fill titles and summaries; log placeholders stay for the matcher', () => {
    const sent = expanded.find((s) => s.id === 'test.notify.both.sent')!;
    assert.equal(sent.title, 'sent BOTH');
    assert.equal(sent.summary, '"{conn}": we sent BOTH (4, second)');
  });

  test('forms limited to versions the row lacks are left out of its pattern and samples', () => {
    const v1 = expanded.find((s) => s.id === 'test.notify.only-v1.sent')!;
    assert.equal(v1.match?.message, '(?:sending notification (?:ONLY_V1) to)');
    assert.deepEqual(v1.samples, ['"a" #1: sending notification ONLY_V1 to 192.0.2.1:500']);
    const both = expanded.find((s) => s.id === 'test.notify.both.sent')!;
    assert.deepEqual(both.samples, ['"a" #1: sending notification BOTH to 192.0.2.1:500', '"a" #1: v2 says BTH']);
    for (const sample of both.samples) assert.match(sample as string, new RegExp(both.match!.message!));
  });

  test('a case severity overrides the row severity', () => {
    assert.equal(expanded.find((s) => s.id === 'test.notify.only-v1.received')!.severity, 'warning');
    assert.equal(expanded.find((s) => s.id === 'test.notify.only-v1.sent')!.severity, 'error');
  });

  test('a file without tables expands to its own signatures only', () => {
    const file: SignatureFile = { signatures: [] };
    assert.deepEqual(expandSignatureFile(file), []);
  });

  test('every row of the built-in tables is in the knowledge base', () => {
    const knowledge = builtInKnowledgeBase();
    const fromTables = builtIn.flatMap((f) => ((f.data as SignatureFile).tables ?? []).flatMap(expandTable));
    assert.ok(fromTables.length > 0, 'the built-in signatures have a table');
    for (const signature of fromTables) assert.ok(knowledge.byId.has(signature.id), signature.id);
  });
});
