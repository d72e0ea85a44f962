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
