/**
 * Log text pasted into tickets, forums and mail carries marks of the paste around the daemon's own lines: quote
 * markers (`> `), markdown fences and indentation, BBCode tags (`[code]`), shell prompts with the command typed,
 * `tail -f` file headers. The registry compiles these into every format (an optional lead before each line
 * pattern, frames that end a multi-line body) and `prepareLine` blanks the tags, so every reader of the formats
 * (the parser, the indexed engine, detection) sees pasted lines the same way and columns stay true.
 */

/**
 * What may stand before a pasted entry line: quote markers (nested, with indentation), a BBCode opening tag with
 * an attribute. Multi-line formats take no bare indentation: there it is the log's own (an event's fields).
 */
const TAG = '\\[(?:quote|code|pre)=[^\\]\\n]{0,60}\\][ \\t]{0,12}';
/** A quoted body line keeps its own indentation after the marker (`>   Log Name:`): only one blank belongs to the quote. */
const QUOTE_MULTILINE = '(?:[ \\t]{0,4}>){1,8} ?';
const QUOTE_OR_INDENT = '(?:[ \\t]{0,4}>){1,8}[ \\t]{0,4}|[ \\t]{1,12}';

/**
 * The pattern with the paste lead allowed before it; patterns that are not anchored at the start stay as they are.
 * `multiline` (multi-line formats, and field patterns over body lines) allows quote markers and tags only.
 */
export function withPasteLead(source: string, multiline: boolean): string {
  if (!source.startsWith('^')) return source;
  return `^(?:${multiline ? QUOTE_MULTILINE : QUOTE_OR_INDENT}|${TAG})?${source.slice(1)}`;
}

/** Tags forum software leaves around pasted text, and inline fences. */
const PASTE_TAG = /\[\/?(?:code|quote|pre)\]|```/gi;

/** False when the line surely has no paste tag: no '```', and no '[' or '[/' before a c, q or p (any case). */
function mayHavePasteTag(line: string): boolean {
  if (line.indexOf('`') >= 0 && line.indexOf('```') >= 0) return true;
  for (let i = line.indexOf('['); i >= 0; i = line.indexOf('[', i + 1)) {
    let next = line.charCodeAt(i + 1);
    if (next === 47) next = line.charCodeAt(i + 2);
    next |= 32;
    if (next === 99 || next === 113 || next === 112) return true;
  }
  return false;
}

/** The line with paste tags blanked (same length, so columns stay true); the same string when it has none. */
export function blankPasteTags(line: string): string {
  if (!mayHavePasteTag(line)) return line;
  const blanked = line.replace(PASTE_TAG, (tag) => ' '.repeat(tag.length));
  // A line of tags alone frames the paste: it stays as it is, so the body before it ends there.
  return blanked === line || blanked.trim().length > 0 ? blanked : line;
}

/**
 * Lines that frame a paste and never belong to an entry's body: fences, lone BBCode tags, `tail -f` headers,
 * journalctl banners, and shell prompts with a command typed after them (`root@gw:~# ipsec auto --up x`,
 * `[admin@gw ~]$ sudo journalctl -u strongswan`, `$ ipsec status`, `PS C:\> Get-WinEvent`).
 */
const FRAMES = [
  '[\\s>]{0,16}(?:```|~~~)[\\w+.-]{0,20}\\s{0,8}$',
  '[\\s>]{0,16}(?:\\[\\/?(?:code|quote|pre)(?:=[^\\]\\n]{0,80})?\\]\\s{0,4}){1,4}$',
  '==> \\S.{0,500} <==$',
  '-- (?:Logs begin at|Journal begins at|Boot [0-9a-f]{8,32}|Reboot|No entries)\\b',
  '[\\s>]{0,16}(?:[\\w.-]{1,64}@[\\w.-]{1,64}(?::[^\\s#$]{0,200})?\\s?[#$%]|\\[[\\w.-]{1,64}@[\\w.-]{1,64}[^\\]\\n]{0,200}\\][#$%]|[#$%]|PS [A-Za-z]:\\\\[^>\\n]{0,200}>|[A-Za-z]:\\\\[^>\\n]{0,200}>)\\s{1,4}(?:sudo\\s{1,4})?[A-Za-z][\\w.-]{0,40}(?:\\s|$)',
];

/** Any line that does not frame a paste. */
const NOT_A_PASTE_FRAME = `^(?!${FRAMES.map((f) => `(?:${f})`).join('|')})`;

/** A multi-line format's continuation rule that also stops at paste frames (an unanchored rule stays as it is). */
export function notPasteFrameAnd(continuation: string | undefined): string {
  if (continuation === undefined) return NOT_A_PASTE_FRAME;
  return continuation.startsWith('^') ? NOT_A_PASTE_FRAME + continuation.slice(1) : continuation;
}

export function isPasteFrame(line: string): boolean {
  return !notFrame.test(line);
}

const notFrame = new RegExp(NOT_A_PASTE_FRAME);

/** Every pattern of this module, for the backtracking check in the tests. */
export const PASTE_PATTERN_SOURCES: readonly string[] = [PASTE_TAG.source, NOT_A_PASTE_FRAME, withPasteLead('^x', false), withPasteLead('^x', true)];
