import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { analyzeLog } from '../../server/src/service/analyze';
import { findDocumentSymbols, getFoldingRanges } from '../../server/src/service/features/symbols';
import { builtInFormatRegistry } from '../../server/src/formats/registry';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLogLanguageService } from '../../server/src/service/languageService';
import { defaultSettings } from '../../server/src/service/settings';
import { fixturePath } from '../support/paths';

type Pos = { line: number; character: number };
const before = (a: Pos, b: Pos) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const inside = (inner: { start: Pos; end: Pos }, outer: { start: Pos; end: Pos }) => before(outer.start, inner.start) && before(inner.end, outer.end);

function check(symbol: DocumentSymbol, path: string): void {
  assert.ok(inside(symbol.selectionRange, symbol.range), `${path} › ${symbol.name}: selectionRange outside range`);
  for (const child of symbol.children ?? []) {
    assert.ok(inside(child.range, symbol.range), `${path} › ${symbol.name} › ${child.name}: child outside its parent`);
    check(child, `${path} › ${symbol.name}`);
  }
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('outline and folding on every fixture', () => {
  for (const path of files(fixturePath())) {
    test(path.slice(fixturePath().length + 1), () => {
      const text = readFileSync(path, path.includes('utf16') ? 'utf16le' : 'utf8');
      const parsed = analyzeLog(text, { fileName: path });
      for (const symbol of findDocumentSymbols(parsed, builtInFormatRegistry(), 5000)) check(symbol, path);
      for (const fold of getFoldingRanges(parsed, 5000)) assert.ok(fold.endLine > fold.startLine && fold.endLine < parsed.lineCount, JSON.stringify(fold));
      // The lists' cheap view of the flows (code lens list) says what the built flows say.
      const heads = parsed.flowHeads().map((h) => [h.id, h.kind, h.firstEntry, h.errorCount, h.status]);
      const flows = [...parsed.flows()].map((f) => [f.id, f.kind, parsed.newestFirst ? f.entries[f.entries.length - 1] : f.entries[0], f.errorCount, f.outcome.status]);
      assert.deepEqual(heads, flows);
      for (let i = 0; i < parsed.entryCount; i++) {
        const entry = parsed.entry(i);
        assert.deepEqual([parsed.endLineOf(i), parsed.endCharOf(i)], [entry.endLine, entry.endChar], `entry ${i}`);
      }
    });
  }
});

describe('outline requests of one version', () => {
  test('are answered once per analysis, and again after a change or new settings', () => {
    const service = createLogLanguageService({ referenceYear: 2025 });
    const text = [
      'Mar  2 10:00:01 gw-oslo pluto[811]: "oslo-bergen" #3: initiating Main Mode',
      'Mar  2 10:00:02 gw-oslo pluto[811]: "oslo-bergen" #3: STATE_MAIN_I4: ISAKMP SA established {auth=PRESHARED_KEY cipher=aes_256 integ=sha2_256 group=MODP2048}',
    ].join('\n');
    const v1 = TextDocument.create('file:///logs/oslo.log', 'pluto-log', 1, text);
    const first = service.findDocumentSymbols(v1);
    assert.ok(first.length > 0);
    assert.equal(service.findDocumentSymbols(v1), first);
    const v2 = TextDocument.create('file:///logs/oslo.log', 'pluto-log', 2, text + '\nMar  2 10:05:00 gw-oslo pluto[811]: "oslo-bergen" #4: initiating Quick Mode PSK+ENCRYPT+TUNNEL');
    const second = service.findDocumentSymbols(v2);
    assert.notEqual(second, first);
    service.configure({ ...defaultSettings(), maxResults: 1 });
    assert.notEqual(service.findDocumentSymbols(v2), second);
  });
});
