import type { CompiledFormat, FormatRegistry } from '../formats/registry';
import { fillTemplate } from '../formats/parser';
import type { Flow, LogEntry } from '../model/log';

export function flowId(kind: string, value: string): string {
  return `${kind}:${value}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  if (ms < 3600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3600_000)} h ${Math.round((ms % 3600_000) / 60_000)} min`;
}

/**
 * Groups entries into flows by correlation key. A key rule with `maxGapMs` starts a new flow for the same value
 * after a silence (thread ids are reused), so such flows get an `@n` suffix.
 */
export function buildFlows(entries: LogEntry[], registry: FormatRegistry, newestFirst: boolean): Map<string, Flow> {
  const flows = new Map<string, Flow>();
  const current = new Map<string, Flow>();
  const generation = new Map<string, number>();
  const order = newestFirst ? [...entries].reverse() : entries;
  for (const entry of order) {
    const format = registry.byId.get(entry.formatId);
    for (const key of entry.keys) {
      const base = flowId(key.kind, key.value);
      const rule = format?.keyByKind.get(key.kind);
      let flow = current.get(base);
      if (flow && rule?.maxGapMs !== undefined && entry.time !== undefined && flow.lastTime !== undefined && entry.time - flow.lastTime > rule.maxGapMs) {
        flow = undefined;
      }
      if (!flow) {
        const n = (generation.get(base) ?? 0) + 1;
        generation.set(base, n);
        const id = n === 1 ? base : `${base}@${n}`;
        const label = fillTemplate(rule?.label ?? '{value}', (name) => (name === 'value' ? key.value : entry.fields[name]?.value)) ?? key.value;
        flow = {
          id,
          kind: key.kind,
          label: n === 1 ? label : `${label} (${n})`,
          value: key.value,
          scope: key.scope,
          entries: [],
          errorCount: 0,
          warningCount: 0,
          outcome: { status: 'unknown', text: '' },
        };
        flows.set(id, flow);
        current.set(base, flow);
      }
      flow.entries.push(entry.index);
      if (entry.level === 'error') flow.errorCount++;
      if (entry.level === 'warning') flow.warningCount++;
      if (entry.time !== undefined) {
        flow.firstTime ??= entry.time;
        flow.lastTime = entry.time;
      }
      if (!flow.parent && rule?.parent) {
        const parentValue = fillTemplate(rule.parent, (name) => entry.fields[name]?.value);
        if (parentValue && parentValue !== key.value) flow.parent = flowId(key.kind, parentValue);
      }
    }
  }
  addExchanges(flows, entries, registry);
  const matched = new OutcomeCache(entries, registry);
  for (const flow of flows.values()) {
    if (newestFirst) flow.entries.reverse();
    flow.outcome = outcomeOf(flow, matched, newestFirst);
  }
  return flows;
}

type OutcomeRule = CompiledFormat['outcomes'][number];

/** The outcome rules each entry's message matches, computed once however many flows the entry is in. */
class OutcomeCache {
  private readonly cache = new Map<number, Array<{ rule: OutcomeRule; text: string }>>();

  constructor(
    private readonly entries: LogEntry[],
    private readonly registry: FormatRegistry,
  ) {}

  of(index: number): Array<{ rule: OutcomeRule; text: string }> {
    let hits = this.cache.get(index);
    if (hits) return hits;
    hits = [];
    const entry = this.entries[index]!;
    const format = this.registry.byId.get(entry.formatId);
    for (const rule of format?.outcomes ?? []) {
      if (rule.regex.test(entry.message)) hits.push({ rule, text: fillTemplate(rule.text, (name) => entry.fields[name]?.value) ?? rule.text });
    }
    this.cache.set(index, hits);
    return hits;
  }
}

/**
 * Request/response exchanges inside conversations: each request opens a flow of its own in the conversation,
 * which the following responses and payload frames join until the next request. Entries get a key (without
 * a span) for it, so navigation and the status bar see it like any other flow.
 */
function addExchanges(flows: Map<string, Flow>, entries: LogEntry[], registry: FormatRegistry): void {
  const rules = registry.formats.flatMap((f) => f.exchanges.map((x) => ({ format: f.id, ...x })));
  if (rules.length === 0) return;
  for (const conversation of [...flows.values()]) {
    for (const rule of rules) {
      if (conversation.kind !== rule.within) continue;
      let open: Flow | undefined;
      let count = 0;
      for (const index of conversation.entries) {
        const entry = entries[index]!;
        if (entry.formatId !== rule.format) continue;
        if (rule.start.test(entry.message)) {
          count++;
          const value = `${conversation.value} #${count}`;
          const label = fillTemplate(rule.label ?? '{value}', (name) => (name === 'value' ? value : entry.fields[name]?.value)) ?? value;
          open = {
            id: flowId(rule.kind, value),
            kind: rule.kind,
            label: `${label} (${conversation.label} #${count})`,
            value,
            scope: 'file',
            entries: [],
            errorCount: 0,
            warningCount: 0,
            outcome: { status: 'unknown', text: '' },
            parent: conversation.id,
          };
          flows.set(open.id, open);
        } else if (!open || !rule.member.test(entry.message)) {
          continue;
        }
        open.entries.push(index);
        // Flows are rebuilt over kept entries after an append: the key may be there already.
        if (!entry.keys.some((k) => k.kind === rule.kind && k.value === open!.value)) entry.keys.push({ kind: rule.kind, value: open.value, scope: 'file' });
        if (entry.level === 'error') open.errorCount++;
        if (entry.level === 'warning') open.warningCount++;
        if (entry.time !== undefined) {
          open.firstTime = open.firstTime === undefined ? entry.time : Math.min(open.firstTime, entry.time);
          open.lastTime = open.lastTime === undefined ? entry.time : Math.max(open.lastTime, entry.time);
        }
      }
    }
  }
}

/** Entries of a flow in time order (flows keep document order; newest-first documents reverse it). */
export function chronological(flow: Flow, newestFirst: boolean): number[] {
  return newestFirst ? [...flow.entries].reverse() : flow.entries;
}

function outcomeOf(flow: Flow, matched: OutcomeCache, newestFirst: boolean): Flow['outcome'] {
  let status: Flow['outcome']['status'] = 'unknown';
  let text = '';
  for (const index of chronological(flow, newestFirst)) {
    for (const hit of matched.of(index)) {
      if (hit.rule.kinds && !hit.rule.kinds.has(flow.kind)) continue;
      status = hit.rule.status;
      text = hit.text;
    }
  }
  const span = flow.firstTime !== undefined && flow.lastTime !== undefined ? Math.abs(flow.lastTime - flow.firstTime) : undefined;
  if (status === 'unknown') {
    if (flow.errorCount > 0) {
      status = 'failed';
      text = 'ended with errors';
    } else {
      text = 'no outcome logged';
    }
  } else if (span !== undefined && span > 0) {
    text += ` in ${formatDuration(span)}`;
  }
  return { status, text };
}
