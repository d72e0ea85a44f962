import type { CompiledFormat, FormatRegistry } from '../formats/registry';
import { fillTemplate } from '../formats/parser';
import type { Flow, FlowStatus, LogEntry } from '../model/log';

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
    flow.outcome = outcomeOf(flow, matched, newestFirst, entries);
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

function outcomeOf(flow: Flow, matched: OutcomeCache, newestFirst: boolean, entries: LogEntry[]): Flow['outcome'] {
  let status: Flow['outcome']['status'] = 'unknown';
  let text = '';
  let outcomeTime: number | undefined;
  for (const index of chronological(flow, newestFirst)) {
    for (const hit of matched.of(index)) {
      if (hit.rule.kinds && !hit.rule.kinds.has(flow.kind)) continue;
      status = hit.rule.status;
      text = hit.text;
      outcomeTime = entries[index]!.time;
    }
  }
  // "established in" runs from the flow's start to the line that says so, not to whatever the flow logged later.
  const span = outcomeDuration(flow.firstTime, outcomeTime);
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

/** From a flow's first time stamp to its outcome line's; undefined when either has none. */
export function outcomeDuration(firstTime: number | undefined, outcomeTime: number | undefined): number | undefined {
  if (firstTime === undefined || outcomeTime === undefined || Number.isNaN(firstTime) || Number.isNaN(outcomeTime)) return undefined;
  return Math.abs(outcomeTime - firstTime);
}

/** A flow as the container summary sees it (old model or engine table). */
export interface OutcomeView {
  kind: string;
  /** Entry indices in document order. */
  entries: ArrayLike<number>;
  status: FlowStatus;
  text: string;
}

const DURATION_SUFFIX = / in (?:\d{1,9}(?:\.\d)? m?s|\d{1,9} min \d{1,2} s|\d{1,9} h \d{1,2} min)$/;

/**
 * Flows of a kind that logs no outcome of its own (a pluto connection, a connection instance) take the outcomes
 * of the flows inside them that do (its security associations): `2 security associations, both failed: ...`
 * rather than "no outcome logged". Returns the new outcome per container index.
 */
export function containerOutcomes(
  flows: OutcomeView[],
  hasOwnOutcomes: (kind: string) => boolean,
  groupOf: (kind: string) => string,
  newestFirst: boolean,
): Map<number, { status: FlowStatus; text: string }> {
  const byFirstEntry = new Map<number, number[]>();
  flows.forEach((flow, i) => {
    if (!hasOwnOutcomes(flow.kind) || flow.entries.length === 0 || flow.status === 'unknown') return;
    const first = flow.entries[newestFirst ? flow.entries.length - 1 : 0]!;
    const list = byFirstEntry.get(first);
    if (list) list.push(i);
    else byFirstEntry.set(first, [i]);
  });
  const result = new Map<number, { status: FlowStatus; text: string }>();
  if (byFirstEntry.size === 0) return result;
  // Membership of the container at hand, by entry: stamped with its number (no set per container).
  let maxEntry = -1;
  for (const flow of flows) for (let k = 0; k < flow.entries.length; k++) if (flow.entries[k]! > maxEntry) maxEntry = flow.entries[k]!;
  const member = new Int32Array(maxEntry + 1);
  const visited = new Int32Array(maxEntry + 1);
  flows.forEach((container, c) => {
    if (hasOwnOutcomes(container.kind) || (container.status !== 'unknown' && container.text !== 'ended with errors')) return;
    const stamp = c + 1;
    const entries = container.entries;
    for (let k = 0; k < entries.length; k++) member[entries[k]!] = stamp;
    const inside: number[] = [];
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k]!;
      if (visited[e] === stamp) continue;
      visited[e] = stamp;
      for (const s of byFirstEntry.get(e) ?? []) {
        const sub = flows[s]!.entries;
        if (s === c) continue;
        let all = true;
        for (let x = 0; x < sub.length && all; x++) all = member[sub[x]!] === stamp;
        if (all) inside.push(s);
      }
    }
    if (inside.length === 0) return;
    // Time order of the sub-flows: by their first entry.
    inside.sort((a, b) => (flows[a]!.entries[0]! - flows[b]!.entries[0]!) * (newestFirst ? -1 : 1));
    const subs = inside.map((i) => flows[i]!);
    const texts = new Map<string, number>();
    for (const sub of subs) {
      const text = sub.text.replace(DURATION_SUFFIX, '');
      texts.set(text, (texts.get(text) ?? 0) + 1);
    }
    const n = subs.length;
    const group = n === 1 ? groupOf(subs[0]!.kind).replace(/s$/, '') : groupOf(subs[0]!.kind);
    const text =
      texts.size === 1
        ? `${n} ${group}${n === 1 ? ':' : n === 2 ? ', both' : ', all'} ${[...texts.keys()][0]}`
        : `${n} ${group}: ${[...texts].map(([t, count]) => `${count} ${t}`).join(', ')}`;
    const statuses = new Set(subs.map((sub) => sub.status));
    const status: FlowStatus = statuses.size === 1 ? subs[0]!.status : subs[n - 1]!.status;
    result.set(c, { status, text });
  });
  return result;
}

/** Which flow kinds log an outcome of their own, and the group name of each kind, from the formats. */
export function outcomeKinds(registry: FormatRegistry): { hasOwnOutcomes: (kind: string) => boolean; groupOf: (kind: string) => string } {
  const own = new Set<string>();
  const groups = new Map<string, string>();
  for (const format of registry.formats) {
    for (const [kind, key] of format.keyByKind) if (key.group && !groups.has(kind)) groups.set(kind, key.group);
    for (const exchange of format.exchanges) own.add(exchange.kind);
    for (const rule of format.outcomes) {
      if (rule.kinds) for (const kind of rule.kinds) own.add(kind);
      else for (const kind of format.keyByKind.keys()) own.add(kind);
    }
  }
  return { hasOwnOutcomes: (kind) => own.has(kind), groupOf: (kind) => groups.get(kind) ?? 'flows' };
}

/** The container summary over today's flow map (the engine applies it to its table). */
export function applyContainerOutcomes(flows: Map<string, Flow>, registry: FormatRegistry, newestFirst: boolean): void {
  const list = [...flows.values()];
  const kinds = outcomeKinds(registry);
  const views = list.map((f) => ({ kind: f.kind, entries: f.entries, status: f.outcome.status, text: f.outcome.text }));
  for (const [i, outcome] of containerOutcomes(views, kinds.hasOwnOutcomes, kinds.groupOf, newestFirst)) list[i]!.outcome = outcome;
}
