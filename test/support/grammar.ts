import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { repoRoot } from './paths';

/** Tokenizes text with the real TextMate engine VS Code uses, on the grammars in syntaxes/. */
let onigLib: Promise<vsctm.IOnigLib> | undefined;

function loadOniguruma(): Promise<vsctm.IOnigLib> {
  if (!onigLib) {
    const wasm = readFileSync(join(repoRoot(), 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer).then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }));
  }
  return onigLib;
}

export interface Token {
  text: string;
  scopes: string[];
}

export async function tokenize(languageId: string, text: string): Promise<Token[][]> {
  const registry = new vsctm.Registry({
    onigLib: loadOniguruma(),
    loadGrammar: async (scopeName: string) => {
      if (!scopeName.startsWith('source.')) return null;
      const path = join(repoRoot(), 'syntaxes', `${scopeName.slice('source.'.length)}.tmLanguage.json`);
      return vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
  });
  const grammar = await registry.loadGrammar(`source.${languageId}`);
  if (!grammar) throw new Error(`no grammar for ${languageId}`);
  let ruleStack = vsctm.INITIAL;
  const result: Token[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const tokens = grammar.tokenizeLine(line, ruleStack);
    result.push(tokens.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    ruleStack = tokens.ruleStack;
  }
  return result;
}

/** Scopes of the first token on `lineTokens` whose text contains `needle`. */
export function scopesOf(lineTokens: Token[], needle: string): string[] {
  const token = lineTokens.find((t) => t.text.includes(needle));
  if (!token) throw new Error(`no token containing ${JSON.stringify(needle)} in ${JSON.stringify(lineTokens.map((t) => t.text))}`);
  return token.scopes;
}
