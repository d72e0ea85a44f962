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
  line = blankPasteTags(line);
  for (const marker of format.ignoreMarkers) {
    if (line.includes(marker)) line = line.split(marker).join(' '.repeat(marker.length));
  }
  const last = line.charCodeAt(line.length - 1);
  if (last === 32 || last === 9 || last === 13) line = line.trimEnd();
  return line;
}
