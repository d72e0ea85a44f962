import type { Hover } from 'vscode-languageserver-types';
import { formatDuration } from '../../correlation/flows';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { fillCommand, fillMarkdown, fillText } from '../../knowledge/fill';
import { LEVEL_RULE } from '../../knowledge/matcher';
import { escapeMarkdown, escapeValue } from '../../util/markdown';
import type { Finding, Flow, ParsedLog } from '../../model/log';
import { entryAt, firstEntryOfFlow, flowsOfEntry, keyAt } from '../navigation';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

function flowLine(parsed: ParsedLog, flow: Flow): string {
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

export function findingHover(parsed: ParsedLog, finding: Finding, knowledge: KnowledgeBase): string {
  const parts: string[] = [];
  const signature = knowledge.byId.get(finding.rule);
  const flow = finding.flowId ? parsed.flows.get(finding.flowId) : undefined;
  if (signature) {
    const def = signature.def;
    parts.push(`### ${escapeMarkdown(def.title)}`);
    parts.push(`${SEVERITY_LABEL[finding.severity]} · \`${finding.rule}\``);
    parts.push(`**What happened:** ${escapeMarkdown(fillText(def.summary, finding.values))}`);
    const table = valuesTable(finding.values);
    if (table) parts.push(table);
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
    parts.push('**No known cause:** no signature in the knowledge base explains this line. Read it together with the other entries of its flow; you can add a signature for it in `.logsleuth/rules/`.');
  }
  if (flow) parts.push(flowLine(parsed, flow));
  return parts.join('\n\n');
}

export function doHover(parsed: ParsedLog, line: number, character: number, knowledge: KnowledgeBase, lineText?: string): Hover | null {
  let onLine = parsed.findings.filter((f) => f.line === line && character >= f.startChar && character <= f.endChar);
  if (onLine.length === 0) {
    // Anywhere on a multi-line entry (an IAG trace body, a CLI output), its findings explain it.
    const entry = entryAt(parsed, line, character);
    if (entry && entry.endLine > entry.startLine) onLine = parsed.findings.filter((f) => f.entryIndex === entry.index);
  }
  if (onLine.length > 0) {
    const value = onLine.map((f) => findingHover(parsed, f, knowledge)).join('\n\n---\n\n');
    return { contents: { kind: 'markdown', value } };
  }
  const atKey = keyAt(parsed, line, character, lineText);
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
