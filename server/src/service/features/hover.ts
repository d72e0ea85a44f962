import type { FormatRegistry } from '../../formats/registry';
import type { Hover } from 'vscode-languageserver-types';
import { formatDuration } from '../../correlation/flows';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { fillCommand, fillMarkdown, fillText } from '../../knowledge/fill';
import { LEVEL_RULE } from '../../knowledge/findingParts';
import { escapeMarkdown, escapeValue } from '../../util/markdown';
import type { Finding, Flow, LogAnalysis } from '../../model/log';
import { entryAt, firstEntryOfFlow, flowsOfEntry, keyAt } from '../navigation';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

function flowLine(parsed: LogAnalysis, flow: Flow): string {
  const first = firstEntryOfFlow(parsed, flow);
  const duration = flow.firstTime !== undefined && flow.lastTime !== undefined ? ` · ${formatDuration(flow.lastTime - flow.firstTime)}` : '';
  const errors = flow.errorCount > 0 ? ` · ${flow.errorCount} error${flow.errorCount === 1 ? '' : 's'}` : '';
  const link = parsed.uri.startsWith('file:') ? ` · [first entry, line ${first.startLine + 1}](${parsed.uri}#L${first.startLine + 1})` : ` · first entry on line ${first.startLine + 1}`;
  const outcome = flow.outcome.text ? ` · ${escapeValue(flow.outcome.text)}` : '';
  const count = `${flow.entries.length} ${flow.entries.length === 1 ? 'entry' : 'entries'}`;
  return `**Flow** ${escapeValue(flow.label)} · ${count}${errors}${duration}${outcome}${link}`;
}

/** Values that explain this line, taken from the log (escaped). */
function valuesTable(values: Record<string, string>): string {
  const interesting = ['spn', 'clientIp', 'sourceIp', 'domain', 'user', 'site', 'state', 'peer', 'conn', 'serial', 'host', 'identity', 'issuer', 'status', 'httpStatus', 'easStatus', 'easError', 'cmd', 'deviceId', 'eventId', 'computer'];
  const rows = interesting.filter((k) => values[k] !== undefined).map((k) => `${k}: ${escapeValue(values[k]!, 120)}`);
  return rows.length > 0 ? rows.join(' · ') : '';
}

export function findingHover(parsed: LogAnalysis, finding: Finding, knowledge: KnowledgeBase): string {
  const parts: string[] = [];
  const signature = knowledge.byId.get(finding.rule);
  const flow = finding.flowId ? parsed.flow(finding.flowId) : undefined;
  if (signature) {
    const def = signature.def;
    parts.push(`### ${escapeMarkdown(def.title)}`);
    parts.push(`${SEVERITY_LABEL[finding.severity]} · \`${finding.rule}\``);
    parts.push(`**What happened:** ${escapeMarkdown(fillText(def.summary, finding.values))}`);
    const table = valuesTable(finding.values);
    if (table) parts.push(table);
    if (finding.repeats) parts.push(repeatsLine(finding));
    // The cause, fix steps and references are our own curated text (or the user's own rules), not log text.
    parts.push(`**Why:** ${def.cause}`);
    // Values from the log go into the fix through one helper: escaped in prose, placeholders where unknown.
    parts.push(`**How to fix**\n\n${def.fix.map((step, i) => `${i + 1}. ${fillMarkdown(step, finding.values).replace(/\n/g, '\n   ')}`).join('\n')}`);
    if (def.tools && def.tools.length > 0) parts.push(`**Tools:** ${def.tools.map((t) => `\`${fillCommand(t.replace(/`/g, ''), finding.values)}\``).join(', ')}`);
    if (def.references && def.references.length > 0) {
      parts.push(`**References:** ${def.references.map((r) => `[${escapeMarkdown(r.title)}](${encodeURI(r.url)})`).join(' · ')}`);
    }
  } else {
    const isLevel = finding.rule === LEVEL_RULE.error || finding.rule === LEVEL_RULE.warning;
    parts.push(`### ${isLevel ? `${SEVERITY_LABEL[finding.severity]} logged` : escapeMarkdown(finding.rule)}`);
    parts.push(`${SEVERITY_LABEL[finding.severity]} · \`${finding.rule}\``);
    parts.push(`**What happened:** ${escapeValue(finding.message, 500)}`);
    if (finding.repeats) parts.push(repeatsLine(finding));
    parts.push('**No known cause:** no signature in the knowledge base explains this line. Read it together with the other entries of its flow; you can add a signature for it in `.logsleuth/rules/`.');
  }
  if (flow) parts.push(flowLine(parsed, flow));
  return parts.join('\n\n');
}

function repeatsLine(finding: Finding): string {
  const { count, firstLine, lastLine } = finding.repeats!;
  return `**Repeated** ${count} times in this flow, lines ${Math.min(firstLine, lastLine) + 1}-${Math.max(firstLine, lastLine) + 1}`;
}

const SEVERITY_RANK = { error: 2, warning: 1, info: 0 } as const;

/**
 * How much a finding says about its entry, most first: a signature before a bare level, an error before a
 * warning, a match on the line before a flow that never reached a state, more required evidence before less.
 */
function specificity(finding: Finding, knowledge: KnowledgeBase): number[] {
  const signature = knowledge.byId.get(finding.rule);
  if (!signature) return [0, SEVERITY_RANK[finding.severity], 0, 0];
  const evidence = [signature.followedBy, signature.precededBy, signature.notFollowedBy, signature.notPrecededBy, signature.seenInOtherFile, signature.outsideWindow, signature.minCount].filter(Boolean).length;
  return [1, SEVERITY_RANK[finding.severity], signature.absence ? 0 : 1, evidence];
}

/** The findings of one entry (its repeats included), the most specific first. */
export function findingsOfEntry(parsed: LogAnalysis, entryIndex: number, knowledge: KnowledgeBase): Finding[] {
  const found = parsed.findingsOfEntry(entryIndex);
  const ranked = found.map((finding) => ({ finding, rank: specificity(finding, knowledge) }));
  ranked.sort((a, b) => {
    for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return b.rank[i]! - a.rank[i]!;
    return a.finding.line - b.finding.line;
  });
  return ranked.map((r) => r.finding);
}

/** One line for a further finding of the same entry. */
function briefLine(finding: Finding): string {
  return `- ${SEVERITY_LABEL[finding.severity]} · \`${finding.rule}\` · ${escapeValue(finding.message, 300)}`;
}

/** One hover per entry: its most specific finding in full, the others one line each. */
export function entryHover(parsed: LogAnalysis, findings: Finding[], knowledge: KnowledgeBase): string {
  const [main, ...others] = findings;
  const parts = [findingHover(parsed, main!, knowledge)];
  if (others.length > 0) parts.push(`**Also on this entry**\n\n${others.map(briefLine).join('\n')}`);
  return parts.join('\n\n---\n\n');
}

export function doHover(parsed: LogAnalysis, line: number, character: number, knowledge: KnowledgeBase, lineText?: string, registry?: FormatRegistry): Hover | null {
  const at = entryAt(parsed, line, character);
  let found = at ? findingsOfEntry(parsed, at.index, knowledge) : [];
  // Glued entries share a line: a finding's own span on it still counts.
  if (found.length === 0) {
    const onLine = parsed.findings.filter((f) => f.line === line && character >= f.startChar && character <= f.endChar);
    if (onLine.length > 0) found = findingsOfEntry(parsed, onLine[0]!.entryIndex, knowledge);
  }
  if (found.length > 0) return { contents: { kind: 'markdown', value: entryHover(parsed, found, knowledge) } };
  const atKey = keyAt(parsed, line, character, lineText, registry);
  if (atKey) {
    return {
      contents: { kind: 'markdown', value: flowLine(parsed, atKey.flow) },
      range: { start: { line, character: atKey.key.span!.start }, end: { line, character: atKey.key.span!.end } },
    };
  }
  const entry = entryAt(parsed, line, character);
  if (!entry) return null;
  const flows = flowsOfEntry(parsed, entry);
  if (flows.length === 0) return null;
  return { contents: { kind: 'markdown', value: flows.map((f) => flowLine(parsed, f)).join('\n\n') } };
}
