import type { FormatRegistry } from '../formats/registry';
import type { Flow, FlowStatus } from '../model/log';

export function flowId(kind: string, value: string): string {
  return `${kind}:${value}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  if (ms < 3600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3600_000)} h ${Math.round((ms % 3600_000) / 60_000)} min`;
}

/** Entries of a flow in time order (flows keep document order; newest-first documents reverse it). */
export function chronological(flow: Flow, newestFirst: boolean): number[] {
  return newestFirst ? [...flow.entries].reverse() : flow.entries;
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
