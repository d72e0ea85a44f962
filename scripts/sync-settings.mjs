// Writes package.json `contributes.configuration` from the server's SETTINGS_SCHEMA, the one source of truth.
// Recipe for a new setting: add it to server/src/service/settings.ts (schema + LogSettings + settingsFrom),
// run `node scripts/sync-settings.mjs`, use it in the service; test/unit/settings.test.ts checks both agree.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const result = await esbuild.build({
  entryPoints: ['server/src/service/settings.ts'],
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
});
const module = { exports: {} };
new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, () => ({}));
const { SETTINGS_SCHEMA } = module.exports;
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
manifest.contributes.configuration = {
  title: 'Log Sleuth',
  properties: Object.fromEntries(
    Object.entries(SETTINGS_SCHEMA).map(([key, spec]) => [key, { ...spec, scope: key === 'logsleuth.rules.paths' ? 'machine-overridable' : 'resource' }]),
  ),
};
writeFileSync('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${Object.keys(SETTINGS_SCHEMA).length} settings to package.json`);
