import type { Finding } from '../model/log';
import type { KnowledgeBase } from './knowledgeBase';

/**
 * One diagnosis per line: a signature that refines a more generic one names it in `supersedes`, and on a line
 * both report only the refined finding stays (a reset after a request is not also a plain reset).
 */
export function withoutSuperseded(findings: Finding[], knowledge: KnowledgeBase): Finding[] {
  const superseded = new Set<string>();
  for (const finding of findings) {
    for (const id of knowledge.byId.get(finding.rule)?.def.supersedes ?? []) superseded.add(`${finding.line}\u0000${id}`);
  }
  return superseded.size === 0 ? findings : findings.filter((f) => !superseded.has(`${f.line}\u0000${f.rule}`));
}
