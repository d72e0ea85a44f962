import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/paths';

describe('snippets', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
  const contributed = new Set((manifest.contributes.snippets as Array<{ path: string }>).map((s) => s.path.replace(/^\.\//, '')));

  for (const name of readdirSync(join(repoRoot(), 'snippets'))) {
    test(`${name} is valid, contributed, and every snippet has a prefix, a body and a description`, () => {
      assert.ok(contributed.has(`snippets/${name}`), `${name} is listed in contributes.snippets`);
      const snippets = JSON.parse(readFileSync(join(repoRoot(), 'snippets', name), 'utf8')) as Record<string, { prefix: string; body: string[] | string; description: string }>;
      assert.ok(Object.keys(snippets).length > 0);
      for (const [title, snippet] of Object.entries(snippets)) {
        assert.ok(snippet.prefix, `${title} prefix`);
        assert.ok(snippet.body.length > 0, `${title} body`);
        assert.ok(snippet.description, `${title} description`);
      }
    });
  }

  test('the rules-file snippet becomes a valid rules file once its placeholders are filled', async () => {
    const { default: Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(join(repoRoot(), 'server', 'src', 'knowledge', 'signature.schema.json'), 'utf8'));
    const snippets = JSON.parse(readFileSync(join(repoRoot(), 'snippets', 'signatures.code-snippets'), 'utf8'));
    const body = (snippets['Log Sleuth rules file'].body as string[]).join('\n');
    // ${1:default} -> default, ${2|a,b|} -> a, \$ -> $
    const filled = body.replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\\\$/g, '$');
    const validate = new Ajv({ strict: false }).compile(schema);
    assert.ok(validate(JSON.parse(filled)), JSON.stringify(validate.errors));
  });
});
