import type { CompiledRelation, CompiledSignature, KnowledgeBase } from '../knowledge/knowledgeBase';
import { describe, LEVEL_RULE, levelSummary, positionInMessage, valuesOf, type RuleSeverity } from '../knowledge/findingParts';
import { mergeRepeats } from '../knowledge/repeats';
import { withoutSuperseded } from '../knowledge/supersedes';
import type { FamilyId, Finding, LogEntry, RelatedEntry, Severity } from '../model/log';
import { firstLine, truncate } from '../util/text';
import type { BitSet } from './columns';
import { MAX_MATCHED_MESSAGE } from './facts';
import { STATUS_CODE } from './flowTable';
import type { LogIndex } from './logIndex';
import { LEVEL_CODE } from './scan';

/** Another analysed document, for conditions that look across files. */
export interface IndexPeer {
  uri: string;
  family?: FamilyId;
  index: LogIndex;
}

export interface FindingContext {
  knowledge: KnowledgeBase;
  severity?: Record<string, RuleSeverity>;
  peers?: () => IndexPeer[];
  /** Unlimited when undefined. */
  maxFindings?: number;
  levelFindings?: boolean;
  /** Findings as a report prints them: their `values` are left empty once the message is written. */
  lean?: boolean;
  /** The findings of the previous analysis of the same growing scan, to take again where nothing changed. */
  memo?: FindingMemo;
}

/** Above this many signature hits a log's findings are not kept for the next analysis (memory). */
const MEMO_MAX_HITS = 50_000;

/**
 * Findings of one analysis kept for the next analysis of a log that grows at its end, by signature hit and by
 * entry (level findings). A finding is taken again when what decided it is the same: its conditions found the
 * same related entries, and a finding that borrowed values from its flow's other entries has a flow of the
 * same size. Earlier entries do not change in a growing log, so nothing else it says can.
 */
export class FindingMemo {
  constructor(readonly epoch: number) {}
  readonly hits = new Map<number, { finding: Finding; conditions: string; flowMembers: number }>();
  readonly levels = new Map<number, Finding>();
  readonly absence = new Map<string, AbsenceMemo>();
}

/** What an absence rule found of the key flows (exchange flows are numbered anew as a log grows). */
interface AbsenceMemo {
  /**
   * The flows it never reports: of another kind or family, or holding the entry the rule waits for. A flow's
   * kind and first entry do not change as the log grows, nor does an entry it holds.
   */
  skips: Uint8Array;
  /** The flows it reported, with their members then. */
  reports: Map<number, { members: number; outcome: string; finding: Finding }>;
}

const conditionsKey = (related: RelatedEntry[], reference: string | undefined) =>
  `${related.map((r) => `${r.uri ?? ''}\u0000${r.line}\u0000${r.message}`).join('\u0001')}\u0002${reference ?? ''}`;

const NO_VALUES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Findings over the index, with the matcher's rules: signature hits from the scan, minCount, oncePerFile, the
 * sequence conditions decided from the sparse sets of entries each relation matches (walking time order only
 * as far as the old matcher looked), absence over flows, level findings. Entries are annotated only for the
 * hits that become findings and the entries they cite.
 */
class IndexMatcher {
  private readonly findings: Finding[] = [];
  private readonly max: number;
  capped = false;
  private documentEndCache: { value: number | undefined } | undefined;
  private readonly sparse = new Map<BitSet, Int32Array>();
  /** The hits of each reported `minCount` group, by its last hit. */
  private readonly counted = new Map<number, number[]>();
  /** The previous analysis's findings, unless the log has too many hits for them to be kept (then emptied). */
  private readonly memo: FindingMemo | undefined;

  constructor(
    private readonly index: LogIndex,
    private readonly context: FindingContext,
  ) {
    this.max = context.maxFindings ?? Infinity;
    const memo = context.memo;
    if (memo && index.facts.hitEntry.length > MEMO_MAX_HITS) {
      memo.hits.clear();
      memo.levels.clear();
      memo.absence.clear();
    } else this.memo = memo;
  }

  private get facts() {
    return this.index.facts;
  }

  run(): Finding[] {
    const index = this.index;
    const facts = this.facts;
    const hitCount = facts.hitEntry.length;
    const hitEntry = facts.hitEntry.data;
    const hitSignature = facts.hitSignature.data;
    const signatures = facts.signatures;
    const ordered = this.applyCounts(hitCount);
    // Entries whose level finding would repeat what a signature already says about them.
    const explained = new Uint8Array(index.entryCount);
    const reportedOnce = new Set<string>();
    for (const h of ordered) {
      const signature = signatures[hitSignature[h]!]!;
      if (signature.oncePerFile && reportedOnce.has(signature.id)) continue;
      const e = hitEntry[h]!;
      // The match is found again on the annotated entry only when a condition or the finding needs it.
      let match: RegExpExecArray | undefined | null = null;
      const matchOnce = () => (match === null ? (match = this.matchOf(signature, e, facts.hitOrdinal.data[h]!)) : match);
      const conditions = this.conditionsHold(signature, e, matchOnce);
      // The entry that must not follow came: a warning or error signature judged the line benign.
      if (conditions === 'resolved') {
        if (signature.def.severity !== 'info') explained[e] = 1;
        continue;
      }
      if (!conditions) continue;
      reportedOnce.add(signature.id);
      if (this.add(this.rememberedFinding(h, signature, e, matchOnce, conditions.related, conditions.reference))) {
        explained[e] = 1;
        for (const member of this.counted.get(h) ?? []) explained[hitEntry[member]!] = 1;
      }
    }
    for (const e of this.absenceFindings()) explained[e] = 1;
    if (this.context.levelFindings !== false) this.levelFindings(explained);
    const count = index.entryCount;
    const timeOrder = index.newestFirst ? (e: number) => count - 1 - e : (e: number) => e;
    const merged = this.withinCap(mergeRepeats(withoutSuperseded(this.findings, this.context.knowledge), timeOrder), timeOrder);
    merged.sort((a, b) => a.line - b.line || a.startChar - b.startChar);
    return merged;
  }

  /** The hit's finding of the previous analysis when nothing that decided it changed, else a new one (kept). */
  private rememberedFinding(h: number, signature: CompiledSignature, e: number, match: () => RegExpExecArray | undefined, related: RelatedEntry[], reference: string | undefined): Finding | undefined {
    const memo = this.memo;
    if (!memo) return this.findingFor(signature, e, match(), related, reference).finding;
    const key = conditionsKey(related, reference);
    const flow = this.index.primaryFlow(e);
    const members = flow >= 0 ? this.index.flows.memberStart[flow + 1]! - this.index.flows.memberStart[flow]! : 0;
    const known = memo.hits.get(h);
    if (known && known.conditions === key && (known.flowMembers < 0 || known.flowMembers === members)) return known.finding;
    const made = this.findingFor(signature, e, match(), related, reference);
    if (made.finding) memo.hits.set(h, { finding: made.finding, conditions: key, flowMembers: made.borrowed ? members : -1 });
    else memo.hits.delete(h);
    return made.finding;
  }

  /**
   * What the previous analysis learnt of an absence rule: the key flows it never reports, and those it reported
   * (kept in the memo when there is one). `keyFlows`: how many key flows the table has now.
   */
  private absenceMemo(rule: string, keyFlows: number): AbsenceMemo {
    const known = this.memo?.absence.get(rule);
    if (known && known.skips.length >= keyFlows) return known;
    const skips = new Uint8Array(Math.max(keyFlows, (known?.skips.length ?? 0) * 2));
    if (known) skips.set(known.skips);
    const grown: AbsenceMemo = { skips, reports: known?.reports ?? new Map() };
    this.memo?.absence.set(rule, grown);
    return grown;
  }

  /**
   * At most `maxFindings`: the errors first, then the most recent of the rest, so that a cap never hides what
   * was logged last (a log being written, an appended capture) behind its older lines.
   */
  private withinCap(findings: Finding[], timeOrder: (entry: number) => number): Finding[] {
    if (findings.length <= this.max) return findings;
    this.capped = true;
    const rank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
    return findings.sort((a, b) => rank(a) - rank(b) || timeOrder(b.entryIndex) - timeOrder(a.entryIndex)).slice(0, this.max);
  }

  private kept(values: Record<string, string>): Record<string, string> {
    return this.context.lean ? NO_VALUES : values;
  }

  private severityOf(signature: { id: string; severity: Severity }): RuleSeverity {
    return this.context.severity?.[signature.id] ?? signature.severity;
  }

  private add(finding: Finding | undefined): boolean {
    if (!finding) return false;
    this.findings.push(finding);
    return true;
  }

  /** Hit numbers in time order; of each `minCount` group with enough hits only the last. */
  private applyCounts(hitCount: number): number[] {
    const { index, facts } = this;
    const result: number[] = [];
    const counted = new Map<string, number[]>();
    for (let h = 0; h < hitCount; h++) {
      const signature = facts.signatures[facts.hitSignature.data[h]!]!;
      const rule = signature.minCount;
      if (!rule) {
        result.push(h);
        continue;
      }
      const e = facts.hitEntry.data[h]!;
      const flow = index.primaryFlow(e);
      const scopeKey = rule.scope === 'file' ? '' : flow >= 0 ? index.flowId(flow) : `entry:${e}`;
      const key = `${signature.id}\u0000${scopeKey}`;
      const list = counted.get(key);
      if (list) list.push(h);
      else counted.set(key, [h]);
    }
    const position = (h: number) => index.position(facts.hitEntry.data[h]!);
    for (const list of counted.values()) {
      const rule = facts.signatures[facts.hitSignature.data[list[0]!]!]!.minCount!;
      if (list.length < rule.count) continue;
      list.sort((a, b) => position(a) - position(b));
      const last = list[list.length - 1]!;
      result.push(last);
      this.counted.set(last, list);
    }
    return result.sort((a, b) => position(a) - position(b));
  }

  /** The match a hit stands for, again, on the annotated entry. */
  private matchOf(signature: CompiledSignature, e: number, ordinal: number): RegExpExecArray | undefined {
    const entry = this.index.entryFields(e);
    const message = entry.message.length > MAX_MATCHED_MESSAGE ? entry.message.slice(0, MAX_MATCHED_MESSAGE) : entry.message;
    if (signature.everyMatch && entry.endLine > entry.startLine) {
      let k = 0;
      for (const match of message.matchAll(signature.everyMatch)) if (k++ === ordinal) return match as RegExpExecArray;
      return undefined;
    }
    return signature.message ? (signature.message.exec(message) ?? undefined) : undefined;
  }

  /** Related entries when every condition holds; `resolved` when the entry that must not follow did follow. */
  private conditionsHold(signature: CompiledSignature, e: number, match: () => RegExpExecArray | undefined): { related: RelatedEntry[]; reference?: string } | 'resolved' | undefined {
    const related: RelatedEntry[] = [];
    let reference: string | undefined;
    if (signature.followedBy) {
      const found = this.findRelated(e, signature.followedBy, 1);
      if (found < 0) return undefined;
      const other = this.index.entryFields(found);
      related.push({ line: other.startLine, message: `followed by: ${firstLine(other.message)}` });
    }
    if (signature.notFollowedBy && this.findRelated(e, signature.notFollowedBy, 1) >= 0) return 'resolved';
    if (signature.precededBy) {
      const found = this.findRelated(e, signature.precededBy, -1);
      if (found < 0) return undefined;
      const other = this.index.entryFields(found);
      related.push({ line: other.startLine, message: `preceded by: ${firstLine(other.message)}` });
    }
    if (signature.notPrecededBy && this.findRelated(e, signature.notPrecededBy, -1) >= 0) return undefined;
    if (signature.outsideWindow) {
      reference = this.outsideWindow(signature, e, match());
      if (reference === undefined) return undefined;
    }
    if (signature.seenInOtherFile) {
      const found = this.findInPeers(e, signature.seenInOtherFile);
      if (!found) return undefined;
      related.push(found);
    }
    return { related, reference };
  }

  private outsideWindow(signature: CompiledSignature, e: number, match: RegExpExecArray | undefined): string | undefined {
    const window = signature.outsideWindow!;
    const entry = this.index.entryFields(e);
    const values = valuesOf(entry, match);
    const from = window.from && values[window.from] ? window.parse(values[window.from]!) : undefined;
    const to = window.to && values[window.to] ? window.parse(values[window.to]!) : undefined;
    if (from === undefined && to === undefined) return undefined;
    const documentTime = this.documentEnd();
    const reference = entry.time ?? documentTime ?? Date.now();
    if ((to === undefined || reference <= to) && (from === undefined || reference >= from)) return undefined;
    return `${new Date(reference).toISOString().slice(0, 19).replace('T', ' ')} UTC (${entry.time !== undefined ? 'time of this entry' : documentTime !== undefined ? 'last time stamp of the log' : 'now: the capture has no time stamps'})`;
  }

  /** The entries of a relation, sorted (built once from its set). */
  private entriesOf(hits: BitSet): Int32Array {
    let list = this.sparse.get(hits);
    if (!list) {
      list = hits.members(this.index.entryCount);
      this.sparse.set(hits, list);
    }
    return list;
  }

  /** The nearest entry in time order, in the relation's scope and window, that matches it (with `nearest`, only the closest entry is judged); -1 when none. */
  private findRelated(e: number, relation: CompiledRelation, direction: 1 | -1): number {
    const index = this.index;
    const time = index.time;
    const hits = this.facts.predicateFor(relation.regex, true).hits;
    const within = relation.withinMs;
    const t = time[e]!;
    const holds = (o: number) => hits.has(o) && (within === undefined || Number.isNaN(t) || Number.isNaN(time[o]!) || Math.abs(t - time[o]!) <= within);
    const beyond = (o: number) => within !== undefined && !Number.isNaN(t) && !Number.isNaN(time[o]!) && (time[o]! - t) * direction > within;
    const here = index.position(e);
    const kinds = relation.scope === 'flow' ? relation.flowKinds : undefined;
    const flows = kinds ? index.flowsOfEntry(e).filter((f) => kinds.has(index.flowKind(f))) : index.flowsOfEntry(e);
    if (kinds && flows.length === 0) return -1;
    if (relation.scope === 'file' || flows.length === 0) {
      if (!relation.nearest && (within === undefined || Number.isNaN(t))) {
        // No window: the nearest matching entry in time order, found in the relation's sorted entries.
        const list = this.entriesOf(hits);
        const step = index.newestFirst ? -direction : direction;
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (list[mid]! <= e) lo = mid + 1;
          else hi = mid;
        }
        // lo: first listed entry after e in document order.
        if (step > 0) return lo < list.length ? list[lo]! : -1;
        let before = lo - 1;
        if (before >= 0 && list[before] === e) before--;
        return before >= 0 ? list[before]! : -1;
      }
      for (let p = here + direction; p >= 0 && p < index.entryCount; p += direction) {
        const o = index.position(p);
        if (beyond(o)) return -1;
        if (holds(o)) return o;
        if (relation.nearest) return -1;
      }
      return -1;
    }
    // The members of the entry's flows after it in time order, nearest first: each flow's members are in
    // document order, so one cursor per flow walks away from the entry and the nearest cursor is taken next.
    const table = index.flows;
    const step = index.newestFirst ? -direction : direction;
    const cursors = flows.map((f) => {
      const from = table.memberStart[f]!;
      const to = table.memberStart[f + 1]!;
      let lo = from;
      let hi = to;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (table.members[mid]! <= e) lo = mid + 1;
        else hi = mid;
      }
      // lo: the first member after e in document order.
      let at = lo;
      if (step < 0) {
        at = lo - 1;
        while (at >= from && table.members[at] === e) at--;
      }
      return { at, from, to };
    });
    const valid = (c: { at: number; from: number; to: number }) => c.at >= c.from && c.at < c.to;
    for (;;) {
      let next = -1;
      for (const c of cursors) {
        if (!valid(c)) continue;
        const m = table.members[c.at]!;
        if (next < 0 || (m - next) * step < 0) next = m;
      }
      if (next < 0) return -1;
      for (const c of cursors) while (valid(c) && table.members[c.at] === next) c.at += step;
      if (beyond(next)) return -1;
      if (holds(next)) return next;
      if (relation.nearest) return -1;
    }
  }

  private findInPeers(e: number, relation: CompiledRelation): RelatedEntry | undefined {
    const entry = this.index.entryFields(e);
    for (const peer of this.context.peers?.() ?? []) {
      if (relation.families && (!peer.family || !relation.families.has(peer.family))) continue;
      const other = peer.index;
      const predicate = other.facts.predicateFor(relation.regex, true);
      for (let i = 0; i < other.entryCount; i++) {
        if (relation.withinMs !== undefined && entry.time !== undefined && !Number.isNaN(other.time[i]!) && Math.abs(entry.time - other.time[i]!) > relation.withinMs) continue;
        const matches = predicate ? predicate.hits.has(i) : relation.regex.test(other.entryFields(i).message.slice(0, MAX_MATCHED_MESSAGE));
        if (matches) {
          const found = other.entryFields(i);
          return { uri: peer.uri, line: found.startLine, message: `in ${peer.uri.split('/').pop()}: ${firstLine(found.message)}` };
        }
      }
    }
    return undefined;
  }

  private findingFor(signature: CompiledSignature, e: number, match: RegExpExecArray | undefined, related: RelatedEntry[], reference: string | undefined): { finding: Finding | undefined; borrowed: boolean } {
    const severity = this.severityOf(signature.def);
    if (severity === 'off') return { finding: undefined, borrowed: false };
    const index = this.index;
    const entry = index.entryFields(e);
    const flow = index.primaryFlow(e);
    const values = valuesOf(entry, match);
    if (reference) values.reference = reference;
    if (signature.placeholders.includes('message')) values.message = truncate(firstLine(entry.message), 200);
    let borrowed = false;
    if (flow >= 0) {
      borrowed = this.borrowValues(signature, values, flow, entry);
      values.flow = index.flowLabel(flow);
    }
    const where = match ? positionInMessage(entry, match.index) : { line: entry.startLine, char: entry.startChar };
    const singleLine = entry.startLine === entry.endLine && !this.sharesLine(e);
    const matchEnd = match ? positionInMessage(entry, match.index + Math.max(match[0].length, 1)) : where;
    const finding: Finding = {
      rule: signature.id,
      severity,
      message: describe(signature, values),
      line: where.line,
      startChar: singleLine || !match ? entry.startChar : where.char,
      endLine: where.line,
      endChar: singleLine ? entry.endChar : matchEnd.line === where.line && match ? matchEnd.char : Number.MAX_SAFE_INTEGER,
      entryIndex: e,
      flowId: flow >= 0 ? index.flowId(flow) : undefined,
      values: this.kept(values),
      related,
    };
    return { finding, borrowed };
  }

  /** Fills the placeholders the entry has no value for from the nearest entries of its flow; whether any was missing. */
  private borrowValues(signature: CompiledSignature, values: Record<string, string>, flow: number, entry: LogEntry): boolean {
    const missing = signature.placeholders.filter((name) => values[name] === undefined && name !== 'flow');
    if (missing.length === 0) return false;
    const index = this.index;
    const here = index.position(entry.index);
    const byDistance = Array.from(index.flows.membersOf(flow))
      .filter((i) => i !== entry.index)
      .sort((a, b) => Math.abs(index.position(a) - here) - Math.abs(index.position(b) - here));
    for (const name of missing) {
      for (const i of byDistance.slice(0, 500)) {
        const field = index.entryFields(i).fields[name];
        if (field) {
          values[name] = field.value;
          break;
        }
      }
    }
    return true;
  }

  private documentEnd(): number | undefined {
    if (!this.documentEndCache) {
      let max: number | undefined;
      const time = this.index.time;
      for (let i = 0; i < time.length; i++) {
        const t = time[i]!;
        if (!Number.isNaN(t) && (max === undefined || t > max)) max = t;
      }
      this.documentEndCache = { value: max };
    }
    return this.documentEndCache.value;
  }

  private sharesLine(e: number): boolean {
    const index = this.index;
    return (e > 0 && index.endLine[e - 1] === index.startLine[e]) || (e + 1 < index.entryCount && index.startLine[e + 1] === index.endLine[e]);
  }

  /** Reports flows that never reached a state; returns the entries the findings sit on. */
  private absenceFindings(): number[] {
    const reportedOn: number[] = [];
    // Where a flow ended on an entry that already reports an error (no response, a refusal, a send failure),
    // that error is why it never got there: the flow is marked failed (outline, lenses, summary, the hover's
    // flow line) and the line keeps one diagnosis.
    const diagnosed = new Set<number>();
    for (const finding of this.findings) if (finding.severity === 'error') diagnosed.add(finding.entryIndex);
    const index = this.index;
    const table = index.flows;
    const documentEnd = this.documentEnd();
    for (const signature of this.context.knowledge.signatures) {
      const absence = signature.absence;
      if (!absence || this.severityOf(signature.def) === 'off') continue;
      const startedBy = absence.startedBy ? this.facts.predicateFor(absence.startedBy, false)?.hits : undefined;
      const missing = this.facts.predicateFor(absence.missing, false)?.hits;
      if (!missing) continue;
      const { members, memberStart } = table;
      const anyMember = (from: number, to: number, set: BitSet) => {
        for (let m = from; m < to; m++) if (set.has(members[m]!)) return true;
        return false;
      };
      // Exchange flows are numbered after the key flows, so their numbers move as the log grows: not kept.
      const keyFlows = table.count - table.exchanges.size;
      const { skips, reports } = this.absenceMemo(signature.id, keyFlows);
      const never = (f: number) => {
        if (f < keyFlows) skips[f] = 1;
      };
      for (let f = 0; f < table.count; f++) {
        if (skips[f]) continue;
        if (table.dropped.has(f)) continue;
        if (!absence.kinds.has(index.flowKind(f))) {
          never(f);
          continue;
        }
        const from = memberStart[f]!;
        const to = memberStart[f + 1]!;
        const first = members[index.newestFirst ? to - 1 : from]!;
        const last = members[index.newestFirst ? from : to - 1]!;
        const family = index.formats[index.format[first]!]!.family;
        if (!signature.families.has(family)) {
          never(f);
          continue;
        }
        if (startedBy && !anyMember(from, to, startedBy)) continue;
        if (anyMember(from, to, missing)) {
          never(f);
          continue;
        }
        // A flow whose last line came shortly before the log ends (and says it is still waiting, with pendingWhen)
        // may yet complete; only those few flows have their last line read.
        const lastTime = index.time[last]!;
        const nearEnd = absence.graceMs > 0 && documentEnd !== undefined && !Number.isNaN(lastTime) && documentEnd - lastTime < absence.graceMs;
        if (nearEnd && (!absence.pendingWhen || absence.pendingWhen.test(index.entryFields(last).message))) continue;
        // What a flow's report says depends on its members only: kept while it has the same ones.
        let report = f < keyFlows ? reports.get(f) : undefined;
        if (!report || report.members !== to - from) {
          const chronological = index.newestFirst ? Array.from(members.subarray(from, to)).reverse() : Array.from(members.subarray(from, to));
          const values: Record<string, string> = {};
          for (const e of chronological) Object.assign(values, valuesOf(index.entryFields(e), undefined));
          const outcome = `failed: ${signature.def.title}${values.state ? ` in ${values.state}` : ''}`;
          const label = index.flowLabel(f);
          values.flow = label;
          const lastEntry = index.entryFields(last);
          const finding: Finding = {
            rule: signature.id,
            severity: this.severityOf(signature.def) as Severity,
            message: describe(signature, values),
            line: lastEntry.startLine,
            startChar: lastEntry.startChar,
            endLine: lastEntry.startLine,
            endChar: lastEntry.endLine === lastEntry.startLine ? lastEntry.endChar : Number.MAX_SAFE_INTEGER,
            entryIndex: last,
            flowId: index.flowId(f),
            values: this.kept(values),
            related: first === last ? [] : [{ line: index.startLine[first]!, message: `${label} started here` }],
          };
          report = { members: to - from, outcome, finding };
          if (f < keyFlows) reports.set(f, report);
        }
        table.status.data[f] = STATUS_CODE.failed;
        table.outcomeText[f] = report.outcome;
        reportedOn.push(last);
        if (!diagnosed.has(last)) this.add(report.finding);
      }
    }
    return reportedOn;
  }

  private levelFindings(explained: Uint8Array): void {
    const index = this.index;
    const memo = this.memo;
    for (let e = 0; e < index.entryCount; e++) {
      const level = index.level[e]!;
      if (level !== LEVEL_CODE.error && level !== LEVEL_CODE.warning) continue;
      if (explained[e]) continue;
      const name = level === LEVEL_CODE.error ? 'error' : 'warning';
      const rule = LEVEL_RULE[name];
      const severity = this.context.severity?.[rule] ?? name;
      if (severity === 'off') continue;
      const known = memo?.levels.get(e);
      if (known) {
        this.add(known);
        continue;
      }
      const entry = index.entryFields(e);
      const flow = index.primaryFlow(e);
      const values = valuesOf(entry, undefined);
      if (flow >= 0) values.flow = index.flowLabel(flow);
      const levelText = entry.rawLevel === undefined ? entry.level : /^\d+$/.test(entry.rawLevel) ? `${entry.level} (${entry.rawLevel})` : entry.rawLevel;
      // An entry of several lines (an event's details) is marked where it states its level.
      const levelLine = entry.endLine > entry.startLine ? entry.fields.level : undefined;
      const finding: Finding = {
        rule,
        severity,
        message: `${levelText}: ${truncate(levelSummary(index.formats[index.format[e]!]!.def.levelSummary, values) ?? firstLine(entry.message), 200)}`,
        line: levelLine ? levelLine.line : entry.startLine,
        startChar: levelLine ? 0 : entry.startChar,
        endLine: levelLine ? levelLine.line : entry.startLine,
        endChar: levelLine ? levelLine.end : entry.endLine === entry.startLine ? entry.endChar : Number.MAX_SAFE_INTEGER,
        entryIndex: e,
        flowId: flow >= 0 ? index.flowId(flow) : undefined,
        values: this.kept(values),
        related: [],
      };
      memo?.levels.set(e, finding);
      this.add(finding);
    }
  }
}

export function indexFindings(index: LogIndex, context: FindingContext): { findings: Finding[]; capped: boolean } {
  const matcher = new IndexMatcher(index, context);
  const findings = matcher.run();
  return { findings, capped: matcher.capped };
}
