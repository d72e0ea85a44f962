/**
 * Property: a long log (formats settled, so an append continues the scan: its times, flows and annotations go
 * on from the previous analysis) gives, after any sequence of appends, what a fresh full analysis of the same
 * text gives (with the same settings, the findings cap included): every entry, flow (members, outcome) and finding. Logs from the benchmark generator in every
 * family it knows, with their own line ends; appends of whole lines and appends cut inside a line.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FAMILIES, rng } from '../../bench/generate.mjs';
import { analyzeLog } from '../../server/src/service/analyze';
import { createLogLanguageService } from '../../server/src/service/languageService';
import type { IndexedAnalysis } from '../../server/src/engine/analysis';
import { fingerprint } from '../support/fingerprint';

const BASE_LINES = 20_500;

function generatedLines(family: keyof typeof FAMILIES, count: number): string[] {
  const spec = FAMILIES[family];
  const source = spec.lines(rng(spec.seed + 7));
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(source.next().value + spec.eol);
  return lines;
}

describe('a long log that grows at its end', () => {
  for (const family of Object.keys(FAMILIES) as Array<keyof typeof FAMILIES>) {
    test(`${family}: every version after appends equals a fresh analysis, and whole-line appends continue the scan`, { timeout: 240_000 }, () => {
      const lines = generatedLines(family, BASE_LINES + 6000);
      const uri = `file:///site/logs/${FAMILIES[family].file}`;
      let continued = 0;
      fc.assert(
        fc.property(fc.array(fc.record({ lines: fc.integer({ min: 1, max: 1500 }), cut: fc.boolean() }), { minLength: 2, maxLength: 4 }), (appends) => {
          const service = createLogLanguageService({ referenceYear: 2026 });
          let written = BASE_LINES;
          let text = lines.slice(0, written).join('');
          let version = 1;
          let previous = service.parse(TextDocument.create(uri, 'log', version++, text)) as IndexedAnalysis;
          for (const append of appends) {
            const next = Math.min(lines.length, written + append.lines);
            const added = lines.slice(written, next).join('');
            written = next;
            // A cut append stops inside its last line (a writer caught mid-line): the next one completes it.
            const take = append.cut ? Math.max(1, added.length - 7) : added.length;
            const wasAtLineBreak = text.endsWith('\n');
            text += added.slice(0, take);
            const grown = service.parse(TextDocument.create(uri, 'log', version++, text)) as IndexedAnalysis;
            const fresh = createLogLanguageService({ referenceYear: 2026 }).parse(TextDocument.create(uri, 'log', 1, text));
            assert.deepEqual(fingerprint(grown), fingerprint(fresh));
            if (wasAtLineBreak && grown.index.keys === previous.index.keys) continued++;
            if (append.cut) text += added.slice(take);
            previous = grown;
          }
        }),
        { numRuns: 3, seed: 20261203 },
      );
      // A Wireshark text export's last frame takes every line up to the next frame: it stays open, so an append
      // is analysed whole there.
      if (family !== 'nettrace') assert.ok(continued > 0, 'some appends went on with the previous scan');
    });
  }

  test('a newest-first log (lines written on top, read from the bottom) that grows with older lines is grouped again, and equals a fresh analysis', () => {
    // The generator's pluto log turned upside down: its time order is detected as newest first.
    const lines = generatedLines('pluto', BASE_LINES + 3000).reverse();
    const uri = 'file:///site/export/pluto-newest-first.log';
    const service = createLogLanguageService({ referenceYear: 2026 });
    let text = lines.slice(0, BASE_LINES).join('');
    service.parse(TextDocument.create(uri, 'log', 1, text));
    for (const [version, end] of [[2, BASE_LINES + 1000], [3, BASE_LINES + 3000]] as const) {
      text = lines.slice(0, end).join('');
      const grown = service.parse(TextDocument.create(uri, 'log', version, text)) as IndexedAnalysis;
      assert.equal(grown.index.newestFirst, true);
      const fresh = createLogLanguageService({ referenceYear: 2026 }).parse(TextDocument.create(uri, 'log', 1, text));
      assert.deepEqual(fingerprint(grown), fingerprint(fresh), `version ${version}`);
    }
  });

  test('a syslog without years that rolls over into a new year in an appended part is resolved again from its start', () => {
    // Without a year in its stamps, a log that reaches January after December began the year before the reference.
    const lines: string[] = [];
    const stamp = (n: number) => {
      const minutes = Math.floor(n * 3.4);
      const day = 29 + Math.floor(minutes / 1440);
      const clock = `${String(Math.floor((minutes % 1440) / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
      return day <= 31 ? `Dec ${day} ${clock}` : `Jan  ${day - 31} ${clock}`;
    };
    for (let n = 0; lines.length < 22_000; n++) {
      const at = `${stamp(Math.floor(n / 8))} gw-lis${n % 3} pluto[${3100 + (n % 5)}]: "lis-${n % 9}" #${1000 + n}: `;
      lines.push(`${at}initiating Main Mode\n`);
      lines.push(n % 13 === 0 ? `${at}max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message\n` : `${at}STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}\n`);
    }
    const firstJanuary = lines.findIndex((l) => l.startsWith('Jan'));
    assert.ok(firstJanuary > 20_100, 'the roll-over comes in the appended part');
    const uri = 'file:///site/var/log/secure';
    const service = createLogLanguageService({ referenceYear: 2016 });
    const before = service.parse(TextDocument.create(uri, 'log', 1, lines.slice(0, 20_100).join('')));
    assert.equal(new Date(before.entry(0).time!).getUTCFullYear(), 2016, 'all in December: the reference year');
    const text = lines.join('');
    const grown = service.parse(TextDocument.create(uri, 'log', 2, text));
    const fresh = analyzeLog(text, { uri, fileName: decodeURIComponent(uri), referenceYear: 2016 });
    assert.deepEqual(fingerprint(grown), fingerprint(fresh));
    const spans = (log: typeof grown) => [...log.flows()].map((f) => `${f.id}:${f.firstTime}-${f.lastTime}`);
    assert.deepEqual(spans(grown), spans(fresh), 'the flows were grouped again on the new times');
    assert.equal(new Date(grown.entry(0).time!).getUTCFullYear(), 2015, 'December is now the year before');
    assert.equal(new Date(before.entry(0).time!).getUTCFullYear(), 2016, 'the earlier analysis keeps its times');
  });
});
