import { InlayHintKind, type InlayHint } from 'vscode-languageserver-types';
import { chronological, formatDuration } from '../../correlation/flows';
import type { LogAnalysis } from '../../model/log';

/**
 * The gap since the previous entry of the same flow, where it exceeds the threshold. An entry that starts a flow
 * of its own (a new SA of a connection, a new session of a client) gets none: the time since the previous attempt
 * is not a delay inside what starts there.
 */
export function getInlayHints(parsed: LogAnalysis, startLine: number, endLine: number, thresholdMs: number, max: number): InlayHint[] {
  const hints: InlayHint[] = [];
  const seen = new Set<number>();
  for (const flow of parsed.flows()) seen.add(chronological(flow, parsed.newestFirst)[0]!);
  for (const flow of parsed.flows()) {
    const order = chronological(flow, parsed.newestFirst);
    for (let k = 1; k < order.length; k++) {
      const index = order[k]!;
      const line = parsed.startLineOf(index);
      if (line < startLine || line > endLine || seen.has(index)) continue;
      const time = parsed.timeOf(index);
      const previousTime = parsed.timeOf(order[k - 1]!);
      if (time === undefined || previousTime === undefined) continue;
      const gap = time - previousTime;
      if (gap <= thresholdMs) continue;
      seen.add(index);
      const entry = parsed.entry(index);
      const previous = parsed.entry(order[k - 1]!);
      hints.push({
        position: { line: entry.startLine, character: entry.startChar },
        label: `+${formatDuration(gap)}`,
        kind: InlayHintKind.Parameter,
        paddingRight: true,
        tooltip: `${formatDuration(gap)} since the previous entry of ${flow.label} (line ${previous.startLine + 1})`,
      });
      if (hints.length >= max) return hints;
    }
  }
  return hints.sort((a, b) => a.position.line - b.position.line);
}
