import type { CompiledFormat, FormatRegistry } from './registry';
import { prepareLine } from './lineText';

/** How many leading lines vote on the format; enough to pass a preamble of prose in a ticket. */
const DETECTION_LINES = 2000;

export interface FormatScore {
  format: CompiledFormat;
  score: number;
  matchedLines: number;
}

function baseName(fileName: string | undefined): string {
  if (!fileName) return '';
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

export function fileNameMatches(format: CompiledFormat, fileName: string | undefined): boolean {
  const name = baseName(fileName);
  return name !== '' && format.fileNames.some((glob) => glob.test(name));
}

/** True when the format recognises the line as the start of an entry, also inside glued text. */
export function lineVotes(format: CompiledFormat, rawLine: string): number {
  const line = prepareLine(format, rawLine);
  if (line.length === 0) return 0;
  for (const pattern of format.lines) {
    if (pattern.regex.test(line)) return pattern.weight;
  }
  if (format.splitGlued) {
    format.splitGlued.lastIndex = 0;
    const first = format.splitGlued.exec(line);
    format.splitGlued.lastIndex = 0;
    if (first) {
      const segment = line.slice(first.index, first.index + 4096);
      const end = nextGluedStart(format, segment);
      const piece = segment.slice(0, end).trimEnd();
      for (const pattern of format.lines) if (pattern.regex.test(piece)) return pattern.weight;
    }
  }
  return 0;
}

export function nextGluedStart(format: CompiledFormat, segment: string): number {
  const splitter = format.splitGlued!;
  splitter.lastIndex = 1;
  const next = splitter.exec(segment);
  splitter.lastIndex = 0;
  return next ? next.index : segment.length;
}

/**
 * Scores every format over the first lines: the sum of the weights of the lines it recognises, with a small
 * bonus for a matching file name that only breaks ties between formats that recognise the same lines.
 */
export function scoreFormats(registry: FormatRegistry, lines: readonly string[], fileName?: string): FormatScore[] {
  const limit = Math.min(lines.length, DETECTION_LINES);
  const scores: FormatScore[] = [];
  for (const format of registry.formats) {
    let score = 0;
    let matchedLines = 0;
    for (let i = 0; i < limit; i++) {
      const vote = lineVotes(format, lines[i]!);
      if (vote > 0) {
        score += vote;
        matchedLines++;
      }
    }
    if (matchedLines > 0) {
      if (fileNameMatches(format, fileName)) score += 0.5;
      score += format.priority * 0.01;
      scores.push({ format, score, matchedLines });
    }
  }
  scores.sort((a, b) => b.score - a.score);
  return scores;
}
