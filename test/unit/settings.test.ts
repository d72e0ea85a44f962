import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings, flattenSettings, SETTINGS_SCHEMA, settingsFrom } from '../../server/src/service/settings';
import { repoRoot } from '../support/paths';

describe('settings', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
  const contributed = manifest.contributes.configuration.properties as Record<string, { default: unknown; type: string; enum?: string[] }>;

  test('package.json contributes exactly the server settings with the same defaults and types', () => {
    assert.deepEqual(Object.keys(contributed).sort(), Object.keys(SETTINGS_SCHEMA).sort());
    for (const [key, spec] of Object.entries(SETTINGS_SCHEMA)) {
      assert.deepEqual(contributed[key]!.default, spec.default, key);
      assert.equal(contributed[key]!.type, spec.type, key);
      assert.deepEqual(contributed[key]!.enum, (spec as { enum?: readonly string[] }).enum, key);
    }
  });

  test('every setting is under logsleuth.*', () => {
    for (const key of Object.keys(contributed)) assert.match(key, /^logsleuth\./);
  });

  test('nested configuration from the client becomes settings; bad values fall back to defaults', () => {
    const settings = settingsFrom(flattenSettings({ maxFindings: 12, codeLens: { mode: 'errors', max: -3 }, rules: { severity: { 'level.warning': 'off' } } }));
    assert.equal(settings.maxFindings, 12);
    assert.equal(settings.codeLensMode, 'errors');
    assert.equal(settings.codeLensMax, defaultSettings().codeLensMax);
    assert.deepEqual(settings.ruleSeverity, { 'level.warning': 'off' });
  });
});
