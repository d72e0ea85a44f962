// logsleuth.maxFindings caps what a document reports: the cap must keep every error it can, then the most
// recent of the rest, so that lines appended to a long log (a capture still being written) get their
// diagnostics instead of vanishing behind its older warnings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../../server/src/service/analyze';
import { createLogLanguageService } from '../../server/src/service/languageService';
import { defaultSettings } from '../../server/src/service/settings';

/** A WAAS errorlog line; each connection (fl=) is its own flow, so no two findings are repeats of one another. */
function waasLine(second: number, level: 'WARN' | 'ERRO' | 'NTCE', flow: number, text: string): string {
  const s = 7 + second;
  const time = `10/23/2012 17:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.${String(100 + (flow % 900)).padStart(3, '0')}`;
  return `${time}(Local)(8311 0.1) ${level} (${100000 + flow}) (fl=${flow}) ${text} [EdgeTcpConnection.cpp:${200 + (flow % 50)}]`;
}

function log(count: number, levelOf: (i: number) => 'WARN' | 'ERRO' | 'NTCE'): string[] {
  return Array.from({ length: count }, (_, i) => waasLine(i, levelOf(i), 4100 + i, levelOf(i) === 'ERRO' ? `Write to socket failed, errno ${i % 7}` : `Slow response from peer, ${10 + i} ms`));
}

describe('the findings cap keeps the errors, then the most recent', () => {
  test('a capped log keeps all its errors and the newest warnings, and says so', () => {
    // 40 warnings, with an error at every tenth line; a cap of 10 has room for the 4 errors and 6 warnings.
    const lines = log(40, (i) => (i % 10 === 5 ? 'ERRO' : 'WARN'));
    const full = analyzeText(lines.join('\n'), { fileName: 'mapiao-errorlog.current' });
    assert.equal(full.findings.filter((f) => f.severity === 'error').length, 4);
    assert.equal(full.findings.length, 40);
    const capped = analyzeText(lines.join('\n'), { fileName: 'mapiao-errorlog.current', maxFindings: 10 });
    assert.equal(capped.findings.length, 10);
    assert.deepEqual(
      capped.findings.filter((f) => f.severity === 'error').map((f) => f.line),
      [5, 15, 25, 35],
    );
    assert.deepEqual(
      capped.findings.filter((f) => f.severity !== 'error').map((f) => f.line),
      [33, 34, 36, 37, 38, 39],
    );
    assert.match(capped.notices.join('\n'), /Only 10 findings are shown, the errors first, then the most recent/);
  });

  test('with more errors than the cap, the most recent errors are kept', () => {
    const lines = log(30, () => 'ERRO');
    const capped = analyzeText(lines.join('\r\n'), { fileName: 'sr-errorlog.current', maxFindings: 7 });
    assert.deepEqual(
      capped.findings.map((f) => f.line),
      [23, 24, 25, 26, 27, 28, 29],
    );
  });

  test('1,000 lines appended to a document already over the cap get their diagnostics', () => {
    const service = createLogLanguageService();
    service.configure({ ...defaultSettings(), maxFindings: 500 });
    const uri = 'file:///site/wae-edge/mapiao-errorlog.current';
    const old = log(2_000, (i) => (i % 3 === 0 ? 'NTCE' : 'WARN'));
    const first = service.doValidation(TextDocument.create(uri, 'waas-log', 1, old.join('\n') + '\n'));
    assert.equal(first.length, 500);
    const appended = Array.from({ length: 1_000 }, (_, i) => waasLine(2_000 + i, i === 400 ? 'ERRO' : i % 2 ? 'WARN' : 'NTCE', 9000 + i, i === 400 ? 'Connection reset by peer' : `Slow response from peer, ${i} ms`));
    const grown = service.doValidation(TextDocument.create(uri, 'waas-log', 2, [...old, ...appended].join('\n') + '\n'));
    assert.equal(grown.length, 500);
    // The error, then the newest warnings: every one of the 500 sits in the appended lines.
    assert.ok(grown.some((d) => d.range.start.line === 2_400 && d.severity === 1));
    assert.ok(grown.every((d) => d.range.start.line >= 2_000), `oldest kept line ${Math.min(...grown.map((d) => d.range.start.line))}`);
    assert.ok(grown.some((d) => d.range.start.line === 2_999));
  });
});
