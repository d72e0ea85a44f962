import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../../server/src/service/analyze';
import { appendAnalysis } from '../../server/src/service/incremental';
import { createLogLanguageService } from '../../server/src/service/languageService';
import type { ParsedLog } from '../../server/src/model/log';
import { fixturePath } from '../support/paths';

function summary(parsed: ParsedLog) {
  return {
    lineCount: parsed.lineCount,
    formatId: parsed.formatId,
    sections: parsed.sections.map((s) => `${s.formatId}:${s.startLine}-${s.endLine}`),
    entries: parsed.entries.map((e) => `${e.index}:${e.startLine}-${e.endLine}:${e.startChar}:${e.level}:${e.time}:${e.message}`),
    entryAtLine: [...parsed.entryAtLine],
    flows: [...parsed.flows.values()].map((f) => `${f.id}:${f.entries.join(',')}:${f.outcome.status}:${f.outcome.text}`).sort(),
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

describe('appending to a log re-parses only its end', () => {
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
    test(`${path.slice(fixturePath().length + 1)}: prefix + append equals a full analysis`, () => {
      const text = readFileSync(path, 'utf8');
      const options = { uri: 'file:///x/log', fileName: path, referenceYear: 2014 };
      const full = analyzeText(text, options);
      for (const fraction of [0.3, 0.7]) {
        // Cut anywhere, even inside a line: the appended part starts mid-line.
        const cut = Math.floor(text.length * fraction);
        const prefix = text.slice(0, cut);
        const before = analyzeText(prefix, options);
        const appended = appendAnalysis(before, prefix, text, options);
        if (!appended) continue; // not a plain continuation (newest first, no entries yet): analysed whole instead
        assert.deepEqual(summary(appended), summary(full), `cut at ${cut}`);
      }
    });
  }

  test('the language service uses it for an append and falls back for an edit in the middle', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `03/0${1 + (i % 9)}/2013 10:${String(10 + i).padStart(2, '0')}:00.000(Local)(12 0.1) ${i % 7 === 3 ? 'ERRO' : 'NTCE'} (${i}) (fl=${i % 4}) step ${i} [A.cpp:${i}]`);
    const service = createLogLanguageService();
    const first = TextDocument.create('file:///x/mapiao-errorlog.current', 'waas-log', 1, lines.slice(0, 20).join('\n') + '\n');
    const parsedFirst = service.parse(first);
    const grown = TextDocument.create(first.uri, 'waas-log', 2, lines.join('\n') + '\n');
    const parsedGrown = service.parse(grown);
    assert.equal(parsedGrown.entries.length, 40);
    assert.equal(parsedGrown.entries[5], parsedFirst.entries[5], 'earlier entries are re-used, not parsed again');
    assert.deepEqual(summary(parsedGrown), summary(analyzeText(grown.getText(), { uri: grown.uri, fileName: grown.uri })));
    const edited = TextDocument.create(first.uri, 'waas-log', 3, grown.getText().replace('step 3 ', 'step three '));
    const parsedEdited = service.parse(edited);
    assert.notEqual(parsedEdited.entries[5], parsedGrown.entries[5], 'an edit in the middle is analysed whole');
    assert.match(parsedEdited.entries[3]!.message, /step three/);
  });
});
