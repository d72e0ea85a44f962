/**
 * The preview of a long document (the diagnostics of its first lines, shown while the whole is analysed) says
 * only what the whole analysis says too, and the whole analysis that continues it equals one made from scratch.
 * Logs from the benchmark generator, in every family it knows, with their own line ends.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { FAMILIES, rng } from '../../bench/generate.mjs';
import { createLogLanguageService } from '../../server/src/service/languageService';
import { PREVIEW_LINES, PREVIEW_MIN_LINES } from '../../server/src/engine/preview';
import { defaultSettings } from '../../server/src/service/settings';
import { scanJob, type PartRunner } from '../../server/src/engine/parallel';

function generated(family: keyof typeof FAMILIES, count: number, eol = FAMILIES[family].eol): string {
  const spec = FAMILIES[family];
  const source = spec.lines(rng(spec.seed + 3));
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(source.next().value + eol);
  return lines.join('');
}

const key = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.severity} ${d.message}`;

describe('the preview of a long document', () => {
  const cases: Array<[keyof typeof FAMILIES, string | undefined]> = [
    ['pluto', undefined],
    ['pluto', '\r\n'],
    ['waas', undefined],
    ['iag', undefined],
    ['nettrace', undefined],
    ['activesync', undefined],
  ];
  for (const [family, eol] of cases) {
    test(`${family}${eol === '\r\n' ? ' (CRLF)' : ''}: every preview diagnostic is a diagnostic of the whole, which equals a fresh analysis`, { timeout: 120_000 }, () => {
      const text = generated(family, PREVIEW_MIN_LINES + 5000, eol);
      const uri = `file:///logs/${FAMILIES[family].file}`;
      const document = TextDocument.create(uri, 'log', 1, text);
      const service = createLogLanguageService({ referenceYear: 2026 });
      const preview = service.previewValidation(document);
      assert.ok(preview, 'a long document not analysed yet has a preview');
      // The generated IAG failures are sessions that never authenticate: an absence, known at the session's end.
      if (family === 'iag') assert.deepEqual(preview, [], 'no absence is decided from the first lines');
      else assert.ok(preview.length > 0, 'the preview of a generated log with failures shows some');
      assert.ok(preview.every((d) => d.range.end.line < PREVIEW_LINES), 'the preview reports on the lines it read');
      const whole = service.doValidation(document);
      const fresh = createLogLanguageService({ referenceYear: 2026 }).doValidation(document);
      assert.deepEqual(whole.map(key), fresh.map(key), 'the analysis continued from the preview is the analysis from scratch');
      // The whole analysis keeps at most maxFindings (errors, then the most recent): the preview is held to it uncapped.
      const uncapped = createLogLanguageService({ referenceYear: 2026 });
      uncapped.configure({ ...defaultSettings(), maxFindings: Number.MAX_SAFE_INTEGER });
      // A finding the preview saw once may repeat later: the whole adds the count to the same message.
      const place = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.severity}`;
      const wholeAt = new Map(uncapped.doValidation(document).map((d) => [place(d), d]));
      const extra = preview.filter((d) => {
        const same = wholeAt.get(place(d));
        return !same || (same.message !== d.message && !String(same.message).startsWith(`${String(d.message)} (`));
      });
      assert.deepEqual(extra.map(key), [], 'the preview says nothing the whole analysis does not');
      assert.ok(preview.every((d) => !(d.data as { repeatLines?: number[] }).repeatLines), 'no repeat count from the preview');
      assert.equal(service.previewValidation(document), undefined, 'an analysed document has no preview');
    });
  }

  // Parts scanned in this thread, later than asked (as a worker's answer comes), so the merge is what is tested.
  let partsScanned = 0;
  const inThread: PartRunner = (job) => new Promise((resolve) => setTimeout(() => { partsScanned++; resolve(scanJob(job)); }, 5));
  for (const family of ['pluto', 'waas', 'activesync'] as const) {
    test(`${family}: the whole analysed in parts after the preview is the analysis from scratch, and so is one without a preview`, { timeout: 120_000 }, async () => {
      const text = generated(family, PREVIEW_MIN_LINES + 45_000);
      const document = TextDocument.create(`file:///logs/${FAMILIES[family].file}`, 'log', 1, text);
      const fresh = createLogLanguageService({ referenceYear: 2026 }).doValidation(document).map(key);
      const previewed = createLogLanguageService({ referenceYear: 2026 });
      assert.ok(previewed.previewValidation(document));
      partsScanned = 0;
      await previewed.analyseInParallel(document, inThread, 3);
      // IIS logs declare their columns (#Fields:), which a part scanned apart would not know: one piece.
      assert.equal(partsScanned, family === 'activesync' ? 0 : 2, 'two of the three parts were scanned apart');
      assert.equal(previewed.previewValidation(document), undefined, 'the document is analysed');
      assert.deepEqual(previewed.doValidation(document).map(key), fresh);
      const direct = createLogLanguageService({ referenceYear: 2026 });
      await direct.analyseInParallel(document, inThread, 2);
      assert.deepEqual(direct.doValidation(document).map(key), fresh);
      // The kept scan goes on: an append after it gives the analysis of the grown text.
      const grown = TextDocument.create(document.uri, 'log', 2, text + generated(family, 300));
      assert.deepEqual(direct.doValidation(grown).map(key), createLogLanguageService({ referenceYear: 2026 }).doValidation(grown).map(key));
    });
  }

  test('a short document has none', () => {
    const document = TextDocument.create('file:///logs/pluto.log', 'log', 1, generated('pluto', PREVIEW_MIN_LINES - 1));
    assert.equal(createLogLanguageService().previewValidation(document), undefined);
  });
});
