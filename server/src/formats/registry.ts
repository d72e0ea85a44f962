import builtInFormats from 'logsleuth:formats';
import type { FamilyId, Level } from '../model/log';
import { compileSafeRegex } from '../util/regexSafety';
import type { FormatDefinition, KeyRule, LevelFromTextRule } from './formatDefinition';
import { notPasteFrameAnd, withPasteLead } from './pasteText';
import { compileTimeFormats, type TimeParser } from './timeParser';
import { LANGUAGE_BY_FAMILY as FAMILY_LANGUAGE } from '../../../shared/languages';

/** A format definition with its patterns compiled once. */
export interface CompiledFormat {
  def: FormatDefinition;
  id: string;
  family: FamilyId;
  lines: Array<{ name: string; regex: RegExp; level?: Level; weight: number }>;
  splitGlued?: RegExp;
  ignoreMarkers: string[];
  multilineEnd?: RegExp;
  continuation?: RegExp;
  multiline: boolean;
  maxLines: number;
  timeField: string;
  parseTime?: TimeParser;
  zone: 'utc' | 'local';
  levelField: string;
  levelMap: Map<string, Level>;
  numericLevels: Array<{ from: number; to: number; level: Level }>;
  defaultLevel: Level;
  /** `levelFromText`, one alternation per list. */
  textLevels?: TextLevels;
  messageField: string;
  fieldPatterns: RegExp[];
  keys: CompiledKey[];
  keyByKind: Map<string, CompiledKey>;
  exchanges: Array<{ kind: string; within: string; start: RegExp; member: RegExp; label?: string; group?: string }>;
  outcomes: Array<{ kinds?: Set<string>; regex: RegExp; status: 'ok' | 'failed'; text: string }>;
  sections: Array<{ start: RegExp; end?: RegExp }>;
  columns?: { directive: RegExp; separator: string; fields: Record<string, string>; timestamp: string[]; messageFrom?: string };
  fileNames: RegExp[];
  priority: number;
}

export interface TextLevels {
  benign?: RegExp;
  error?: RegExp;
  warning?: RegExp;
}

export interface CompiledKey extends KeyRule {
  fields: string[];
  ignoreSet: Set<string>;
  lensEnabled: boolean;
  /** `mentions`, compiled global: where the key is written inside a message. */
  mentionPatterns: RegExp[];
}

/** Every family has an editor language: the type fails to check when a family is added without one. */
export const LANGUAGE_BY_FAMILY: Readonly<Record<FamilyId, string>> = FAMILY_LANGUAGE;

export function templateFields(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(/\{(\w+)\}/g)) names.push(m[1]!);
  return names;
}

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

/** Indices (`d`) give every named group its character offsets, which fields need. */
function withIndices(flags = ''): string {
  return flags.includes('d') ? flags : flags + 'd';
}

/**
 * One regex per list: every item passes the backtracking check on its own, then the items are joined as
 * alternatives (a failed alternative costs its own scan only, so the join adds no backtracking).
 */
function compileAlternation(sources: string[] | undefined, flags: string, where: string): RegExp | undefined {
  if (!sources || sources.length === 0) return undefined;
  sources.forEach((source, i) => compileSafeRegex(source, flags, `${where}[${i}]`));
  try {
    return new RegExp(sources.map((source) => `(?:${source})`).join('|'), flags);
  } catch (error) {
    throw new Error(`${where}: the items do not combine into one expression (${(error as Error).message}); use (?:...) instead of named or numbered groups`);
  }
}

function compileTextLevels(rule: LevelFromTextRule | undefined, where: (what: string) => string): TextLevels | undefined {
  if (!rule) return undefined;
  const flags = rule.flags ?? '';
  return {
    benign: compileAlternation(rule.benign, flags, where('levelFromText.benign')),
    error: compileAlternation(rule.error, flags, where('levelFromText.error')),
    warning: compileAlternation(rule.warning, flags, where('levelFromText.warning')),
  };
}

export function compileFormat(def: FormatDefinition): CompiledFormat {
  const compiled = compileFormatRules(def);
  compiled.keyByKind = new Map(compiled.keys.map((k) => [k.kind, k]));
  // Exchange flows look like keys to the features (outline group, lens), without a value template.
  for (const exchange of compiled.exchanges) {
    compiled.keyByKind.set(exchange.kind, { kind: exchange.kind, value: '', scope: 'file', group: exchange.group, fields: [], ignoreSet: new Set(), lensEnabled: true, mentionPatterns: [] });
  }
  return compiled;
}

function compileFormatRules(def: FormatDefinition): CompiledFormat {
  const where = (what: string) => `format ${def.id}: ${what}`;
  const levelMap = new Map<string, Level>();
  for (const [level, values] of Object.entries(def.level?.map ?? {})) {
    for (const value of values ?? []) levelMap.set(value.toLowerCase(), level as Level);
  }
  return {
    def,
    id: def.id,
    family: def.family,
    lines: def.lines.map((l) => ({
      name: l.name,
      // Pasted lines (`> `, `[quote=x]`, an indented block) are read with the paste's marks before them.
      regex: compileSafeRegex(withPasteLead(l.regex, def.multiline !== undefined), withIndices(l.flags), where(`line pattern ${l.name}`)),
      level: l.level,
      weight: l.weight ?? 1,
    })),
    splitGlued: def.splitGlued ? compileSafeRegex(def.splitGlued, 'g', where('splitGlued')) : undefined,
    ignoreMarkers: def.ignoreMarkers ?? [],
    multilineEnd: def.multiline?.end ? compileSafeRegex(def.multiline.end, withIndices(def.multiline.endFlags), where('multiline.end')) : undefined,
    // A body ends at a line that frames a paste (a fence, a prompt, a tail -f header).
    continuation: def.multiline ? compileSafeRegex(notPasteFrameAnd(def.multiline.continuation), '', where('multiline.continuation')) : undefined,
    multiline: def.multiline !== undefined,
    maxLines: def.multiline?.maxLines ?? 500,
    timeField: def.timestamp?.field ?? 'timestamp',
    parseTime: def.timestamp ? compileTimeFormats(def.timestamp.formats) : undefined,
    zone: def.timestamp?.zone ?? 'utc',
    levelField: def.level?.field ?? 'level',
    levelMap,
    numericLevels: def.level?.numeric ?? [],
    defaultLevel: def.level?.default ?? 'info',
    textLevels: compileTextLevels(def.levelFromText, where),
    messageField: def.messageField ?? 'message',
    // Body lines of a quoted entry carry the quote markers too.
    fieldPatterns: (def.fieldPatterns ?? []).map((p, i) => compileSafeRegex(withPasteLead(p.regex, true), withIndices(p.flags), where(`fieldPatterns[${i}]`))),
    keys: (def.keys ?? []).map((k, i) => ({
      ...k,
      fields: templateFields(k.value),
      ignoreSet: new Set(k.ignore ?? []),
      lensEnabled: k.lens !== false,
      mentionPatterns: (k.mentions ?? []).map((m, j) => compileSafeRegex(m, 'g', where(`keys[${i}].mentions[${j}]`))),
    })),
    keyByKind: new Map(),
    exchanges: (def.exchanges ?? []).map((x, i) => ({
      kind: x.kind,
      within: x.within,
      start: compileSafeRegex(x.start, x.flags ?? '', where(`exchanges[${i}].start`)),
      member: compileSafeRegex(x.member, x.flags ?? '', where(`exchanges[${i}].member`)),
      label: x.label,
      group: x.group,
    })),
    outcomes: (def.outcomes ?? []).map((o, i) => ({
      kinds: o.kinds && o.kinds.length > 0 ? new Set(o.kinds) : undefined,
      regex: compileSafeRegex(o.match, o.flags ?? '', where(`outcomes[${i}]`)),
      status: o.status,
      text: o.text,
    })),
    sections: (def.sections ?? []).map((s, i) => ({
      start: compileSafeRegex(s.start, s.flags ?? '', where(`sections[${i}].start`)),
      end: s.end ? compileSafeRegex(s.end, s.flags ?? '', where(`sections[${i}].end`)) : undefined,
    })),
    columns: def.columns
      ? {
          directive: compileSafeRegex(def.columns.directive, '', where('columns.directive')),
          separator: def.columns.separator ?? ' ',
          fields: def.columns.fields ?? {},
          timestamp: def.columns.timestamp ?? [],
          messageFrom: def.columns.messageFrom,
        }
      : undefined,
    fileNames: (def.fileNames ?? []).map(globToRegExp),
    priority: def.priority ?? 0,
  };
}

export interface FormatRegistry {
  formats: CompiledFormat[];
  byId: Map<string, CompiledFormat>;
  /** Definitions that failed to compile, with the reason (never fatal: the rest keep working). */
  errors: string[];
}

let builtIn: FormatRegistry | undefined;

export function createFormatRegistry(definitions: FormatDefinition[]): FormatRegistry {
  const formats: CompiledFormat[] = [];
  const errors: string[] = [];
  for (const def of definitions) {
    try {
      formats.push(compileFormat(def));
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  formats.sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  return { formats, byId: new Map(formats.map((f) => [f.id, f])), errors };
}

export function builtInFormatDefinitions(): FormatDefinition[] {
  return builtInFormats.map((f) => f.data as FormatDefinition);
}

export function builtInFormatRegistry(): FormatRegistry {
  builtIn ??= createFormatRegistry(builtInFormatDefinitions());
  return builtIn;
}
