import assert from 'node:assert/strict';
import type { ParsedLog } from '../../server/src/model/log';

/** `line:rule:severity` for every finding, in document order (0-based lines). */
export function findings(parsed: ParsedLog): string[] {
  return parsed.findings.map((f) => `${f.line}:${f.rule}:${f.severity}`);
}

/** The start lines of a flow's entries. */
export function flowLines(parsed: ParsedLog, id: string): number[] {
  const flow = parsed.flows.get(id);
  assert.ok(flow, `flow ${id} exists (have ${[...parsed.flows.keys()].join(', ')})`);
  return flow.entries.map((i) => parsed.entries[i]!.startLine);
}
