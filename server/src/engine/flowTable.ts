import { formatDuration, outcomeDuration } from '../correlation/flows';
import type { FormatRegistry } from '../formats/registry';
import type { FlowStatus } from '../model/log';
import { float64Column, int32Column, uint8Column } from './columns';
import type { EntryFacts } from './facts';
import { LEVEL_CODE, type Scanner } from './scan';

export const STATUS: FlowStatus[] = ['unknown', 'ok', 'failed', 'open'];
export const STATUS_CODE: Record<FlowStatus, number> = { unknown: 0, ok: 1, failed: 2, open: 3 };

/** An exchange flow (a request and its responses inside a conversation): named apart from key flows. */
export interface ExchangeFlow {
  kind: string;
  value: string;
  conversation: number;
  count: number;
  /** Label template over the opening entry's fields. */
  label?: string;
}

/**
 * Flows as numbers: per flow its key (or exchange), generation, the entry that opened it, aggregates (first
 * and last time, counts, parent, outcome) and its members as one slice of a shared array, in document order.
 */
export class FlowTable {
  count = 0;
  readonly key = int32Column(256);
  readonly generation = int32Column(256);
  readonly opener = int32Column(256);
  readonly firstTime = float64Column(256);
  readonly lastTime = float64Column(256);
  readonly errors = int32Column(256);
  readonly warnings = int32Column(256);
  readonly parentKey = int32Column(256);
  readonly status = uint8Column(256);
  readonly outcomeText: string[] = [];
  /** Exchange flows by flow number; key flows have none. */
  readonly exchanges = new Map<number, ExchangeFlow>();
  /** Flows replaced by a later flow of the same id (an exchange id met twice), as a Map would drop them. */
  readonly dropped = new Set<number>();
  /** Per occurrence of a key in an entry, its flow. */
  occurrenceFlow!: Int32Array;
  memberStart!: Int32Array;
  members!: Int32Array;
  /** Exchange memberships (entry, flow) in the order their keys were added to the entries. */
  readonly extraEntry = int32Column(64);
  readonly extraFlow = int32Column(64);

  create(key: number, generation: number, opener: number, parentKey: number): number {
    const f = this.count++;
    this.key.push(key);
    this.generation.push(generation);
    this.opener.push(opener);
    this.firstTime.push(NaN);
    this.lastTime.push(NaN);
    this.errors.push(0);
    this.warnings.push(0);
    this.parentKey.push(parentKey);
    this.status.push(0);
    this.outcomeText.push('');
    return f;
  }

  membersOf(flow: number): Int32Array {
    return this.members.subarray(this.memberStart[flow]!, this.memberStart[flow + 1]!);
  }
}

/** Entries grouped into flows by key in time order, as `buildFlows` does, then exchanges and outcomes. */
export function buildFlowTable(scan: Scanner, facts: EntryFacts, registry: FormatRegistry, time: Float64Array, newestFirst: boolean): FlowTable {
  const table = new FlowTable();
  const n = scan.count;
  const keyStart = scan.keyStart.data;
  const keyOf = scan.keyOf.data;
  const occurrences = scan.keyOf.length;
  const keyEnd = (e: number) => (e + 1 < n ? keyStart[e + 1]! : occurrences);
  const current = new Int32Array(scan.keys.kinds.length).fill(-1);
  const generations = new Int32Array(scan.keys.kinds.length);
  const occurrenceFlow = new Int32Array(occurrences);
  const memberCount = int32Column(256);
  const level = scan.level.data;
  for (let k = 0; k < n; k++) {
    const e = newestFirst ? n - 1 - k : k;
    const format = scan.formats[scan.format.data[e]!]!;
    const t = time[e]!;
    for (let o = keyStart[e]!; o < keyEnd(e); o++) {
      const key = keyOf[o]!;
      const rule = format.keyByKind.get(scan.keys.kinds[key]!);
      let flow = current[key]!;
      if (flow >= 0 && rule?.maxGapMs !== undefined && !Number.isNaN(t) && !Number.isNaN(table.lastTime.data[flow]!) && t - table.lastTime.data[flow]! > rule.maxGapMs) flow = -1;
      if (flow < 0) {
        generations[key]!++;
        flow = table.create(key, generations[key]!, e, -1);
        memberCount.push(0);
        current[key] = flow;
      }
      occurrenceFlow[o] = flow;
      memberCount.data[flow]!++;
      if (level[e] === LEVEL_CODE.error) table.errors.data[flow]!++;
      if (level[e] === LEVEL_CODE.warning) table.warnings.data[flow]!++;
      if (!Number.isNaN(t)) {
        if (Number.isNaN(table.firstTime.data[flow]!)) table.firstTime.data[flow] = t;
        table.lastTime.data[flow] = t;
      }
      if (table.parentKey.data[flow]! < 0 && rule?.parent && scan.keyParent.data[o]! >= 0) table.parentKey.data[flow] = scan.keyParent.data[o]!;
    }
  }
  table.occurrenceFlow = occurrenceFlow;
  // Members in document order (flows of a newest-first log are reversed after building, which gives the same).
  const keyFlows = table.count;
  const start = new Int32Array(keyFlows + 1);
  for (let f = 0; f < keyFlows; f++) start[f + 1] = start[f]! + memberCount.data[f]!;
  const members = new Int32Array(start[keyFlows]!);
  const fill = start.slice(0, keyFlows);
  for (let e = 0; e < n; e++) for (let o = keyStart[e]!; o < keyEnd(e); o++) members[fill[occurrenceFlow[o]!]!++] = e;
  table.memberStart = start;
  table.members = members;
  addExchanges(table, scan, facts, time, newestFirst);
  outcomes(table, scan, facts, newestFirst, time);
  return table;
}

function addExchanges(table: FlowTable, scan: Scanner, facts: EntryFacts, time: Float64Array, newestFirst: boolean): void {
  if (facts.exchangeRules.length === 0) return;
  const conversations = table.count;
  const extraMembers: number[][] = [];
  const idOf = new Map<string, number>();
  const formatIdOf = (e: number) => scan.formats[scan.format.data[e]!]!.id;
  const level = scan.level.data;
  for (let c = 0; c < conversations; c++) {
    const kind = scan.keys.kinds[table.key.data[c]!]!;
    const value = scan.keys.values[table.key.data[c]!]!;
    for (const x of facts.exchangeRules) {
      if (kind !== x.rule.within) continue;
      let open = -1;
      let count = 0;
      const members = table.membersOf(c);
      for (let m = 0; m < members.length; m++) {
        const e = members[newestFirst ? members.length - 1 - m : m]!;
        if (formatIdOf(e) !== x.format) continue;
        if (x.start.has(e)) {
          count++;
          const exchangeValue = `${value} #${count}`;
          open = table.create(-1, 1, e, -1);
          table.exchanges.set(open, { kind: x.rule.kind, value: exchangeValue, conversation: c, count, label: x.rule.label });
          extraMembers.push([]);
          const id = `${x.rule.kind}:${exchangeValue}`;
          const before = idOf.get(id);
          if (before !== undefined) table.dropped.add(before);
          idOf.set(id, open);
        } else if (open < 0 || !x.member.has(e)) {
          continue;
        }
        extraMembers[open - conversations]!.push(e);
        table.extraEntry.push(e);
        table.extraFlow.push(open);
        if (level[e] === LEVEL_CODE.error) table.errors.data[open]!++;
        if (level[e] === LEVEL_CODE.warning) table.warnings.data[open]!++;
        const t = time[e]!;
        if (!Number.isNaN(t)) {
          const first = table.firstTime.data[open]!;
          const last = table.lastTime.data[open]!;
          table.firstTime.data[open] = Number.isNaN(first) ? t : Math.min(first, t);
          table.lastTime.data[open] = Number.isNaN(last) ? t : Math.max(last, t);
        }
      }
    }
  }
  // Exchange members are kept in document order too.
  const start = new Int32Array(table.count + 1);
  start.set(table.memberStart);
  for (let f = conversations; f < table.count; f++) start[f + 1] = start[f]! + extraMembers[f - conversations]!.length;
  const members = new Int32Array(start[table.count]!);
  members.set(table.members);
  for (let f = conversations; f < table.count; f++) {
    const list = extraMembers[f - conversations]!;
    if (newestFirst) list.reverse();
    members.set(list, start[f]!);
  }
  table.memberStart = start;
  table.members = members;
}

function outcomes(table: FlowTable, scan: Scanner, facts: EntryFacts, newestFirst: boolean, time: Float64Array): void {
  // Outcome hits by entry (sparse, in entry order).
  const hitsStart = new Map<number, [number, number]>();
  const outcomeEntry = facts.outcomeEntry.data;
  for (let h = 0; h < facts.outcomeEntry.length; h++) {
    const e = outcomeEntry[h]!;
    const range = hitsStart.get(e);
    if (range) range[1] = h + 1;
    else hitsStart.set(e, [h, h + 1]);
  }
  for (let f = 0; f < table.count; f++) {
    const exchange = table.exchanges.get(f);
    const kind = exchange ? exchange.kind : scan.keys.kinds[table.key.data[f]!]!;
    let status = 0;
    let text = '';
    let outcomeTime = NaN;
    if (hitsStart.size > 0) {
      const members = table.membersOf(f);
      for (let m = 0; m < members.length; m++) {
        const e = members[newestFirst ? members.length - 1 - m : m]!;
        const range = hitsStart.get(e);
        if (!range) continue;
        const format = scan.formats[scan.format.data[e]!]!;
        for (let h = range[0]; h < range[1]; h++) {
          const rule = format.outcomes[facts.outcomeRule.data[h]!]!;
          if (rule.kinds && !rule.kinds.has(kind)) continue;
          status = STATUS_CODE[rule.status];
          text = facts.outcomeText[h]!;
          outcomeTime = time[e]!;
        }
      }
    }
    const span = outcomeDuration(table.firstTime.data[f]!, outcomeTime);
    if (status === 0) {
      if (table.errors.data[f]! > 0) {
        status = STATUS_CODE.failed;
        text = 'ended with errors';
      } else text = 'no outcome logged';
    } else if (span !== undefined && span > 0) text += ` in ${formatDuration(span)}`;
    table.status.data[f] = status;
    table.outcomeText[f] = text;
  }
}
