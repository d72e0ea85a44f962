/** The parts of a finding made from its entry: values, message, where in the message a match sits. */
import type { LogEntry, Severity } from '../model/log';
import { truncate } from '../util/text';
import { fillText } from './fill';
import type { CompiledSignature } from './knowledgeBase';

export type RuleSeverity = Severity | 'off';

export const LEVEL_RULE = { error: 'level.error', warning: 'level.warning' } as const;

export function valuesOf(entry: LogEntry, match: RegExpExecArray | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, field] of Object.entries(entry.fields)) {
    if (name !== 'message') values[name] = field.value;
  }
  for (const [name, value] of Object.entries(match?.groups ?? {})) {
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/** The format's name for an entry in a level finding: its first template whose placeholders all have values. */
export function levelSummary(templates: string[] | undefined, values: Record<string, string>): string | undefined {
  for (const template of templates ?? []) {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    if (names.every((name) => values[name] !== undefined && values[name].trim().length > 0)) return fillText(template, values);
  }
  return undefined;
}

export function describe(signature: CompiledSignature, values: Record<string, string>): string {
  return truncate(`${signature.def.title}: ${fillText(signature.def.summary, values)}`, 400);
}

/** Line and character of an offset inside an entry's message (bodies are joined with '\n'). */
export function positionInMessage(entry: LogEntry, offset: number): { line: number; char: number } {
  const before = entry.message.lastIndexOf('\n', offset - 1);
  if (before < 0) return { line: entry.messageSpan.line, char: entry.messageSpan.start + offset };
  let lines = 0;
  for (let i = entry.message.indexOf('\n'); i >= 0 && i <= before; i = entry.message.indexOf('\n', i + 1)) lines++;
  return { line: entry.messageSpan.line + lines, char: offset - before - 1 };
}


