import { truncate } from './text';

/**
 * Log text is untrusted: inside a hover it must stay plain text. Every ASCII punctuation character gets a
 * backslash (CommonMark allows it for all of them), which defeats links, images, emphasis, HTML, code spans
 * and autolinks such as `command:` or `https://` alike. Line breaks become explicit breaks.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()<>#+\-.!|~"'=:;@$%&^?,/]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`))
    .replace(/\r?\n/g, '  \n');
}

/** A value shown inline, cut to a sane length first. */
export function escapeValue(text: string, max = 300): string {
  return escapeMarkdown(truncate(text, max));
}
