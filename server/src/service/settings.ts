import type { RuleSeverity } from '../knowledge/findingParts';

/**
 * Every `logsleuth.*` setting, its default and its description: the one source of truth. The manifest's
 * `contributes.configuration` must say the same (a test compares them).
 */
export const SETTINGS_SCHEMA = {
  'logsleuth.trace.server': {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    description: 'Traces the communication between VS Code and the Log Sleuth language server.',
  },
  'logsleuth.autoSwitchLanguage': {
    type: 'boolean',
    default: true,
    description: 'Switch a Log or Plain Text document to the recognised log family\'s language (unless files.associations names the file).',
  },
  'logsleuth.maxFindings': {
    type: 'number',
    default: 5000,
    minimum: 1,
    description: 'Most findings reported for one document; beyond it a notice says the list was capped.',
  },
  'logsleuth.maxResults': {
    type: 'number',
    default: 5000,
    minimum: 1,
    description: 'Most symbols, references and highlights returned for one request.',
  },
  'logsleuth.diagnostics.levelFindings': {
    type: 'boolean',
    default: true,
    description: 'Report error and warning lines that no known signature explains, from their log level.',
  },
  'logsleuth.codeLens.mode': {
    type: 'string',
    enum: ['all', 'errors', 'off'],
    default: 'all',
    description: 'Which flows get a code lens: every flow, only flows with errors, or none.',
  },
  'logsleuth.codeLens.max': {
    type: 'number',
    default: 2000,
    minimum: 0,
    description: 'Most code lenses in one document (large logs otherwise fill the editor with lenses).',
  },
  'logsleuth.rules.paths': {
    type: 'array',
    items: { type: 'string' },
    default: [],
    description: 'Extra signature files (JSON, same schema as the built-ins); workspace-relative or absolute. Not loaded in untrusted workspaces.',
  },
  'logsleuth.rules.severity': {
    type: 'object',
    additionalProperties: { type: 'string', enum: ['off', 'error', 'warning', 'info'] },
    default: {},
    description: 'Override the severity of any rule id, or turn it off, e.g. {"level.warning": "off"}.',
  },
  'logsleuth.merge.clockOffsets': {
    type: 'object',
    additionalProperties: { type: 'number' },
    default: {},
    description: 'Clock corrections for "Merge Logs by Time", in milliseconds per file name (glob allowed), e.g. {"core-mapiao-errorlog*": -1500}.',
  },
  'logsleuth.inlayHints.gapThresholdMs': {
    type: 'number',
    default: 1000,
    minimum: 0,
    description: 'Show the time since the previous entry of the same flow when it exceeds this many milliseconds.',
  },
} as const;

export type SettingKey = keyof typeof SETTINGS_SCHEMA;

export interface LogSettings {
  maxFindings: number;
  maxResults: number;
  levelFindings: boolean;
  codeLensMode: 'all' | 'errors' | 'off';
  codeLensMax: number;
  rulePaths: string[];
  ruleSeverity: Record<string, RuleSeverity>;
  gapThresholdMs: number;
}

export function defaultSettings(): LogSettings {
  return settingsFrom({});
}

/** Builds settings from a flat `logsleuth.*` map (missing or ill-typed values fall back to the defaults). */
export function settingsFrom(values: Partial<Record<SettingKey, unknown>>): LogSettings {
  const pick = <T>(key: SettingKey, check: (v: unknown) => boolean): T => {
    const value = values[key];
    return (value !== undefined && check(value) ? value : SETTINGS_SCHEMA[key].default) as T;
  };
  const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return {
    maxFindings: pick('logsleuth.maxFindings', isNumber),
    maxResults: pick('logsleuth.maxResults', isNumber),
    levelFindings: pick('logsleuth.diagnostics.levelFindings', (v) => typeof v === 'boolean'),
    codeLensMode: pick('logsleuth.codeLens.mode', (v) => v === 'all' || v === 'errors' || v === 'off'),
    codeLensMax: pick('logsleuth.codeLens.max', isNumber),
    rulePaths: pick('logsleuth.rules.paths', (v) => Array.isArray(v) && v.every((p) => typeof p === 'string')),
    ruleSeverity: pick('logsleuth.rules.severity', isObject),
    gapThresholdMs: pick('logsleuth.inlayHints.gapThresholdMs', isNumber),
  };
}

/** Turns the nested object VS Code returns for section `logsleuth` into the flat map. */
export function flattenSettings(section: unknown, prefix = 'logsleuth'): Partial<Record<SettingKey, unknown>> {
  const flat: Record<string, unknown> = {};
  const walk = (value: unknown, path: string) => {
    if (path in SETTINGS_SCHEMA) {
      flat[path] = value;
      return;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    }
  };
  walk(section, prefix);
  return flat as Partial<Record<SettingKey, unknown>>;
}
