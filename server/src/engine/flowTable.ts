import { formatDuration, outcomeDuration } from '../correlation/flows';
import type { FlowStatus } from '../model/log';
import { float64Column, int32Column, uint8Column, type Column } from './columns';
import type { EntryFacts } from './facts';
import { LEVEL_CODE, type Scanner } from './scan';

/** Where entry `e`'s key occurrences end: the next entry's first, or the end of them all. */
function occurrencesEnd(keyStart: Int32Array, entries: number, occurrences: number, e: number): number {
  return e + 1 < entries ? keyStart[e + 1]! : occurrences;
}

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
  outcomeText: string[] = [];
  /** Exchange flows by flow number; key flows have none. */
  readonly exchanges = new Map<number, ExchangeFlow>();
  /** Flows replaced by a later flow of the same id (an exchange id met twice), as a Map would drop them. */
  readonly dropped = new Set<number>();
  /** Per occurrence of a key in an entry, its flow; per entry its first occurrence. */
  occurrenceFlow!: Int32Array;
  entryKeyStart!: Int32Array;
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

/**
 * Entries grouped into flows by key in time order, then exchanges and outcomes. Kept between analyses of a log
 * that grows at its end: the key flows of the entries taken in so far stay, and the next `build` takes in the
 * entries added since, so an append costs its own entries and the flows they touch. A newest-first log, or
 * earlier times that changed (a year roll-over found), are grouped again from the first entry.
 */
export class FlowBuilder {
  /** Entries grouped so far; key flows only, each with its own outcome (before findings and containers). */
  private done!: number;
  private hitsDone!: number;
  private flows!: FlowTable;
  private memberCount!: Column<Int32Array>;
  private outcomeTime!: Column<Float64Array>;
  /** The outcome hit that set each flow's outcome text (-1 none), before the duration is added. */
  private outcomeHit!: Column<Int32Array>;
  private occurrenceFlow!: Column<Int32Array>;
  private current!: Column<Int32Array>;
  private generations!: Column<Int32Array>;
  /** Flows whose members or outcome changed since the last build: their outcome text is written again. */
  private touched!: Column<Int32Array>;
  private touchedMark!: Column<Uint8Array>;
  /** Changes whenever the flows are numbered anew (grouped again from the first entry). */
  epoch = 0;

  constructor(
    private readonly scan: Scanner,
    private readonly facts: EntryFacts,
  ) {
    this.restart();
  }

  build(time: Float64Array, timesKept: boolean, newestFirst: boolean): FlowTable {
    const scan = this.scan;
    const n = scan.count;
    if (newestFirst || !timesKept) this.restart();
    const keyCount = scan.keys.kinds.length;
    while (this.current.length < keyCount) {
      this.current.push(-1);
      this.generations.push(0);
    }
    for (let k = this.done; k < n; k++) this.take(newestFirst ? n - 1 - k : k, time);
    this.done = n;
    this.takeOutcomes(time, newestFirst);
    return this.snapshot(time, newestFirst);
  }

  private restart(): void {
    this.epoch++;
    this.done = 0;
    this.hitsDone = 0;
    this.flows = new FlowTable();
    this.memberCount = int32Column(256);
    this.outcomeTime = float64Column(256);
    this.outcomeHit = int32Column(256);
    this.occurrenceFlow = int32Column();
    this.current = int32Column();
    this.generations = int32Column();
    this.touched = int32Column(256);
    this.touchedMark = uint8Column(256);
  }

  private touch(flow: number): void {
    if (this.touchedMark.data[flow]) return;
    this.touchedMark.data[flow] = 1;
    this.touched.push(flow);
  }

  /** One entry's key occurrences into their flows (a flow idle longer than its key's gap starts anew). */
  private take(e: number, time: Float64Array): void {
    const scan = this.scan;
    const table = this.flows;
    const keyStart = scan.keyStart.data;
    const keyOf = scan.keyOf.data;
    const end = occurrencesEnd(keyStart, scan.count, scan.keyOf.length, e);
    const format = scan.formats[scan.format.data[e]!]!;
    const level = scan.level.data[e];
    const t = time[e]!;
    const current = this.current.data;
    // Occurrences are numbered in document order; a newest-first log fills them from the end.
    if (this.occurrenceFlow.length < scan.keyOf.length) this.occurrenceFlow.pushAll(new Int32Array(scan.keyOf.length - this.occurrenceFlow.length));
    for (let o = keyStart[e]!; o < end; o++) {
      const key = keyOf[o]!;
      const rule = format.keyByKind.get(scan.keys.kinds[key]!);
      let flow = current[key]!;
      if (flow >= 0 && rule?.maxGapMs !== undefined && !Number.isNaN(t) && !Number.isNaN(table.lastTime.data[flow]!) && t - table.lastTime.data[flow]! > rule.maxGapMs) flow = -1;
      if (flow < 0) {
        this.generations.data[key]!++;
        flow = table.create(key, this.generations.data[key]!, e, -1);
        this.memberCount.push(0);
        this.outcomeTime.push(NaN);
        this.outcomeHit.push(-1);
        this.touchedMark.push(0);
        current[key] = flow;
      }
      this.touch(flow);
      this.occurrenceFlow.data[o] = flow;
      this.memberCount.data[flow]!++;
      if (level === LEVEL_CODE.error) table.errors.data[flow]!++;
      if (level === LEVEL_CODE.warning) table.warnings.data[flow]!++;
      if (!Number.isNaN(t)) {
        if (Number.isNaN(table.firstTime.data[flow]!)) table.firstTime.data[flow] = t;
        table.lastTime.data[flow] = t;
      }
      if (table.parentKey.data[flow]! < 0 && rule?.parent && scan.keyParent.data[o]! >= 0) table.parentKey.data[flow] = scan.keyParent.data[o]!;
    }
  }

  /**
   * The outcome hits not taken yet, each on the flows of its entry whose kind it is for: the last such hit in
   * time order is a flow's outcome. A newest-first log was grouped again, so all its hits are taken, newest
   * entry last.
   */
  private takeOutcomes(time: Float64Array, newestFirst: boolean): void {
    const { scan, facts } = this;
    const hits = facts.outcomeEntry.length;
    const keyStart = scan.keyStart.data;
    const apply = (h: number) => {
      const e = facts.outcomeEntry.data[h]!;
      const rule = scan.formats[scan.format.data[e]!]!.outcomes[facts.outcomeRule.data[h]!]!;
      const end = occurrencesEnd(keyStart, scan.count, scan.keyOf.length, e);
      for (let o = keyStart[e]!; o < end; o++) {
        if (rule.kinds && !rule.kinds.has(scan.keys.kinds[scan.keyOf.data[o]!]!)) continue;
        const flow = this.occurrenceFlow.data[o]!;
        this.flows.status.data[flow] = STATUS_CODE[rule.status];
        this.outcomeHit.data[flow] = h;
        this.outcomeTime.data[flow] = time[e]!;
        this.touch(flow);
      }
    };
    if (newestFirst) {
      // Hits are in document order: an entry's own hits keep their order, entries go from the last one up.
      let h = hits;
      while (h > 0) {
        const e = facts.outcomeEntry.data[h - 1]!;
        let first = h - 1;
        while (first > 0 && facts.outcomeEntry.data[first - 1] === e) first--;
        for (let k = first; k < h; k++) apply(k);
        h = first;
      }
    } else for (let h = this.hitsDone; h < hits; h++) apply(h);
    this.hitsDone = hits;
  }

  /** The flows as an analysis keeps them: copies of the columns further entries change, members in document order. */
  private snapshot(time: Float64Array, newestFirst: boolean): FlowTable {
    const { scan, facts } = this;
    const own = this.flows;
    const keyFlows = own.count;
    // Outcome texts of the flows that changed.
    for (let k = 0; k < this.touched.length; k++) {
      const f = this.touched.data[k]!;
      this.touchedMark.data[f] = 0;
      const hit = this.outcomeHit.data[f]!;
      own.outcomeText[f] = outcomeText(own, f, hit < 0 ? '' : facts.outcomeText[hit]!, this.outcomeTime.data[f]!);
    }
    this.touched.length = 0;
    const table = new FlowTable();
    table.count = keyFlows;
    for (const name of ['key', 'generation', 'opener', 'firstTime', 'lastTime', 'errors', 'warnings', 'parentKey', 'status'] as const) {
      const column = own[name] as Column<Int32Array>;
      (table[name] as Column<Int32Array>).pushAll(column.data.subarray(0, keyFlows));
    }
    // A flow without an outcome of its own and without errors has status 0 (`unknown`), as before its text.
    for (let f = 0; f < keyFlows; f++) if (own.status.data[f] === 0 && own.errors.data[f]! > 0) table.status.data[f] = STATUS_CODE.failed;
    table.outcomeText = own.outcomeText.slice(0, keyFlows);
    const occurrences = scan.keyOf.length;
    table.occurrenceFlow = this.occurrenceFlow.data.slice(0, occurrences);
    table.entryKeyStart = scan.keyStart.data.subarray(0, scan.count);
    // Members in document order (flows of a newest-first log are reversed after building, which gives the same).
    const start = new Int32Array(keyFlows + 1);
    const counts = this.memberCount.data;
    for (let f = 0; f < keyFlows; f++) start[f + 1] = start[f]! + counts[f]!;
    const members = new Int32Array(start[keyFlows]!);
    const fill = start.slice(0, keyFlows);
    const keyStart = scan.keyStart.data;
    const occurrenceFlow = table.occurrenceFlow;
    const n = scan.count;
    for (let e = 0; e < n; e++) {
      const end = occurrencesEnd(keyStart, n, occurrences, e);
      for (let o = keyStart[e]!; o < end; o++) members[fill[occurrenceFlow[o]!]!++] = e;
    }
    table.memberStart = start;
    table.members = members;
    addExchanges(table, scan, facts, time, newestFirst);
    exchangeOutcomes(table, scan, facts, newestFirst, time, keyFlows);
    return table;
  }
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

/** A flow's outcome line: the outcome hit's text with the time it took, or what its levels say. */
function outcomeText(table: FlowTable, f: number, hitText: string, outcomeTime: number): string {
  if (table.status.data[f] === 0) return table.errors.data[f]! > 0 ? 'ended with errors' : 'no outcome logged';
  const span = outcomeDuration(table.firstTime.data[f]!, outcomeTime);
  return span !== undefined && span > 0 ? `${hitText} in ${formatDuration(span)}` : hitText;
}

/** Outcomes of the exchange flows (from `firstFlow` on): the last outcome hit among their members in time order. */
function exchangeOutcomes(table: FlowTable, scan: Scanner, facts: EntryFacts, newestFirst: boolean, time: Float64Array, firstFlow: number): void {
  // Outcome hits by entry (sparse, in entry order).
  const hitsStart = new Map<number, [number, number]>();
  const outcomeEntry = facts.outcomeEntry.data;
  if (table.count > firstFlow) {
    for (let h = 0; h < facts.outcomeEntry.length; h++) {
      const e = outcomeEntry[h]!;
      const range = hitsStart.get(e);
      if (range) range[1] = h + 1;
      else hitsStart.set(e, [h, h + 1]);
    }
  }
  for (let f = firstFlow; f < table.count; f++) {
    const kind = table.exchanges.get(f)!.kind;
    let status = 0;
    let text = '';
    let outcomeTime = NaN;
    const members = table.membersOf(f);
    for (let m = 0; m < members.length && hitsStart.size > 0; m++) {
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
    table.status.data[f] = status;
    table.outcomeText[f] = outcomeText(table, f, text, outcomeTime);
    if (status === 0 && table.errors.data[f]! > 0) table.status.data[f] = STATUS_CODE.failed;
  }
}

const DURATION = /^ in (?:\d{1,9}(?:\.\d)? m?s|\d{1,9} min \d{1,2} s|\d{1,9} h \d{1,2} min)$/;

/** An outcome text without the time it took (` in 1.2 s`): only the last ` in ` can start it. */
function withoutDuration(text: string): string {
  const at = text.lastIndexOf(' in ');
  return at >= 0 && DURATION.test(text.slice(at)) ? text.slice(0, at) : text;
}

/**
 * Flows' outcome texts without their durations, kept per flow while its text stays (a growing log's flows),
 * each text one string object: containers count them by text, which then compares no characters.
 */
class PlainOutcomes {
  private readonly texts: string[] = [];
  private readonly plain: string[] = [];
  private readonly canonical = new Map<string, string>();

  of(flow: number, text: string): string {
    if (this.texts[flow] === text) return this.plain[flow]!;
    const stripped = withoutDuration(text);
    if (this.canonical.size > 100_000) this.canonical.clear();
    let plain = this.canonical.get(stripped);
    if (plain === undefined) this.canonical.set(stripped, (plain = stripped));
    this.texts[flow] = text;
    this.plain[flow] = plain;
    return plain;
  }
}

/**
 * What `applyContainerOutcomes` found in the previous analysis of a growing log: per flow with an outcome of its
 * own, the containers holding all of its members and its outcome as judged; per container its outcome. Only
 * the containers whose flows inside changed are judged again.
 */
export class ContainerMemo {
  epoch!: number;
  counts!: Int32Array;
  containers!: Array<number[] | undefined>;
  subStatus!: Uint8Array;
  subText!: string[];
  containerEligible!: Uint8Array;
  readonly results = new Map<number, [number, string]>();
  readonly plain = new PlainOutcomes();

  constructor() {
    this.reset(-1);
  }

  reset(epoch: number): void {
    this.epoch = epoch;
    this.counts = new Int32Array(0);
    this.containers = [];
    this.subStatus = new Uint8Array(0);
    this.subText = [];
    this.containerEligible = new Uint8Array(0);
    this.results.clear();
  }

  /** The arrays sized for `count` flows, what they held kept. */
  grow(count: number): void {
    if (this.counts.length >= count) return;
    const grown = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T, fill: number) => {
      const next = make(count).fill(fill) as T;
      next.set(old);
      return next;
    };
    this.counts = grown(this.counts, (n) => new Int32Array(n), -1);
    this.subStatus = grown(this.subStatus, (n) => new Uint8Array(n), NOT_JUDGED);
    this.containerEligible = grown(this.containerEligible, (n) => new Uint8Array(n), NOT_JUDGED);
  }
}

const NOT_JUDGED = 255;

/**
 * Flows of a kind that logs no outcome of its own (a pluto connection, a connection instance) take the outcomes
 * of the flows inside them that do (its security associations): `2 security associations, both failed: ...`
 * rather than "no outcome logged". A flow is inside a container when all its members are the container's.
 * Every container is judged on the statuses as they are before any of them changes; `kindOf` names a flow's
 * kind. With `memo` (and the flow table's `epoch`, which changes when its flows are numbered anew), what the
 * previous analysis of a growing log judged stands where nothing it depended on changed.
 */
export function applyContainerOutcomes(
  table: FlowTable,
  kindOf: (flow: number) => string,
  hasOwnOutcomes: (kind: string) => boolean,
  groupOf: (kind: string) => string,
  newestFirst: boolean,
  memo = new ContainerMemo(),
  epoch = 0,
): void {
  const count = table.count;
  const { members, memberStart, occurrenceFlow } = table;
  // Exchange flows are numbered after every key flow: with any, numbers move as the log grows.
  if (memo.epoch !== epoch || table.exchanges.size > 0) memo.reset(epoch);
  const known = Math.min(memo.counts.length, count);
  memo.grow(count);
  const own = new Uint8Array(count);
  const ownByKind = new Map<string, boolean>();
  for (let f = 0; f < count; f++) {
    const kind = kindOf(f);
    let has = ownByKind.get(kind);
    if (has === undefined) ownByKind.set(kind, (has = hasOwnOutcomes(kind)));
    own[f] = has ? 1 : 0;
  }
  // The key flows an entry belongs to, from its key occurrences (containers are key flows).
  const keyStart = table.entryKeyStart;
  const occurrences = occurrenceFlow.length;
  const inFlow = (e: number, flow: number) => {
    const end = occurrencesEnd(keyStart, keyStart.length, occurrences, e);
    for (let o = keyStart[e]!; o < end; o++) if (occurrenceFlow[o] === flow) return true;
    return false;
  };
  const containing = (s: number): number[] | undefined => {
    const from = memberStart[s]!;
    const to = memberStart[s + 1]!;
    if (to === from) return undefined;
    const first = members[newestFirst ? to - 1 : from]!;
    let found: number[] | undefined;
    const end = occurrencesEnd(keyStart, keyStart.length, occurrences, first);
    for (let o = keyStart[first]!; o < end; o++) {
      const c = occurrenceFlow[o]!;
      if (own[c] || c === s || found?.includes(c)) continue;
      let all = true;
      for (let m = from; m < to && all; m++) all = inFlow(members[m]!, c);
      if (all) (found ??= []).push(c);
    }
    return found;
  };
  const dirty = new Uint8Array(count);
  const markAll = (list: number[] | undefined) => {
    if (list) for (const c of list) dirty[c] = 1;
  };
  for (let s = 0; s < count; s++) {
    if (!own[s]) continue;
    const size = memberStart[s + 1]! - memberStart[s]!;
    const grew = s >= known || memo.counts[s] !== size;
    if (grew) {
      markAll(memo.containers[s]);
      memo.containers[s] = containing(s);
      memo.counts[s] = size;
    }
    const eligible = size > 0 && table.status.data[s] !== STATUS_CODE.unknown;
    const status = eligible ? table.status.data[s]! : NOT_JUDGED;
    const text = eligible ? table.outcomeText[s]! : '';
    if (grew || status !== memo.subStatus[s] || text !== memo.subText[s]) markAll(memo.containers[s]);
    memo.subStatus[s] = status;
    memo.subText[s] = text;
  }
  for (let c = 0; c < count; c++) {
    if (own[c]) continue;
    const eligible = table.status.data[c] === STATUS_CODE.unknown || table.outcomeText[c] === 'ended with errors' ? 1 : 0;
    if (eligible !== memo.containerEligible[c]) dirty[c] = 1;
    memo.containerEligible[c] = eligible;
  }
  // The flows inside each container judged again, in flow order.
  const inside = new Map<number, number[]>();
  for (let s = 0; s < count; s++) {
    if (!own[s] || memo.subStatus[s] === NOT_JUDGED) continue;
    for (const c of memo.containers[s] ?? []) {
      if (!dirty[c] || !memo.containerEligible[c]) continue;
      const list = inside.get(c);
      if (list) list.push(s);
      else inside.set(c, [s]);
    }
  }
  for (let c = 0; c < count; c++) {
    if (!dirty[c]) continue;
    const subs = inside.get(c);
    if (subs && memo.containerEligible[c]) memo.results.set(c, containerOutcome(table, subs, kindOf, groupOf, newestFirst, memo.plain));
    else memo.results.delete(c);
  }
  for (const [c, [status, text]] of memo.results) {
    table.status.data[c] = status;
    table.outcomeText[c] = text;
  }
}

/** A container's outcome from the flows inside it: one text for all, or a count of each. */
function containerOutcome(table: FlowTable, inside: number[], kindOf: (flow: number) => string, groupOf: (kind: string) => string, newestFirst: boolean, plain: PlainOutcomes): [number, string] {
  // Time order of the sub-flows: by their first entry.
  const firstMember = (f: number) => table.members[table.memberStart[f]!]!;
  inside.sort((a, b) => (firstMember(a) - firstMember(b)) * (newestFirst ? -1 : 1));
  const texts = new Map<string, number>();
  for (const sub of inside) {
    const text = plain.of(sub, table.outcomeText[sub]!);
    texts.set(text, (texts.get(text) ?? 0) + 1);
  }
  const n = inside.length;
  const group = n === 1 ? groupOf(kindOf(inside[0]!)).replace(/s$/, '') : groupOf(kindOf(inside[0]!));
  const text =
    texts.size === 1
      ? `${n} ${group}${n === 1 ? ':' : n === 2 ? ', both' : ', all'} ${[...texts.keys()][0]}`
      : `${n} ${group}: ${[...texts].map(([t, k]) => `${k} ${t}`).join(', ')}`;
  const statuses = new Set(inside.map((sub) => table.status.data[sub]));
  const status = statuses.size === 1 ? table.status.data[inside[0]!]! : table.status.data[inside[n - 1]!]!;
  return [status, text];
}
