import { DocumentParser, regionFolds, splitLines, type ParseResult } from '../formats/parser';
import { builtInFormatRegistry } from '../formats/registry';
import { completeAnalysis, type AnalyzeOptions } from './analyze';
import type { ParsedLog } from '../model/log';

/** Offset where a line starts, found by walking back from the end (the line is near the end). */
function lineStartFromEnd(text: string, lineCount: number, line: number): number {
  if (line === 0) return 0;
  let breaksToPass = lineCount - line;
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text.charCodeAt(i);
    const isBreak = ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10);
    if (isBreak && --breaksToPass === 0) return i + 1;
  }
  return 0;
}

/**
 * Re-analyses a document that only grew at its end (a log being written): the entries before the last one are
 * kept, the text from the last entry's first line on is parsed again, and flows and findings are rebuilt over
 * the whole. Returns undefined when the change is not a pure append or the tail does not continue the log
 * plainly (newest-first order, a calendar rollover), so the caller analyses the whole text instead.
 */
export function appendAnalysis(previous: ParsedLog, previousText: string, text: string, options: AnalyzeOptions): ParsedLog | undefined {
  if (previous.newestFirst || previous.entries.length === 0 || options.formatId) return undefined;
  if (text.length <= previousText.length || !text.startsWith(previousText)) return undefined;
  const registry = options.registry ?? builtInFormatRegistry();
  const resumeLine = previous.entries[previous.entries.length - 1]!.startLine;
  const keptCount = previous.entries.findIndex((e) => e.startLine >= resumeLine);
  const kept = previous.entries.slice(0, keptCount);
  const tailLines = splitLines(text.slice(lineStartFromEnd(previousText, previous.lineCount, resumeLine)));
  const lineCount = resumeLine + tailLines.length;

  const used = previous.sections.map((s) => registry.byId.get(s.formatId)).filter((f) => f !== undefined);
  const last = used[used.length - 1]!;
  const candidates = [last, ...used.filter((f) => f !== last), ...registry.formats.filter((f) => !used.includes(f))];
  const parser = new DocumentParser(tailLines, [...new Set(candidates)], resumeLine);
  parser.run();
  if (parser.resolveTimes(options.referenceYear ?? new Date().getUTCFullYear())) return undefined;
  parser.sectionFolds();

  const lastKeptTime = [...kept].reverse().find((e) => e.time !== undefined)?.time;
  const firstTailTime = parser.entries.find((e) => e.time !== undefined)?.time;
  if (lastKeptTime !== undefined && firstTailTime !== undefined && (firstTailTime < lastKeptTime - 12 * 3600_000 || firstTailTime > lastKeptTime + 180 * 86400_000)) {
    return undefined;
  }

  for (const entry of parser.entries) entry.index += keptCount;
  const entries = kept.concat(parser.entries);
  const sections = previous.sections.filter((s) => s.startLine < resumeLine).map((s) => ({ ...s }));
  const lastKept = kept[kept.length - 1];
  const keptSection = sections[sections.length - 1];
  if (keptSection && lastKept) keptSection.endLine = Math.max(keptSection.startLine, Math.min(keptSection.endLine, lastKept.endLine));
  for (const section of parser.sections) {
    const tailOfKept = sections[sections.length - 1];
    if (tailOfKept && tailOfKept.formatId === section.formatId) tailOfKept.endLine = section.endLine;
    else sections.push(section);
  }
  const entryAtLine = new Int32Array(lineCount).fill(-1);
  for (let line = 0; line < resumeLine; line++) {
    const index = previous.entryAtLine[line]!;
    if (index >= 0 && index < keptCount) entryAtLine[line] = index;
  }
  for (const entry of parser.entries) {
    for (let line = entry.startLine; line <= entry.endLine; line++) if (entryAtLine[line] === -1) entryAtLine[line] = entry.index;
  }
  // Region folds of the section the tail continues may start before the resume line: compute them again.
  const continued = sections[sections.length - 1]!;
  const continuedFormat = registry.byId.get(continued.formatId);
  const regionsAgain = continuedFormat !== undefined && continuedFormat.sections.length > 0 && continued.startLine < resumeLine;
  const folds = [...previous.folds.filter((f) => f.startLine < resumeLine && f.endLine < resumeLine), ...parser.folds].filter(
    (f) => !(regionsAgain && f.kind === 'region' && f.startLine >= continued.startLine),
  );
  if (regionsAgain) {
    const sectionLines = splitLines(text.slice(lineStartFromEnd(previousText, previous.lineCount, continued.startLine)));
    folds.push(...regionFolds(continuedFormat, continued, (line) => sectionLines[line - continued.startLine] ?? ''));
  }
  const result: ParseResult = {
    lineCount,
    entries,
    sections,
    entryAtLine,
    folds,
    newestFirst: false,
    notices: [...new Set([...previous.notices.filter((n) => !n.startsWith('Only the first')), ...parser.notices])],
  };
  return completeAnalysis(result, options);
}
