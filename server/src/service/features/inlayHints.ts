import { InlayHintKind, type InlayHint } from 'vscode-languageserver-types';
import { chronological, formatDuration } from '../../correlation/flows';
import type { ParsedLog } from '../../model/log';

/**
 * The gap since the previous entry of the same flow, where it exceeds the threshold. An entry that starts a flow
 * of its own (a new SA of a connection, a new session of a client) gets none: the time since the previous attempt
 * is not a delay inside what starts there.
 */
export function getInlayHints(parsed: ParsedLog, startLine: number, endLine: number, thresholdMs: number, max: number): InlayHint[] {
  const hints: InlayHint[] = [];
  const seen = new Set<number>();
  for (const flow of parsed.flows.values()) seen.add(chronological(flow, parsed.newestFirst)[0]!);
  for (const flow of parsed.flows.values()) {
    const order = chronological(flow, parsed.newestFirst);
    for (let k = 1; k < order.length; k++) {
      const entry = parsed.entries[order[k]!]!;
      if (entry.startLine < startLine || entry.startLine > endLine || seen.has(entry.index)) continue;
      const previous = parsed.entries[order[k - 1]!]!;
      if (entry.time === undefined || previous.time === undefined) continue;
      const gap = entry.time - previous.time;
      if (gap <= thresholdMs) continue;
      seen.add(entry.index);
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
