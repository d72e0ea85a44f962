import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import schema from '../../server/src/knowledge/signature.schema.json';
import builtIn from 'logsleuth:signatures';
import { builtInKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';
import type { SignatureDefinition, SignatureFile, SignatureSample } from '../../server/src/knowledge/signatureDefinition';
import { analyzeLog, analyzeText } from '../../server/src/service/analyze';
import { expandSignatureFile } from '../../server/src/knowledge/signatureTables';
import { checkRegexSafety } from '../../server/src/util/regexSafety';

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const knowledge = builtInKnowledgeBase();
const files = builtIn.map((f) => ({ file: f.file, data: f.data as SignatureFile }));
const all: SignatureDefinition[] = files.flatMap((f) => expandSignatureFile(f.data));

function run(sample: SignatureSample) {
  const lines = typeof sample === 'string' ? [sample] : sample.lines;
  const peer = typeof sample === 'string' || !sample.peerLines ? undefined : analyzeLog(sample.peerLines.join('\n'), { uri: 'file:///peer/' + (sample.peerFileName ?? 'peer.log'), fileName: sample.peerFileName });
  const parsed = analyzeText(lines.join('\n'), { uri: 'file:///sample/sample.log', peers: () => (peer ? [{ uri: peer.uri, family: peer.family, index: peer.index }] : []) });
  return { parsed, line: typeof sample === 'string' ? 0 : sample.line };
}

describe('signature contract', () => {
  for (const { file, data } of files) {
    test(`${file} validates against the schema`, () => {
      assert.ok(validate(data), JSON.stringify(validate.errors, null, 1));
    });
  }

  test('every signature compiles (patterns checked for catastrophic backtracking)', () => {
    assert.deepEqual(knowledge.errors, []);
  });

  test('ids are unique across files', () => {
    const seen = new Map<string, number>();
    for (const s of all) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
    assert.deepEqual([...seen].filter(([, n]) => n > 1).map(([id]) => id), []);
  });

  for (const signature of all) {
    describe(signature.id, () => {
      test('patterns are free of nested repetition', () => {
        for (const source of [signature.match?.message, signature.absence?.missing, signature.absence?.startedBy].filter((s): s is string => !!s)) {
          assert.ok(checkRegexSafety(source).ok, source);
        }
      });

      signature.samples.forEach((sample, i) => {
        test(`sample ${i} produces the finding`, () => {
          const { parsed, line } = run(sample);
          assert.ok(parsed.family && signature.families.includes(parsed.family), `sample detected as ${parsed.family ?? 'nothing'} (${parsed.formatId ?? '-'})`);
          const hits = parsed.findings.filter((f) => f.rule === signature.id);
          assert.ok(hits.some((f) => f.line === line), `expected ${signature.id} on line ${line}; got ${JSON.stringify(parsed.findings.map((f) => [f.line, f.rule]))}`);
          const hit = hits.find((f) => f.line === line)!;
          assert.equal(hit.severity, signature.severity);
        });
      });

      (signature.nearMisses ?? []).forEach((sample, i) => {
        test(`near-miss ${i} does not produce the finding`, () => {
          const { parsed } = run(sample);
          assert.deepEqual(parsed.findings.filter((f) => f.rule === signature.id).map((f) => f.line), []);
        });
      });
    });
  }
});
