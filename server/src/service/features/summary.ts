/**
 * A summary of one log for the "Log Sleuth" view: the findings grouped by rule with their counts, and the flows
 * grouped by outcome. Flows whose key rule has no lens (a pluto connection, a TCP connection, a peer) hold the
 * attempts made inside them (the SAs, the accelerated flows): such a holder is summed up in one line, e.g.
 * `"office": 2 security associations, both failed: Phase 1 never established in STATE_MAIN_I1`.
 */
import type { FormatRegistry } from '../../formats/registry';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import type { Finding, Flow, FlowStatus, LogAnalysis } from '../../model/log';
import type { LogSummary, SummaryItem } from '../../../../shared/customMessages';
import { chronological } from '../../correlation/flows';
import { firstLine, truncate } from '../../util/text';

/** Findings listed under one rule; the count still says how many there are. */
const MAX_FINDINGS_PER_RULE = 200;
const MAX_FLOWS_PER_OUTCOME = 500;

const OUTCOME_ORDER: FlowStatus[] = ['failed', 'open', 'ok', 'unknown'];
const OUTCOME_TITLE: Record<FlowStatus, string> = { failed: 'Failed', open: 'Still open', ok: 'Succeeded', unknown: 'No outcome logged' };
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function ruleTitle(finding: Finding, knowledge: KnowledgeBase): string {
  const title = knowledge.byId.get(finding.rule)?.def.title;
  if (title) return title;
  return finding.rule === 'level.error' ? 'Error lines no signature explains' : finding.rule === 'level.warning' ? 'Warning lines no signature explains' : finding.rule;
}

function findingGroups(parsed: LogAnalysis, knowledge: KnowledgeBase): SummaryItem[] {
  const byRule = new Map<string, Finding[]>();
  for (const finding of parsed.findings) {
    const list = byRule.get(finding.rule) ?? [];
    list.push(finding);
    byRule.set(finding.rule, list);
  }
  // Explained findings first; the level-only ones (no signature knows the line) after them.
  const unexplained = (list: Finding[]) => (list[0]!.rule.startsWith('level.') ? 1 : 0);
  const rules = [...byRule.values()].sort(
    (a, b) => unexplained(a) - unexplained(b) || SEVERITY_ORDER[a[0]!.severity] - SEVERITY_ORDER[b[0]!.severity] || b.length - a.length || a[0]!.line - b[0]!.line,
  );
  return rules.map((findings) => {
    const first = findings[0]!;
    const children: SummaryItem[] = findings.slice(0, MAX_FINDINGS_PER_RULE).map((f) => ({
      kind: 'finding',
      label: `line ${f.line + 1}`,
      description: truncate(firstLine(f.message), 160),
      tooltip: f.message,
      severity: f.severity,
      line: f.line,
    }));
    if (findings.length > MAX_FINDINGS_PER_RULE) children.push({ kind: 'more', label: `${findings.length - MAX_FINDINGS_PER_RULE} more in the Problems panel` });
    return {
      kind: 'rule',
      label: `${ruleTitle(first, knowledge)} (${findings.length})`,
      description: first.rule,
      tooltip: `${first.rule}: ${findings.length} finding${findings.length === 1 ? '' : 's'}, first on line ${first.line + 1}`,
      severity: first.severity,
      line: first.line,
      children,
    };
  });
}

/** The line an item of a flow goes to: its first error or warning finding, else its first entry. */
function lineOf(parsed: LogAnalysis, flow: Flow, findingsByFlow: Map<string, Finding[]>): number {
  const findings = findingsByFlow.get(flow.id) ?? [];
  const notable = findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning');
  return notable?.line ?? parsed.startLineOf(chronological(flow, parsed.newestFirst)[0]!);
}

/** "failed: x" under the heading "Failed" reads as "x". */
function outcomeText(flow: Flow): string {
  const text = flow.outcome.text || OUTCOME_TITLE[flow.outcome.status].toLowerCase();
  return flow.outcome.status === 'failed' ? text.replace(/^failed:\s*/, '') : text;
}

function startTime(parsed: LogAnalysis, flow: Flow): number {
  return parsed.startLineOf(chronological(flow, parsed.newestFirst)[0]!);
}

interface Holder {
  flow?: Flow;
  attempts: Flow[];
}

/** One line for a holder and its attempts: the last attempt decides the outcome, the earlier ones are counted. */
function holderItem(parsed: LogAnalysis, holder: Holder, noun: string, findingsByFlow: Map<string, Finding[]>): { status: FlowStatus; item: SummaryItem } {
  const attempts = [...holder.attempts].sort((a, b) => startTime(parsed, a) - startTime(parsed, b));
  const last = attempts[attempts.length - 1]!;
  const status = last.outcome.status;
  const label = holder.flow?.label ?? last.label;
  const children: SummaryItem[] = attempts.map((a) => ({
    kind: 'flow',
    label: a.label,
    description: a.outcome.text || OUTCOME_TITLE[a.outcome.status].toLowerCase(),
    status: a.outcome.status,
    line: lineOf(parsed, a, findingsByFlow),
  }));
  let text: string;
  if (attempts.length === 1) {
    text = `${label}: ${outcomeText(last)}`;
  } else {
    const sameStatus = attempts.every((a) => a.outcome.status === status);
    const count = `${attempts.length} ${noun}`;
    const quantifier = attempts.length === 2 ? 'both' : 'all';
    if (sameStatus && attempts.every((a) => outcomeText(a) === outcomeText(last))) {
      text = `${label}: ${count}, ${quantifier} ${status === 'failed' ? 'failed: ' : ''}${outcomeText(last)}`;
    } else if (sameStatus) {
      text = `${label}: ${count}, ${quantifier} ${OUTCOME_TITLE[status].toLowerCase()}, last: ${outcomeText(last)}`;
    } else {
      const counts = OUTCOME_ORDER.map((s) => [s, attempts.filter((a) => a.outcome.status === s).length] as const)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${OUTCOME_TITLE[s].toLowerCase()}`);
      text = `${label}: ${count} (${counts.join(', ')}), last: ${last.outcome.text || OUTCOME_TITLE[status].toLowerCase()}`;
    }
  }
  const failing = attempts.filter((a) => a.outcome.status === 'failed').pop();
  return {
    status,
    item: {
      kind: 'outcome',
      label: text,
      status,
      line: lineOf(parsed, status === 'failed' ? last : (failing ?? last), findingsByFlow),
      children: attempts.length > 1 || holder.flow ? children : undefined,
    },
  };
}

function flowGroups(parsed: LogAnalysis, registry: FormatRegistry, findingsByFlow: Map<string, Finding[]>): SummaryItem[] {
  const keyOf = (flow: Flow) => registry.byId.get(parsed.formatIdOf(flow.entries[0]!))?.keyByKind.get(flow.kind);
  const holdersOrder = (flow: Flow) => {
    const format = registry.byId.get(parsed.formatIdOf(flow.entries[0]!));
    return format ? format.keys.findIndex((k) => k.kind === flow.kind) : -1;
  };
  const attempts: Flow[] = [];
  const holderFlows: Flow[] = [];
  for (const flow of parsed.flows()) {
    if (keyOf(flow)?.lensEnabled === false) holderFlows.push(flow);
    else attempts.push(flow);
  }
  // The first holder (in the format's key order) that holds an attempt's first entry holds the attempt.
  holderFlows.sort((a, b) => holdersOrder(a) - holdersOrder(b));
  const holderAt = new Map<number, Flow>();
  for (const holder of holderFlows) for (const index of holder.entries) if (!holderAt.has(index)) holderAt.set(index, holder);

  const holders = new Map<string, Holder>();
  for (const attempt of attempts) {
    const holder = holderAt.get(chronological(attempt, parsed.newestFirst)[0]!);
    const id = holder?.id ?? attempt.id;
    const entry = holders.get(id) ?? { flow: holder, attempts: [] };
    entry.attempts.push(attempt);
    holders.set(id, entry);
  }

  const byStatus = new Map<FlowStatus, SummaryItem[]>();
  for (const holder of holders.values()) {
    const noun = keyOf(holder.attempts[0]!)?.group ?? 'flows';
    const { status, item } = holderItem(parsed, holder, noun, findingsByFlow);
    const list = byStatus.get(status) ?? [];
    list.push(item);
    byStatus.set(status, list);
  }
  return OUTCOME_ORDER.filter((s) => byStatus.has(s)).map((status) => {
    const items = byStatus.get(status)!.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const children = items.slice(0, MAX_FLOWS_PER_OUTCOME);
    if (items.length > MAX_FLOWS_PER_OUTCOME) children.push({ kind: 'more', label: `${items.length - MAX_FLOWS_PER_OUTCOME} more` });
    return { kind: 'status', label: `${OUTCOME_TITLE[status]} (${items.length})`, status, children };
  });
}

export function summarize(parsed: LogAnalysis, registry: FormatRegistry, knowledge: KnowledgeBase): LogSummary {
  const findingsByFlow = new Map<string, Finding[]>();
  for (const finding of parsed.findings) {
    if (!finding.flowId) continue;
    const list = findingsByFlow.get(finding.flowId) ?? [];
    list.push(finding);
    findingsByFlow.set(finding.flowId, list);
  }
  return {
    uri: parsed.uri,
    formatId: parsed.formatId,
    findingCount: parsed.findings.length,
    flowCount: parsed.flowCount,
    findings: findingGroups(parsed, knowledge),
    flows: flowGroups(parsed, registry, findingsByFlow),
  };
}
