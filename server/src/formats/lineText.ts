import localizedMonths from './localizedMonths.json';
import { blankPasteTags } from './pasteText';
import type { CompiledFormat } from './registry';

/** Lines longer than this are matched on their first part only: patterns then run in bounded time. */
export const MAX_MATCHED_LINE_LENGTH = 64 * 1024;

/**
 * The text a format's patterns see for a physical line: markers and paste tags (`[code]`) blanked (offsets kept), trailing white space
 * removed (so patterns end with `$` and never scan trailing blanks), and length bounded.
 */
export function prepareLine(format: CompiledFormat, rawLine: string): string {
  let line = rawLine.length > MAX_MATCHED_LINE_LENGTH ? rawLine.slice(0, MAX_MATCHED_LINE_LENGTH) : rawLine;
  line = withEnglishMonth(blankPasteTags(line));
  for (const marker of format.ignoreMarkers) {
    if (line.includes(marker)) line = line.split(marker).join(' '.repeat(marker.length));
  }
  const last = line.charCodeAt(line.length - 1);
  if (last === 32 || last === 9 || last === 13) line = line.trimEnd();
  return line;
}

/** Each localized month abbreviation with the English one it stands for (the same length: columns stay true). */
const ENGLISH_MONTH = new Map<string, string>(
  Object.entries(localizedMonths.months).flatMap(([english, local]) => local.map((name) => [name, english] as [string, string])),
);
/** What follows a syslog or journald month at the start of a line: the day and the hour. */
const AFTER_MONTH = /^ {1,2}\d{1,2} \d{2}:\d{2}/;

/**
 * A syslog or journald line written in another locale (`тра 29 10:31:37 host ...`, `Okt  4 08:12:55 ...`) with its
 * month in English, so that every format's time stamp and its parser read it; any other line as it is.
 */
export function withEnglishMonth(line: string): string {
  if (line.charCodeAt(3) !== 32) return line;
  const english = ENGLISH_MONTH.get(line.slice(0, 3));
  if (english === undefined || !AFTER_MONTH.test(line.slice(3, 16))) return line;
  return english + line.slice(3);
}
