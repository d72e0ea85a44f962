import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { ParsedLog } from '../../model/log';

/**
 * Correlation ids as semantic tokens: every occurrence of a flow id gets the same token type wherever it is
 * written, so themes colour `fl=2433`, `#624` or a session GUID consistently. The two custom types inherit
 * from `variable` (see `semanticTokenTypes` in package.json) so any theme colours them.
 */
export const SEMANTIC_LEGEND: SemanticTokensLegend = {
  tokenTypes: ['logFlowId', 'logCorrelationId'],
  tokenModifiers: ['error'],
};

export function getSemanticTokens(parsed: ParsedLog, range?: { startLine: number; endLine: number }): SemanticTokens {
  const spans: Array<{ line: number; start: number; length: number; type: number; modifiers: number }> = [];
  const failedFlows = new Set([...parsed.flows.values()].filter((f) => f.outcome.status === 'failed').map((f) => `${f.kind}:${f.value}`));
  for (const entry of parsed.entries) {
    if (range && (entry.endLine < range.startLine || entry.startLine > range.endLine)) continue;
    for (const key of entry.keys) {
      if (!key.span || key.span.end <= key.span.start) continue;
      spans.push({
        line: key.span.line,
        start: key.span.start,
        length: key.span.end - key.span.start,
        type: key.scope === 'file' ? 0 : 1,
        modifiers: failedFlows.has(`${key.kind}:${key.value}`) ? 1 : 0,
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
