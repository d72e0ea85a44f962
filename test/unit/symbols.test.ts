import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { analyzeLog } from '../../server/src/service/analyze';
import { findDocumentSymbols, getFoldingRanges } from '../../server/src/service/features/symbols';
import { builtInFormatRegistry } from '../../server/src/formats/registry';
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
    });
  }
});
