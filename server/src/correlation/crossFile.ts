import type { Flow, LogAnalysis } from '../model/log';

export interface LinkedFlow {
  parsed: LogAnalysis;
  flow: Flow;
  /** The shared key that links them, e.g. `tcp:10.1.1.5:1718 <=> 10.1.1.6:80`. */
  via: string;
}

/** Two devices' clocks rarely agree; conversations further apart than this are not the same one. */
const CLOCK_SLACK_MS = 10 * 60_000;

/** True when the two flows' time spans overlap, give or take the clock slack (or a flow has no times). */
function nearInTime(a: Flow, b: Flow): boolean {
  if (a.firstTime === undefined || a.lastTime === undefined || b.firstTime === undefined || b.lastTime === undefined) return true;
  return a.firstTime - CLOCK_SLACK_MS <= b.lastTime && b.firstTime - CLOCK_SLACK_MS <= a.lastTime;
}

/** Global keys (comparable across files) carried by a flow's entries. */
function globalKeys(parsed: LogAnalysis, flow: Flow): Set<string> {
  const keys = new Set<string>();
  if (flow.scope === 'global') keys.add(`${flow.kind}:${flow.value}`);
  for (const index of flow.entries) {
    for (const key of parsed.keysOf(index)) if (key.scope === 'global') keys.add(`${key.kind}:${key.value}`);
  }
  return keys;
}

/**
 * Flows in other documents that belong to the same conversation: the Core WAE's `fl=21` for the Edge WAE's
 * `fl=2433` (same TCP tuple), the same IAG session in UserMgrCom and WhlFilter, the same association group.
 * A file-scoped flow is linked to the peer's flows of the same kind; a global flow to the same global flow;
 * both only when they happened at about the same time (the two ends of a tunnel share a connection name for
 * months, but one negotiation is one conversation).
 */
export function linkedFlows(parsed: LogAnalysis, flow: Flow, peers: readonly LogAnalysis[]): LinkedFlow[] {
  const keys = globalKeys(parsed, flow);
  if (keys.size === 0) return [];
  const result: LinkedFlow[] = [];
  for (const peer of peers) {
    const found = new Map<string, LinkedFlow>();
    for (const key of keys) {
      const shared = peer.flow(key);
      if (!shared) continue;
      if (flow.scope === 'global' && shared.kind === flow.kind) {
        found.set(shared.id, { parsed: peer, flow: shared, via: key });
        continue;
      }
      for (const index of shared.entries) {
        for (const k of peer.keysOf(index)) {
          if (k.kind !== flow.kind) continue;
          const other = peer.flow(`${k.kind}:${k.value}`);
          if (other && !found.has(other.id)) found.set(other.id, { parsed: peer, flow: other, via: key });
        }
      }
    }
    result.push(...[...found.values()].filter((l) => nearInTime(flow, l.flow)));
  }
  return result;
}
