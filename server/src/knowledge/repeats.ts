import type { Finding } from '../model/log';

/** Entries kept per repeated finding, enough for hovers and references on each repeat. */
const MAX_KEPT = 500;
/** Repeats after the first cited as related entries of the finding. */
export const REPEATS_RELATED = 20;

/**
 * One finding per repeat in a flow: six retransmissions of one negotiation, the same error line logged again and
 * again in one connection, are one finding on the first occurrence with the count and the first and last line.
 * A repeat says the same thing (counters and waits aside): two different URLs rejected for one client stay two.
 */
export function mergeRepeats(findings: Finding[], timeOrder: (entryIndex: number) => number): Finding[] {
  // Grouped by rule and flow, then by the message with its numbers masked; the mask is computed only where a
  // rule and flow have more than one finding. Groups keep the order in which they were opened.
  const buckets = new Map<string, { first: Finding; masked?: string; group: Finding[]; others?: Map<string, Finding[]> }>();
  const groups: Finding[][] = [];
  const result: Finding[] = [];
  for (const finding of findings) {
    if (!finding.flowId) {
      result.push(finding);
      continue;
    }
    const key = `${finding.rule}\u0000${finding.flowId}`;
    const bucket = buckets.get(key);
    if (!bucket) {
      const group = [finding];
      buckets.set(key, { first: finding, group });
      groups.push(group);
      continue;
    }
    bucket.masked ??= maskNumbers(bucket.first.message);
    const masked = maskNumbers(finding.message);
    if (masked === bucket.masked) {
      bucket.group.push(finding);
      continue;
    }
    bucket.others ??= new Map();
    const group = bucket.others.get(masked);
    if (group) group.push(finding);
    else {
      const opened = [finding];
      bucket.others.set(masked, opened);
      groups.push(opened);
    }
  }
  for (const group of groups) {
    if (group.length === 1) {
      result.push(group[0]!);
      continue;
    }
    group.sort((a, b) => timeOrder(a.entryIndex) - timeOrder(b.entryIndex) || a.line - b.line);
    const first = group[0]!;
    const last = group[group.length - 1]!;
    const lines = `${group.length} times, lines ${Math.min(first.line, last.line) + 1}-${Math.max(first.line, last.line) + 1}`;
    result.push({
      ...first,
      message: `${first.message} (${lines})`,
      related: [...first.related, ...group.slice(1, 1 + REPEATS_RELATED).map((f) => ({ line: f.line, message: `again: ${f.message}` }))],
      repeats: { count: group.length, firstLine: first.line, lastLine: last.line, entryIndices: group.slice(0, MAX_KEPT).map((f) => f.entryIndex), firstMessage: first.message },
    });
  }
  return result;
}

function maskNumbers(message: string): string {
  return message.replace(/\d{1,20}/g, '#');
}
