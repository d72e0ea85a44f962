import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeLog } from '../../server/src/service/analyze';
import { createLogLanguageService } from '../../server/src/service/languageService';
import type { LogAnalysis } from '../../server/src/model/log';
import type { IndexedAnalysis } from '../../server/src/engine/analysis';
import { fixturePath } from '../support/paths';

function summary(parsed: LogAnalysis) {
  const entries: string[] = [];
  const entryAtLine: number[] = [];
  for (let i = 0; i < parsed.entryCount; i++) {
    const e = parsed.entry(i);
    entries.push(`${e.index}:${e.startLine}-${e.endLine}:${e.startChar}:${e.level}:${e.time}:${e.message}`);
  }
  for (let line = 0; line < parsed.lineCount; line++) entryAtLine.push(parsed.entryAtLine(line));
  return {
    lineCount: parsed.lineCount,
    formatId: parsed.formatId,
    sections: parsed.sections.map((s) => `${s.formatId}:${s.startLine}-${s.endLine}`),
    entries,
    entryAtLine,
    flows: [...parsed.flows()].map((f) => `${f.id}:${f.entries.join(',')}:${f.outcome.status}:${f.outcome.text}`).sort(),
    findings: parsed.findings.map((f) => `${f.line}:${f.startChar}:${f.rule}:${f.severity}:${f.message}`),
    folds: parsed.folds.map((f) => `${f.startLine}-${f.endLine}`).sort(),
  };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('a log that grows in the editor', () => {
  // A capture without time stamps judges validity windows against "now": both analyses must see the same now.
  const realNow = Date.now;
  before(() => {
    const fixed = realNow();
    Date.now = () => fixed;
  });
  after(() => {
    Date.now = realNow;
  });

  for (const path of files(fixturePath()).filter((p) => !p.includes('utf16'))) {
    test(`${path.slice(fixturePath().length + 1)}: the document grown by an append gives a full analysis`, () => {
      const text = readFileSync(path, 'utf8');
      const uri = 'file:///x/' + path.split('/').pop();
      const service = createLogLanguageService({ referenceYear: 2014 });
      const full = analyzeLog(text, { uri, fileName: decodeURIComponent(uri), referenceYear: 2014 });
      let version = 1;
      for (const fraction of [0.3, 0.7, 1]) {
        // Cut anywhere, even inside a line: the appended part starts mid-line.
        const cut = Math.floor(text.length * fraction);
        service.parse(TextDocument.create(uri, 'log', version++, text.slice(0, cut)));
      }
      assert.deepEqual(summary(service.parse(TextDocument.create(uri, 'log', version, text))), summary(full));
    });
  }

  test('a long log that grows at its end continues its scan, and equals a full analysis at every step', () => {
    // Over 20,000 lines the formats are settled, so the scan can go on with the appended lines alone.
    const lines: string[] = [];
    for (let n = 1; lines.length < 26000; n++) {
      const at = (k: number) => `Oct 1${n % 3} ${String(8 + Math.floor(n / 3600) % 12).padStart(2, '0')}:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String((n + k) % 60).padStart(2, '0')} vpn-ams${n % 2} pluto[${2200 + (n % 7)}]: `;
      lines.push(`${at(0)}"ams-${n % 11}" #${n}: initiating Main Mode`);
      if (n % 17 === 0) lines.push(`${at(1)}"ams-${n % 11}" #${n}: max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message`);
      else if (n % 23 === 0) lines.push(`${at(1)}"ams-${n % 11}" #${n}: we require peer to have ID '203.0.113.${n % 250}', but peer declares '10.9.${n % 250}.4'`);
      else lines.push(`${at(1)}"ams-${n % 11}" #${n}: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}`);
    }
    const uri = 'file:///x/var/log/pluto.log';
    const service = createLogLanguageService({ referenceYear: 2015 });
    let previous = service.parse(TextDocument.create(uri, 'log', 1, lines.slice(0, 24000).join('\n') + '\n'));
    for (const [version, end, eol] of [[2, 24400, '\n'], [3, 25100, '\n'], [4, 26000, '']] as const) {
      const text = lines.slice(0, end).join('\n') + eol;
      const grown = service.parse(TextDocument.create(uri, 'log', version, text));
      assert.deepEqual(summary(grown), summary(analyzeLog(text, { uri, fileName: decodeURIComponent(uri), referenceYear: 2015 })), `version ${version}`);
      // The same scan went on: its table of correlation keys is the one the previous version was built with.
      assert.equal((grown as IndexedAnalysis).index.keys, (previous as IndexedAnalysis).index.keys, `version ${version} continued the scan`);
      previous = grown;
    }
    // The last version ended without a line break: what comes next is analysed whole, and still equal.
    const text = lines.join('\n') + '\nOct 11 19:59:59 vpn-ams1 pluto[2201]: "ams-3" #99999: initiating Main Mode\n';
    const whole = service.parse(TextDocument.create(uri, 'log', 5, text));
    assert.notEqual((whole as IndexedAnalysis).index.keys, (previous as IndexedAnalysis).index.keys);
    assert.deepEqual(summary(whole), summary(analyzeLog(text, { uri, fileName: decodeURIComponent(uri), referenceYear: 2015 })));
  });

  test('an edit in the middle is analysed again', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `03/0${1 + (i % 9)}/2013 10:${String(10 + i).padStart(2, '0')}:00.000(Local)(12 0.1) ${i % 7 === 3 ? 'ERRO' : 'NTCE'} (${i}) (fl=${i % 4}) step ${i} [A.cpp:${i}]`);
    const service = createLogLanguageService();
    const first = TextDocument.create('file:///x/mapiao-errorlog.current', 'waas-log', 1, lines.slice(0, 20).join('\n') + '\n');
    service.parse(first);
    const grown = TextDocument.create(first.uri, 'waas-log', 2, lines.join('\n') + '\n');
    const parsedGrown = service.parse(grown);
    assert.equal(parsedGrown.entryCount, 40);
    assert.deepEqual(summary(parsedGrown), summary(analyzeLog(grown.getText(), { uri: grown.uri, fileName: grown.uri })));
    const edited = TextDocument.create(first.uri, 'waas-log', 3, grown.getText().replace('step 3 ', 'step three '));
    const parsedEdited = service.parse(edited);
    assert.match(parsedEdited.entry(3).message, /step three/);
    assert.deepEqual(summary(parsedEdited), summary(analyzeLog(edited.getText(), { uri: edited.uri, fileName: edited.uri })));
  });
});
