/**
 * One text analysed on several cores: the lines are cut into ranges at line breaks, every range but the
 * first is scanned from a fresh start elsewhere (a worker thread: `ScanWorkers`), the first here, and the
 * parts are merged in order into one scan, from which flows and findings are built once over the whole log.
 * A part that does not continue the scan before it exactly (`Scanner.continuesInto`) is scanned again here
 * line by line, so the result is always that of `indexText`.
 */
import { builtInFormatRegistry } from '../formats/registry';
import { builtInKnowledgeBase } from '../knowledge/knowledgeBase';
import { LineIndexer, scanAll, scanPart, type IndexedLog, type IndexOptions } from './analyze';
import { lineStarts, TextLines } from './lines';
import type { ScanPart } from './scan';

/** A range of lines to scan: its text (with the line break of its last line), where it starts in the log. */
export interface PartJob {
  text: string;
  firstLine: number;
  lineCount: number;
  formatIds: string[];
  severity?: IndexOptions['severity'];
}

/** Scans one range somewhere (a worker thread, or in this thread for tests). */
export type PartRunner = (job: PartJob) => Promise<ScanPart>;

/** What a scan thread does with a job. */
export function scanJob(job: PartJob): ScanPart {
  return scanPart(new TextLines(job.text, lineStarts(job.text)), job.firstLine, job.lineCount, job.formatIds, { severity: job.severity });
}

export interface SplitOptions {
  /** Logs shorter than this are analysed in one piece (default `MIN_PARALLEL_LINES`). */
  minLines?: number;
  /** Where the parts start, instead of even cuts moved to entry starts (tests cut anywhere). */
  cuts?: number[];
}

/** Below this many lines a log is analysed in one piece: a part costs a thread's start and a copy of its text. */
export const MIN_PARALLEL_LINES = 60_000;
/** Lines the formats are chosen on before the log is cut (the indexer settles after 20,000). */
const SETTLING_LINES = 20_001;
/** How far past a cut its place moves to reach a line that starts an entry. */
const ALIGN_LINES = 2_000;

export interface ParallelResult {
  indexed: IndexedLog;
  /** The scan of every line, which an append continues (`LineIndexer.resumable`). */
  indexer: LineIndexer;
  /** Where each line of the text starts. */
  starts: Int32Array;
  /** Parts merged as scanned apart; the others were scanned again here. */
  merged: number;
  parts: number;
}

/**
 * The analysis of `text` in `parts` ranges, equal to `indexText(text, options)`. Only with the built-in formats
 * and knowledge (a worker thread loads its own copy of them) and on logs of at least `minLines` lines.
 * `started` is a scan of the text's first lines made with the same options (a preview's), continued here.
 */
export async function indexTextInParallel(text: string, options: IndexOptions, run: PartRunner, parts: number, split: SplitOptions = {}, started?: LineIndexer): Promise<ParallelResult> {
  const minLines = split.minLines ?? MIN_PARALLEL_LINES;
  const builtIn = (options.registry ?? builtInFormatRegistry()) === builtInFormatRegistry() && (options.knowledge ?? builtInKnowledgeBase()) === builtInKnowledgeBase();
  const starts = lineStarts(text);
  const lines = new TextLines(text, starts);
  const count = lines.count;
  const indexer = started ?? new LineIndexer(options);
  const pushUpTo = (end: number) => {
    for (let i = indexer.lineCount; i < end; i++) indexer.pushLine(lines.line(i));
  };
  const inOnePiece = (): ParallelResult => {
    pushUpTo(count);
    return { indexed: indexer.index(lines), indexer, starts, merged: 0, parts: 1 };
  };
  if (!builtIn || parts < 2 || count < Math.max(minLines, SETTLING_LINES * 2)) return inOnePiece();
  pushUpTo(SETTLING_LINES);
  const formatIds = indexer.splittableFormats;
  if (!formatIds) return inOnePiece();
  // A good cut: the line starts an entry (closing any entry left open before it) and, with several formats,
  // so does the line before it, in the same format (so the part goes on in the format the scan tries first).
  const goodCut = (line: number) => {
    const format = indexer.formatStarting(lines.line(line));
    return format >= 0 && (formatIds.length === 1 || indexer.formatStarting(lines.line(line - 1)) === format);
  };
  const first = Math.max(SETTLING_LINES, indexer.lineCount);
  const cuts = split.cuts ? [0, ...[...new Set(split.cuts)].filter((c) => c >= first && c < count).sort((a, b) => a - b), count] : cutPoints(count, parts, goodCut, first);
  const jobs: Array<Promise<ScanPart>> = [];
  for (let k = 1; k < cuts.length - 1; k++) {
    const from = cuts[k]!;
    const to = cuts[k + 1]!;
    const end = to < count ? starts[to]! : text.length;
    jobs.push(run({ text: text.slice(starts[from]!, end), firstLine: from, lineCount: to - from, formatIds, severity: options.severity }));
  }
  // Errors of a job are taken when it is awaited; until then they must not count as unhandled.
  for (const job of jobs) job.catch(() => undefined);
  pushUpTo(cuts[1]!);
  let merged = 1;
  for (let k = 0; k < jobs.length; k++) {
    const part = await jobs[k]!;
    if (indexer.absorb(part)) {
      merged++;
      continue;
    }
    // An entry left open across the cut cannot be reopened in a merged scan: start again in one piece.
    if (indexer.entryOpenAfterMerge) {
      const again = scanAll(lines, options);
      return { indexed: again.index(lines), indexer: again, starts, merged: 0, parts: cuts.length - 1 };
    }
    pushUpTo(part.firstLine + part.lineCount);
  }
  return { indexed: indexer.index(lines), indexer, starts, merged, parts: cuts.length - 1 };
}

/**
 * Where each of `parts` ranges starts (and the line count at the end): even cuts, each moved on to the next
 * good place (a continuation line cannot start a part that merges), the first part holding at least the
 * lines the formats are settled on (and those already scanned, `first`).
 */
export function cutPoints(count: number, parts: number, goodCut: (line: number) => boolean, first = SETTLING_LINES): number[] {
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    let line = Math.max(Math.floor((count * k) / parts), first, cuts[cuts.length - 1]! + 1);
    for (let step = 0; step < ALIGN_LINES && line < count && !goodCut(line); step++) line++;
    if (line < count) cuts.push(line);
  }
  cuts.push(count);
  return cuts;
}
