import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { LogAnalysis } from '../../model/log';

/**
 * Correlation ids as semantic tokens: every occurrence of a flow id gets the same token type wherever it is
 * written, so themes colour `fl=2433`, `#624` or a session GUID consistently. The two custom types inherit
 * from `variable` (see `semanticTokenTypes` in package.json) so any theme colours them.
 */
export const SEMANTIC_LEGEND: SemanticTokensLegend = {
  tokenTypes: ['logFlowId', 'logCorrelationId'],
  tokenModifiers: ['error'],
};

export function getSemanticTokens(parsed: LogAnalysis, range?: { startLine: number; endLine: number }): SemanticTokens {
  const spans: Array<{ line: number; start: number; length: number; type: number; modifiers: number }> = [];
  // Only the flows whose ids appear in the range are looked up: a full request must not build every flow.
  const failed = new Map<string, boolean>();
  const isFailed = (id: string) => {
    let value = failed.get(id);
    if (value === undefined) failed.set(id, (value = parsed.flowStatus(id) === 'failed'));
    return value;
  };
  for (let i = firstEntryFrom(parsed, range?.startLine ?? 0); i < parsed.entryCount; i++) {
    if (range && parsed.startLineOf(i) > range.endLine) break;
    const entry = parsed.entry(i);
    if (range && entry.endLine < range.startLine) continue;
    for (const key of entry.keys) {
      if (!key.span || key.span.end <= key.span.start) continue;
      spans.push({
        line: key.span.line,
        start: key.span.start,
        length: key.span.end - key.span.start,
        type: key.scope === 'file' ? 0 : 1,
        modifiers: isFailed(`${key.kind}:${key.value}`) ? 1 : 0,
      });
    }
  }
  spans.sort((a, b) => a.line - b.line || a.start - b.start);
  const data: number[] = [];
  let lastLine = 0;
  let lastStart = 0;
  let lastEnd = -1;
  let lastEndLine = -1;
  for (const span of spans) {
    // Tokens must not overlap; a tuple may contain an id already coloured.
    if (span.line === lastEndLine && span.start < lastEnd) continue;
    const deltaLine = span.line - lastLine;
    data.push(deltaLine, deltaLine === 0 ? span.start - lastStart : span.start, span.length, span.type, span.modifiers);
    lastLine = span.line;
    lastStart = span.start;
    lastEnd = span.start + span.length;
    lastEndLine = span.line;
  }
  return { data };
}

/** The first entry that ends on or after a line (entries are in line order). */
function firstEntryFrom(parsed: LogAnalysis, line: number): number {
  for (let l = line; l < parsed.lineCount; l++) {
    const i = parsed.entryAtLine(l);
    if (i >= 0) return i;
  }
  return parsed.entryCount;
}
