import { escapeMarkdown } from '../util/markdown';

/**
 * One way to put values from the log into our texts (summaries, fix steps, tools, copied commands).
 *
 * - `{name}` takes the value captured from the entry or its flow; `{name|label}` names the placeholder for the
 *   reader when the value is not in the log; `{peerId,peer|peer ID}` takes the first of several that is there.
 * - A value that is missing stays visible as `<label>` (`{ldapServer}` becomes `<ldap server>`): the reader sees
 *   what to put there, never an example value that looks real.
 * - `[[ ... ]]` is a clause that is dropped as a whole when one of its placeholders has no value, for sentences
 *   that read wrong with a gap (`[[; its last state was {state}]]`); `[[{deviceType} {deviceId}||the device]]`
 *   says something else instead.
 */

const PLACEHOLDER = /\{(\w{1,64}(?:,\w{1,64}){0,4})(?:\|([^{}\n]{1,60}))?\}/g;
const OPTIONAL = /\[\[([^[\]]{0,400}?)(?:\|\|([^[\]]{0,200}))?\]\]/g;
/** Characters a value may hold to be pasted into a command line as it is. */
const COMMAND_SAFE = /^[\w.@%:/\\+=,#~^-]{1,256}$/;
const ACRONYMS = new Set(['ip', 'spn', 'fqdn', 'id', 'kdc', 'dn', 'dns', 'sa', 'url', 'ntp']);

export type Values = Readonly<Record<string, string | undefined>>;

/** Labels of the names seen so far (templates use few names; each is worked out once). */
const LABELS = new Map<string, string>();

/** `ldapServer` -> `ldap server`, `sourceIp` -> `source IP`. */
export function placeholderLabel(name: string, label?: string): string {
  if (label) return label.trim();
  let known = LABELS.get(name);
  if (known === undefined) {
    known = labelOf(name);
    if (LABELS.size < 4096) LABELS.set(name, known);
  }
  return known;
}

function labelOf(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()))
    .join(' ');
}

/** The placeholder names a template uses, in order of first use. */
export function placeholderNames(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].flatMap((m) => m[1]!.split(',')))];
}

function present(values: Values, name: string): boolean {
  const value = values[name];
  return value !== undefined && value !== '';
}

function dropIncompleteClauses(template: string, values: Values): string {
  if (!template.includes('[[')) return template;
  return template.replace(OPTIONAL, (_, clause: string, otherwise?: string) =>
    [...clause.matchAll(PLACEHOLDER)].every((m) => m[1]!.split(',').some((name) => present(values, name))) ? clause : (otherwise ?? ''),
  );
}

type Render = (value: string | undefined, label: string) => string;

function fill(template: string, values: Values, render: Render): string {
  return dropIncompleteClauses(template, values).replace(PLACEHOLDER, (_, names: string, label?: string) => {
    const alternatives = names.split(',');
    const name = alternatives.find((n) => present(values, n)) ?? alternatives.find((n) => values[n] !== undefined);
    return render(name ? values[name] : undefined, placeholderLabel(alternatives[0]!, label));
  });
}

/** Plain text for the Problems panel and the hover's "what happened" (escaped by the caller). */
export function fillText(template: string, values: Values): string {
  return fill(template, values, (value, label) => (value === undefined ? `<${label}>` : value.replace(/\s{1,64}/g, ' ')))
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** A command to run: values that could change what the command does (spaces, quotes, `;`) stay placeholders. */
export function fillCommand(template: string, values: Values): string {
  return fill(template, values, (value, label) => (value !== undefined && COMMAND_SAFE.test(value) ? value : `<${label}>`));
}

/** Code spans and fenced blocks of a markdown text, and the prose between them. */
const CODE = /```[^\n`]{0,40}\n[\s\S]{0,4000}?```|`[^`\n]{1,400}`/g;

/**
 * A markdown fix step: inside code the value is written as it is (a command to copy), in prose it is escaped
 * (log text never becomes markup).
 */
export function fillMarkdown(template: string, values: Values): string {
  const prose: Render = (value, label) => escapeMarkdown(value ?? `<${label}>`);
  const complete = dropIncompleteClauses(template, values);
  let result = '';
  let last = 0;
  for (const m of complete.matchAll(CODE)) {
    result += fill(complete.slice(last, m.index), values, prose);
    result += fillCommand(m[0], values);
    last = m.index! + m[0].length;
  }
  return result + fill(complete.slice(last), values, prose);
}
