import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

/** The layout rules of the code base, read off the import statements of every source file. */

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Repository-relative paths (without extension) of the local modules a file imports. */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1] ?? m[2]!);
  return specifiers.map((s) => relative(repoRoot(), resolve(dirname(file), s)).replace(/\\/g, '/').replace(/\.ts$/, ''));
}

const root = repoRoot();
const graph = new Map<string, string[]>();
for (const top of ['client/src', 'server/src', 'shared']) {
  for (const file of sourceFiles(join(root, top))) graph.set(relative(root, file).replace(/\\/g, '/').replace(/\.ts$/, ''), localImports(file));
}

function importsUnder(prefix: string): Array<[string, string]> {
  return [...graph].filter(([file]) => file.startsWith(prefix)).flatMap(([file, deps]) => deps.map((d): [string, string] => [file, d]));
}

describe('code layout', () => {
  it('reads the import graph of client, server and shared code', () => {
    assert.ok(graph.size > 40, `found ${graph.size} modules`);
    assert.ok(graph.get('server/src/lsp/server')?.includes('server/src/lsp/handlers/hover'), 'server.ts imports its handlers');
  });

  it('the model sits at the bottom: it imports nothing of ours', () => {
    assert.deepEqual(importsUnder('server/src/model/'), []);
  });

  it('shared modules import nothing from client or server', () => {
    assert.deepEqual(importsUnder('shared/').filter(([, d]) => d.startsWith('client/') || d.startsWith('server/')), []);
  });

  it('the client reaches the server only through the shared modules', () => {
    assert.deepEqual(importsUnder('client/').filter(([, d]) => d.startsWith('server/')), []);
  });

  it('nothing below the protocol layer imports from lsp/ or node/', () => {
    const engine = ['server/src/service/', 'server/src/formats/', 'server/src/knowledge/', 'server/src/correlation/', 'server/src/stream/', 'server/src/engine/', 'server/src/util/'];
    const offending = engine.flatMap(importsUnder).filter(([, d]) => d.startsWith('server/src/lsp/') || d.startsWith('server/src/node/'));
    assert.deepEqual(offending, []);
  });

  it('LSP handlers never import lsp/server.ts (no import circle)', () => {
    assert.deepEqual(importsUnder('server/src/lsp/handlers/').filter(([, d]) => d === 'server/src/lsp/server'), []);
  });

  it('the local import graph has no cycle', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'visiting');
      for (const dep of graph.get(node) ?? []) if (graph.has(dep)) visit(dep, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    assert.deepEqual(cycles, []);
  });
});
