import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAMILY_LANGUAGES } from '../../shared/languages';
import { repoRoot } from '../support/paths';

describe('manifest', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));

  test('contributes one language and one grammar per family, and activates on them', () => {
    const languages = (manifest.contributes.languages as Array<{ id: string }>).map((l) => l.id).sort();
    assert.deepEqual(languages, [...FAMILY_LANGUAGES].sort());
    for (const grammar of manifest.contributes.grammars as Array<{ language: string; scopeName: string; path: string }>) {
      assert.ok(existsSync(join(repoRoot(), grammar.path)), grammar.path);
      assert.equal(grammar.scopeName, `source.${grammar.language}`);
    }
    for (const id of [...FAMILY_LANGUAGES, 'log', 'plaintext']) assert.ok(manifest.activationEvents.includes(`onLanguage:${id}`), id);
  });

  test('every command has the Log Sleuth category and the README names the user-facing ones', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    const hidden = new Set((manifest.contributes.menus.commandPalette as Array<{ command: string; when: string }>).filter((m) => m.when === 'false').map((m) => m.command));
    for (const command of manifest.contributes.commands as Array<{ command: string; title: string; category: string }>) {
      assert.equal(command.category, 'Log Sleuth');
      if (!hidden.has(command.command)) assert.ok(readme.includes(`Log Sleuth: ${command.title}`), `README mentions ${command.title}`);
    }
  });
});
