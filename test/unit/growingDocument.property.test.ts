import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeLog } from '../../server/src/service/analyze';
import { createLogLanguageService } from '../../server/src/service/languageService';
import { fingerprint } from '../support/fingerprint';
import { fixturePath } from '../support/paths';

/**
 * Property: whatever sequence of appends (cut anywhere, even inside a line or a CRLF) and edits (a range
 * replaced by other log text, or deleted) a document goes through, the language service's analysis of each
 * version equals a fresh full analysis of that text. It pins the result any incremental path must give.
 */

const SOURCES = [
  ['pluto', 'healthy-main-quick-rekey.log'],
  ['pluto', 'crlf-quick-no-proposal.log'],
  ['pluto', 'l2tp-interleaved.log'],
  ['waas', 'sr-errorlog.current'],
  ['iag', 'easportal.usermgrcom.xheavy.log'],
].map(([family, file]) => ({ file: file!, text: readFileSync(fixturePath(family!, file!), 'utf8') }));

type Step = { kind: 'append'; fraction: number } | { kind: 'edit'; at: number; length: number; source: number; from: number; take: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), fraction: fc.double({ min: 0.05, max: 0.5, noNaN: true }) }),
  fc.record({
    kind: fc.constant('edit' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.nat({ max: 400 }),
    source: fc.nat({ max: SOURCES.length - 1 }),
    from: fc.double({ min: 0, max: 1, noNaN: true }),
    take: fc.nat({ max: 600 }),
  }),
);

describe('a document that grows and is edited in the editor', () => {
  test('every version is analysed as a full analysis of its text would be', () => {
    fc.assert(
      fc.property(fc.nat({ max: SOURCES.length - 1 }), fc.array(step, { minLength: 1, maxLength: 6 }), (sourceIndex, steps) => {
        const source = SOURCES[sourceIndex]!;
        const uri = `file:///case/${source.file}`;
        const service = createLogLanguageService({ referenceYear: 2014 });
        // What the log file holds so far: appends take the next part of the source text.
        let written = Math.floor(source.text.length * 0.2);
        let text = source.text.slice(0, written);
        let version = 1;
        const check = () => {
          const document = TextDocument.create(uri, 'log', version++, text);
          assert.deepEqual(fingerprint(service.parse(document)), fingerprint(analyzeLog(text, { uri, fileName: decodeURIComponent(uri), referenceYear: 2014 })));
        };
        check();
        for (const s of steps) {
          if (s.kind === 'append') {
            const next = Math.min(source.text.length, written + Math.ceil(source.text.length * s.fraction));
            text += source.text.slice(written, next);
            written = next;
          } else {
            const at = Math.floor(text.length * s.at);
            const other = SOURCES[s.source]!.text;
            const from = Math.floor(other.length * s.from);
            text = text.slice(0, at) + other.slice(from, from + s.take) + text.slice(at + s.length);
          }
          check();
        }
      }),
      { numRuns: 40, seed: 20261202 },
    );
  });
});
