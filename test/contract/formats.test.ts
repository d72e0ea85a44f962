import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import schema from '../../server/src/formats/format.schema.json';
import { scoreFormats } from '../../server/src/formats/detect';
import { splitLines } from '../../server/src/formats/parser';
import { builtInFormatDefinitions, builtInFormatRegistry } from '../../server/src/formats/registry';
import type { FormatDefinition } from '../../server/src/formats/formatDefinition';
import { checkRegexSafety } from '../../server/src/util/regexSafety';
import { analyzeText } from '../../server/src/service/analyze';
import type { LogEntry } from '../../server/src/model/log';

const definitions = builtInFormatDefinitions();
const registry = builtInFormatRegistry();
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function textLevelLists(def: FormatDefinition): Array<[string, string[]]> {
  const rule = def.levelFromText ?? {};
  return (['benign', 'error', 'warning'] as const).filter((list) => (rule[list]?.length ?? 0) > 0).map((list) => [list, rule[list]!]);
}

function actual(entry: LogEntry, name: string): string | undefined {
  if (name === 'level') return entry.level;
  if (name === 'message') return entry.message;
  return entry.fields[name]?.value;
}

describe('format contract', () => {
  test('there are formats for every family', () => {
    const families = new Set(definitions.map((d) => d.family));
    for (const family of ['iag', 'waas', 'pluto', 'nettrace', 'eas', 'winevent', 'iis']) assert.ok(families.has(family as never), family);
  });

  test('ids are unique', () => {
    const ids = definitions.map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('every pattern compiles and passes the backtracking check', () => {
    assert.deepEqual(registry.errors, []);
  });

  for (const def of definitions) {
    describe(def.id, () => {
      test('validates against the schema', () => {
        assert.ok(validate(def), JSON.stringify(validate.errors, null, 1));
      });

      test('patterns are free of nested repetition', () => {
        for (const line of def.lines) assert.ok(checkRegexSafety(line.regex).ok, `${line.name}: ${checkRegexSafety(line.regex).reason}`);
        for (const [list, sources] of textLevelLists(def)) {
          for (const source of sources) assert.ok(checkRegexSafety(source).ok, `levelFromText.${list} ${source}: ${checkRegexSafety(source).reason}`);
        }
      });

      for (const [list, sources] of textLevelLists(def)) {
        test(`levelFromText.${list}: every item compiles and a sample shows the list at work`, () => {
          const flags = def.levelFromText?.flags ?? '';
          const items = sources.map((source) => new RegExp(source, flags));
          const shown = def.samples.some((sample) => {
            const text = sample.line ?? sample.lines!.join('\n');
            const entry = analyzeText(text, { formatId: def.id, levelFindings: false }).entries[0];
            if (!entry || !items.some((item) => item.test(entry.message))) return false;
            return list === 'benign' ? sample.expect?.level !== undefined && !['error', 'warning'].includes(sample.expect.level) : sample.expect?.level === list;
          });
          assert.ok(shown, `no sample matches levelFromText.${list} and expects level ${list === 'benign' ? 'info/debug' : list}`);
        });
      }

      def.samples.forEach((sample, i) => {
        const text = sample.line ?? sample.lines!.join('\n');
        test(`sample ${i} parses into its expected fields`, () => {
          const parsed = analyzeText(text, { formatId: def.id, levelFindings: false });
          const entry = parsed.entries[0];
          assert.ok(entry, `sample ${i} produced no entry`);
          for (const [name, expected] of Object.entries(sample.expect ?? {})) {
            assert.equal(actual(entry, name), expected, `field ${name}`);
          }
        });
        test(`sample ${i} is detected as ${def.id} over every other format`, () => {
          const scores = scoreFormats(registry, splitLines(text));
          assert.ok(scores.length > 0, 'no format recognised the sample');
          const best = scores[0]!;
          const rivals = scores.filter((s) => s.format.id !== def.id && s.score >= (scores.find((x) => x.format.id === def.id)?.score ?? 0));
          assert.equal(best.format.id, def.id, `detected as ${best.format.id} (${scores.map((s) => `${s.format.id}=${s.score}`).join(', ')})`);
          assert.deepEqual(rivals.map((r) => r.format.id), [], 'another format scores as high');
        });
      });
    });
  }
});
