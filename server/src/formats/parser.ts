import type { CorrelationKey, Field, FoldingSpan, Level, LogEntry, Section } from '../model/log';
import type { CompiledFormat } from './registry';

export interface ParseOptions {
  fileName?: string;
  /** Forces one format for the whole document (the "Set Log Format" command). */
  formatId?: string;
  /** Year for formats that omit it (syslog); defaults to the current year. */
  referenceYear?: number;
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function fieldsFromMatch(match: RegExpExecArray, line: number, offset: number, into: Record<string, Field>): void {
  const groups = match.groups;
  const indices = match.indices?.groups;
  if (!groups || !indices) return;
  for (const name in groups) {
    const value = groups[name];
    const span = indices[name];
    if (value === undefined || span === undefined || name in into) continue;
    into[name] = { value, line, start: offset + span[0], end: offset + span[1] };
  }
}

/** Text level vocabulary sees at most this much of a message (bounded matching on huge bodies). */
const MAX_LEVEL_TEXT = 16 * 1024;

/**
 * The level the message's own words give (`levelFromText`): a benign look-alike keeps the format's default
 * level (never error or warning), then error words, then warning words; undefined when none match.
 */
export function levelFromText(format: CompiledFormat, message: string): Level | undefined {
  const levels = format.textLevels;
  if (!levels || message.length === 0) return undefined;
  const text = message.length > MAX_LEVEL_TEXT ? message.slice(0, MAX_LEVEL_TEXT) : message;
  if (levels.benign?.test(text)) return format.defaultLevel === 'error' || format.defaultLevel === 'warning' ? 'info' : format.defaultLevel;
  if (levels.error?.test(text)) return 'error';
  if (levels.warning?.test(text)) return 'warning';
  return undefined;
}

/** Fills a key template from fields; undefined when a field is missing. */
export function fillTemplate(template: string, values: (name: string) => string | undefined): string | undefined {
  let missing = false;
  const result = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values(name);
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : result;
}

/** Folds of a format's `sections` (a CLI command and its output) inside one section of the document. */
export function regionFolds(format: CompiledFormat, section: Section, lineText: (line: number) => string): FoldingSpan[] {
  const folds: FoldingSpan[] = [];
  if (format.sections.length === 0) return folds;
  let openStart = -1;
  for (let line = section.startLine; line <= section.endLine; line++) {
    const text = lineText(line);
    if (format.sections.some((s) => s.start.test(text))) {
      if (openStart >= 0 && line - 1 > openStart) folds.push({ startLine: openStart, endLine: line - 1, kind: 'region' });
      openStart = line;
      continue;
    }
    if (openStart >= 0 && format.sections.some((s) => s.end?.test(text))) {
      if (line > openStart) folds.push({ startLine: openStart, endLine: line, kind: 'region' });
      openStart = -1;
    }
  }
  if (openStart >= 0 && section.endLine > openStart) folds.push({ startLine: openStart, endLine: section.endLine, kind: 'region' });
  return folds;
}

export function keysOf(entry: LogEntry, format: CompiledFormat): CorrelationKey[] {
  const keys: CorrelationKey[] = [];
  const fields = entry.fields;
  for (const rule of format.keys) {
    let value = fillTemplate(rule.value, (name) => fields[name]?.value);
    if (value === undefined || value === '' || rule.ignoreSet.has(value)) continue;
    if (rule.symmetric) value = value.split(' <=> ').sort().join(' <=> ');
    const used = rule.fields.map((name) => fields[name]!);
    const sameLine = used.every((f) => f.line === used[0]!.line);
    const span = sameLine && used.length > 0
      ? { line: used[0]!.line, start: Math.min(...used.map((f) => f.start)), end: Math.max(...used.map((f) => f.end)) }
      : undefined;
    keys.push({ kind: rule.kind, value, scope: rule.scope, span });
  }
  return keys;
}
