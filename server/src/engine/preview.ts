import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { LEVEL_RULE } from '../knowledge/findingParts';
import type { Finding } from '../model/log';
import { lineStarts } from './lines';
import { REPEATS_RELATED } from '../knowledge/repeats';

/**
 * Lines a preview analyses. The first 2,000 choose the formats, as they do for the whole document, and the
 * preview settles on them at once (`LineIndexer.settle`), so the whole analysis continues its scan.
 */
export const PREVIEW_LINES = 5000;

/** Documents up to this many lines are analysed whole at once (in well under a second): no preview. */
export const PREVIEW_MIN_LINES = 40_000;

/**
 * Where the lines of a long document's head start (the first `PREVIEW_MIN_LINES + 1`), or undefined for a
 * document of at most `PREVIEW_MIN_LINES` lines: found without splitting the whole text into lines.
 */
export function longDocumentHead(text: string): Int32Array | undefined {
  const head = lineStarts(text, PREVIEW_MIN_LINES);
  return head.length > PREVIEW_MIN_LINES ? head : undefined;
}

const LEVEL_RULES = new Set<string>(Object.values(LEVEL_RULE));

/**
 * Whether a finding made from the first lines of a log is also a finding of the whole log: the rule reads the
 * entry and what precedes it only. Rules that wait for what follows (followedBy, notFollowedBy, absence), count
 * (minCount, oncePerFile) or look into other files can change their verdict with lines not read yet.
 */
function decidedByWhatPrecedes(rule: string, knowledge: KnowledgeBase): boolean {
  if (LEVEL_RULES.has(rule)) return true;
  const signature = knowledge.byId.get(rule);
  if (!signature) return false;
  return !signature.followedBy && !signature.notFollowedBy && !signature.absence && !signature.minCount && !signature.oncePerFile && !signature.seenInOtherFile;
}

/**
 * Rules a finding of which may yet give way to another on its line: a signature that waits for later lines
 * supersedes them (the refined diagnosis appears once what follows is read).
 */
function supersededLater(knowledge: KnowledgeBase): Set<string> {
  const rules = new Set<string>();
  for (const signature of knowledge.signatures) {
    if (decidedByWhatPrecedes(signature.id, knowledge)) continue;
    for (const id of signature.def.supersedes ?? []) rules.add(id);
  }
  return rules;
}

/**
 * The findings of a preview (the analysis of a log's first lines) that the whole log's analysis gives too:
 * errors and warnings of rules decided by what precedes and not superseded by one that is not, on entries
 * that end before `lastLine` (the last entry read may go on). A finding repeated so far is shown on its first occurrence with that
 * occurrence's message: how often it repeats is known once the whole log is read. In a log written newest
 * first the first occurrence may lie beyond the preview, so there a flow's findings wait for the whole.
 */
export function previewFindings(findings: readonly Finding[], knowledge: KnowledgeBase, lastLine: number, newestFirst: boolean): Finding[] {
  const mayGiveWay = supersededLater(knowledge);
  const kept: Finding[] = [];
  for (const f of findings) {
    // Hints wait for the whole: under the findings cap they give way to the errors and warnings of later lines.
    if (f.severity === 'info' || f.endLine >= lastLine || mayGiveWay.has(f.rule) || !decidedByWhatPrecedes(f.rule, knowledge)) continue;
    if (newestFirst && f.flowId !== undefined) continue;
    if (!f.repeats) kept.push(f);
    else {
      // The merge appended one related entry for each of the first repeats (see mergeRepeats).
      const { repeats, ...single } = f;
      const own = f.related.length - Math.min(REPEATS_RELATED, repeats.count - 1);
      kept.push({ ...single, message: repeats.firstMessage, related: f.related.slice(0, own) });
    }
  }
  return kept;
}
