import { chronological } from '../correlation/flows';
import type { FormatRegistry } from '../formats/registry';
import type { FamilyId, Finding, Flow, LogEntry, RelatedEntry, Severity } from '../model/log';
import { mergeRepeats } from './repeats';
import { firstLine, truncate } from '../util/text';
import { fillText } from './fill';
import type { CompiledRelation, CompiledSignature, KnowledgeBase } from './knowledgeBase';

/** Signatures see at most this much of a message: matching stays bounded on huge multi-line bodies. */
const MAX_MATCHED_MESSAGE = 16 * 1024;
/** A signature that reports every match of a body reports at most this many per entry. */
const MAX_MATCHES_PER_ENTRY = 100;

export type RuleSeverity = Severity | 'off';

/** Another analysed document, for conditions that look across files. */
export interface PeerDocument {
  uri: string;
  family?: FamilyId;
  entries: readonly LogEntry[];
}

export interface MatchContext {
  registry: FormatRegistry;
  knowledge: KnowledgeBase;
  severity?: Record<string, RuleSeverity>;
  peers?: () => PeerDocument[];
  maxFindings?: number;
  /** Report error and warning lines that no signature explains (default true). */
  levelFindings?: boolean;
}

export interface MatchInput {
  entries: LogEntry[];
  flows: Map<string, Flow>;
  newestFirst: boolean;
}

export interface MatchResult {
  findings: Finding[];
  capped: boolean;
}

export const LEVEL_RULE = { error: 'level.error', warning: 'level.warning' } as const;

interface Hit {
  signature: CompiledSignature;
  entry: LogEntry;
  match?: RegExpExecArray;
  /** The time a window condition was judged against, for the summary's `{reference}`. */
  reference?: string;
}

class Matcher {
  private readonly flowsOfEntry = new Map<number, Flow[]>();
  private readonly position: (index: number) => number;
  private readonly findings: Finding[] = [];
  private readonly max: number;
  capped = false;
  private lastTimeCache: { value: number | undefined } | undefined;

  constructor(
    private readonly input: MatchInput,
    private readonly context: MatchContext,
  ) {
    for (const flow of input.flows.values()) {
      for (const index of flow.entries) {
        const list = this.flowsOfEntry.get(index);
        if (list) list.push(flow);
        else this.flowsOfEntry.set(index, [flow]);
      }
    }
    // An entry's flows in the order of its keys (the format lists the most specific key first).
    for (const [index, flows] of this.flowsOfEntry) {
      const keys = input.entries[index]!.keys;
      const rank = (flow: Flow) => keys.findIndex((k) => k.kind === flow.kind && k.value === flow.value);
      flows.sort((a, b) => rank(a) - rank(b));
    }
    const count = input.entries.length;
    this.position = input.newestFirst ? (i) => count - 1 - i : (i) => i;
    this.max = context.maxFindings ?? 10000;
  }

  run(): Finding[] {
    const hits = this.entryHits();
    /** Entries whose level finding would repeat what a signature already says about them. */
    const explained = new Set<number>();
    const reportedOnce = new Set<string>();
    const counted = new Map<Hit, Hit[]>();
    const ordered = this.applyCounts(hits, counted).sort((a, b) => this.position(a.entry.index) - this.position(b.entry.index));
    for (const hit of ordered) {
      if (hit.signature.oncePerFile && reportedOnce.has(hit.signature.id)) continue;
      const related = this.conditionsHold(hit);
      // The entry that must not follow came (a 401 challenge answered by a 200): a warning or error signature
      // judged the line benign. Missing evidence (clock skew with no key failure after it) judges nothing, and
      // the line keeps its own level finding.
      if (related === 'resolved') {
        if (hit.signature.def.severity !== 'info') explained.add(hit.entry.index);
        continue;
      }
      if (!related) continue;
      reportedOnce.add(hit.signature.id);
      if (this.add(this.findingFor(hit, related))) {
        explained.add(hit.entry.index);
        for (const member of counted.get(hit) ?? []) explained.add(member.entry.index);
      }
    }
    for (const index of this.absenceFindings()) explained.add(index);
    if (this.context.levelFindings !== false) this.levelFindings(explained);
    const merged = mergeRepeats(this.findings, this.position);
    merged.sort((a, b) => a.line - b.line || a.startChar - b.startChar);
    return merged;
  }

  private severityOf(signature: { id: string; severity: Severity }): RuleSeverity {
    return this.context.severity?.[signature.id] ?? signature.severity;
  }

  private add(finding: Finding | undefined): boolean {
    if (!finding) return false;
    if (this.findings.length >= this.max) {
      this.capped = true;
      return false;
    }
    this.findings.push(finding);
    return true;
  }

  private familyOf(entry: LogEntry): FamilyId | undefined {
    return this.context.registry.byId.get(entry.formatId)?.family;
  }

  private entryHits(): Hit[] {
    const hits: Hit[] = [];
    for (const entry of this.input.entries) {
      if (entry.level === 'debug') continue;
      const family = this.familyOf(entry);
      const candidates = family ? this.context.knowledge.byFamily.get(family) : undefined;
      if (!candidates) continue;
      const message = entry.message.length > MAX_MATCHED_MESSAGE ? entry.message.slice(0, MAX_MATCHED_MESSAGE) : entry.message;
      let lowered: string | undefined;
      for (const signature of candidates) {
        if (signature.literal) {
          const haystack = signature.literalIgnoreCase ? (lowered ??= message.toLowerCase()) : message;
          if (!haystack.includes(signature.literal)) continue;
        }
        if (signature.formats && !signature.formats.has(entry.formatId)) continue;
        if (this.severityOf(signature.def) === 'off') continue;
        if (!signature.fields.every(([name, regex]) => regex.test(fieldValue(entry, name) ?? '\u0000'))) continue;
        if (signature.everyMatch && entry.endLine > entry.startLine) {
          let count = 0;
          for (const match of message.matchAll(signature.everyMatch)) {
            hits.push({ signature, entry, match: match as RegExpExecArray });
            if (++count >= MAX_MATCHES_PER_ENTRY) break;
          }
          continue;
        }
        let match: RegExpExecArray | undefined;
        if (signature.message) {
          match = signature.message.exec(message) ?? undefined;
          if (!match) continue;
        }
        hits.push({ signature, entry, match });
      }
    }
    return hits;
  }

  /** `minCount`: only the last of enough hits in the same flow (or file) is reported; `counted` gets its group. */
  private applyCounts(hits: Hit[], counted: Map<Hit, Hit[]>): Hit[] {
    const groups = new Map<string, Hit[]>();
    const result: Hit[] = [];
    for (const hit of hits) {
      const rule = hit.signature.minCount;
      if (!rule) {
        result.push(hit);
        continue;
      }
      const scopeKey = rule.scope === 'file' ? '' : (this.flowsOfEntry.get(hit.entry.index)?.[0]?.id ?? `entry:${hit.entry.index}`);
      const key = `${hit.signature.id}\u0000${scopeKey}`;
      const list = groups.get(key) ?? [];
      list.push(hit);
      groups.set(key, list);
    }
    for (const list of groups.values()) {
      const rule = list[0]!.signature.minCount!;
      if (list.length < rule.count) continue;
      list.sort((a, b) => this.position(a.entry.index) - this.position(b.entry.index));
      const last = list[list.length - 1]!;
      result.push(last);
      counted.set(last, list);
    }
    return result;
  }

  /**
   * Related entries when every condition holds; `resolved` when the entry that must not follow did follow;
   * undefined when evidence the signature needs is missing.
   */
  private conditionsHold(hit: Hit): RelatedEntry[] | 'resolved' | undefined {
    const related: RelatedEntry[] = [];
    const { signature, entry } = hit;
    if (signature.followedBy) {
      const found = this.findRelated(entry, signature.followedBy, 1);
      if (!found) return undefined;
      related.push({ line: found.startLine, message: `followed by: ${firstLine(found.message)}` });
    }
    if (signature.notFollowedBy && this.findRelated(entry, signature.notFollowedBy, 1)) return 'resolved';
    if (signature.precededBy) {
      const found = this.findRelated(entry, signature.precededBy, -1);
      if (!found) return undefined;
      related.push({ line: found.startLine, message: `preceded by: ${firstLine(found.message)}` });
    }
    if (signature.outsideWindow) {
      const outside = this.outsideWindow(hit);
      if (!outside) return undefined;
      related.push(...outside);
    }
    if (signature.seenInOtherFile) {
      const found = this.findInPeers(entry, signature.seenInOtherFile);
      if (!found) return undefined;
      related.push(found);
    }
    return related;
  }

  /**
   * Whether the reference time falls outside the window written on the line. The reference is the entry's own
   * time, else the last time stamp of the document, else the current time (a capture without times).
   */
  private outsideWindow(hit: Hit): RelatedEntry[] | undefined {
    const window = hit.signature.outsideWindow!;
    const values = valuesOf(hit.entry, hit.match);
    const from = window.from && values[window.from] ? window.parse(values[window.from]!) : undefined;
    const to = window.to && values[window.to] ? window.parse(values[window.to]!) : undefined;
    if (from === undefined && to === undefined) return undefined;
    const documentTime = this.documentEnd();
    const reference = hit.entry.time ?? documentTime ?? Date.now();
    if ((to === undefined || reference <= to) && (from === undefined || reference >= from)) return undefined;
    hit.reference = `${new Date(reference).toISOString().slice(0, 19).replace('T', ' ')} UTC (${hit.entry.time !== undefined ? 'time of this entry' : documentTime !== undefined ? 'last time stamp of the log' : 'now: the capture has no time stamps'})`;
    return [];
  }

  /** The nearest entry in time order, in the relation's scope and window, that matches it. */
  private findRelated(entry: LogEntry, relation: CompiledRelation, direction: 1 | -1): LogEntry | undefined {
    const entries = this.input.entries;
    const here = this.position(entry.index);
    const holds = (other: LogEntry) => withinWindow(entry, other, relation.withinMs) && relation.regex.test(other.message.slice(0, MAX_MATCHED_MESSAGE));
    const beyondWindow = (other: LogEntry) =>
      relation.withinMs !== undefined && entry.time !== undefined && other.time !== undefined && (other.time - entry.time) * direction > relation.withinMs;
    const flows = this.flowsOfEntry.get(entry.index);
    // An entry without a flow (a CSV event row with no computer column) falls back to the whole file.
    if (relation.scope === 'file' || !flows) {
      // position() maps document index to time order and back (it is its own inverse).
      for (let p = here + direction; p >= 0 && p < entries.length; p += direction) {
        const other = entries[this.position(p)]!;
        if (beyondWindow(other)) return undefined;
        if (holds(other)) return other;
      }
      return undefined;
    }
    const positions = [...new Set(flows.flatMap((f) => f.entries))]
      .map((i) => this.position(i))
      .filter((p) => (p - here) * direction > 0)
      .sort((a, b) => (a - b) * direction);
    for (const p of positions) {
      const other = entries[this.position(p)]!;
      if (beyondWindow(other)) return undefined;
      if (holds(other)) return other;
    }
    return undefined;
  }

  private findInPeers(entry: LogEntry, relation: CompiledRelation): RelatedEntry | undefined {
    for (const peer of this.context.peers?.() ?? []) {
      if (relation.families && (!peer.family || !relation.families.has(peer.family))) continue;
      for (const other of peer.entries) {
        if (!withinWindow(entry, other, relation.withinMs)) continue;
        if (relation.regex.test(other.message.slice(0, MAX_MATCHED_MESSAGE))) {
          return { uri: peer.uri, line: other.startLine, message: `in ${peer.uri.split('/').pop()}: ${firstLine(other.message)}` };
        }
      }
    }
    return undefined;
  }

  private findingFor(hit: Hit, related: RelatedEntry[]): Finding | undefined {
    const { signature, entry, match } = hit;
    const severity = this.severityOf(signature.def);
    if (severity === 'off') return undefined;
    const flow = this.flowsOfEntry.get(entry.index)?.[0];
    const values = valuesOf(entry, match);
    if (hit.reference) values.reference = hit.reference;
    // A summary may quote what the daemon said (`{message}`): its first line, cut short.
    if (signature.placeholders.includes('message')) values.message = truncate(firstLine(entry.message), 200);
    if (flow) this.borrowValues(signature, values, flow, entry);
    if (flow) values.flow = flow.label;
    const where = match ? positionInMessage(entry, match.index) : { line: entry.startLine, char: entry.startChar };
    // A whole single-line entry is marked; inside a multi-line body or a line of glued entries, the match.
    const singleLine = entry.startLine === entry.endLine && !this.sharesLine(entry);
    const matchEnd = match ? positionInMessage(entry, match.index + Math.max(match[0].length, 1)) : where;
    return {
      rule: signature.id,
      severity,
      message: describe(signature, values),
      line: where.line,
      startChar: singleLine || !match ? entry.startChar : where.char,
      endLine: where.line,
      endChar: singleLine ? entry.endChar : matchEnd.line === where.line && match ? matchEnd.char : Number.MAX_SAFE_INTEGER,
      entryIndex: entry.index,
      flowId: flow?.id,
      values,
      related,
    };
  }

  /**
   * Values written on other entries of the conversation (the issuer on the Server Hello, the host name on the
   * DNS query, the ldap server on the bind) fill the placeholders of the summary and the fix that the matched
   * line does not carry, nearest entry first.
   */
  private borrowValues(signature: CompiledSignature, values: Record<string, string>, flow: Flow, entry: LogEntry): void {
    const missing = signature.placeholders.filter((name) => values[name] === undefined && name !== 'flow');
    if (missing.length === 0) return;
    const here = this.position(entry.index);
    const byDistance = flow.entries.filter((i) => i !== entry.index).sort((a, b) => Math.abs(this.position(a) - here) - Math.abs(this.position(b) - here));
    for (const name of missing) {
      for (const index of byDistance.slice(0, 500)) {
        const field = this.input.entries[index]!.fields[name];
        if (field) {
          values[name] = field.value;
          break;
        }
      }
    }
  }

  /** The latest time stamp of the document, computed once per analysis. */
  private documentEnd(): number | undefined {
    this.lastTimeCache ??= { value: lastTime(this.input.entries) };
    return this.lastTimeCache.value;
  }

  /** True when the entry was glued on one physical line with another. */
  private sharesLine(entry: LogEntry): boolean {
    const entries = this.input.entries;
    return entries[entry.index - 1]?.endLine === entry.startLine || entries[entry.index + 1]?.startLine === entry.endLine;
  }

  /** Reports flows that never reached a state; returns the entries the findings sit on. */
  private absenceFindings(): number[] {
    const reportedOn: number[] = [];
    const { entries, flows, newestFirst } = this.input;
    const documentEnd = this.documentEnd();
    for (const signature of this.context.knowledge.signatures) {
      const absence = signature.absence;
      if (!absence || this.severityOf(signature.def) === 'off') continue;
      for (const flow of flows.values()) {
        if (!absence.kinds.has(flow.kind)) continue;
        const ordered = chronological(flow, newestFirst).map((i) => entries[i]!);
        const family = this.familyOf(ordered[0]!);
        if (!family || !signature.families.has(family)) continue;
        if (absence.startedBy && !ordered.some((e) => absence.startedBy!.test(e.message))) continue;
        if (ordered.some((e) => absence.missing.test(e.message))) continue;
        const last = ordered[ordered.length - 1]!;
        if (absence.graceMs > 0 && documentEnd !== undefined && last.time !== undefined && documentEnd - last.time < absence.graceMs) continue;
        const values: Record<string, string> = {};
        for (const e of ordered) Object.assign(values, valuesOf(e, undefined));
        values.flow = flow.label;
        const severity = this.severityOf(signature.def) as Severity;
        const first = ordered[0]!;
        reportedOn.push(last.index);
        this.add({
          rule: signature.id,
          severity,
          message: describe(signature, values),
          line: last.startLine,
          startChar: last.startChar,
          endLine: last.startLine,
          endChar: last.endLine === last.startLine ? last.endChar : Number.MAX_SAFE_INTEGER,
          entryIndex: last.index,
          flowId: flow.id,
          values,
          related: first === last ? [] : [{ line: first.startLine, message: `${flow.label} started here` }],
        });
        flow.outcome = { status: 'failed', text: `failed: ${signature.def.title}${values.state ? ` in ${values.state}` : ''}` };
      }
    }
    return reportedOn;
  }

  private levelSummary(entry: LogEntry, values: Record<string, string>): string | undefined {
    return levelSummary(this.context.registry.byId.get(entry.formatId)?.def.levelSummary, values);
  }

  private levelFindings(explained: Set<number>): void {
    for (const entry of this.input.entries) {
      if (entry.level !== 'error' && entry.level !== 'warning') continue;
      if (explained.has(entry.index)) continue;
      const rule = LEVEL_RULE[entry.level];
      const severity = this.context.severity?.[rule] ?? entry.level;
      if (severity === 'off') continue;
      const flow = this.flowsOfEntry.get(entry.index)?.[0];
      const values = valuesOf(entry, undefined);
      if (flow) values.flow = flow.label;
      const levelText = entry.rawLevel === undefined ? entry.level : /^\d+$/.test(entry.rawLevel) ? `${entry.level} (${entry.rawLevel})` : entry.rawLevel;
      this.add({
        rule,
        severity,
        message: `${levelText}: ${truncate(this.levelSummary(entry, values) ?? firstLine(entry.message), 200)}`,
        line: entry.startLine,
        startChar: entry.startChar,
        endLine: entry.startLine,
        endChar: entry.endLine === entry.startLine ? entry.endChar : Number.MAX_SAFE_INTEGER,
        entryIndex: entry.index,
        flowId: flow?.id,
        values,
        related: [],
      });
    }
  }
}

function fieldValue(entry: LogEntry, name: string): string | undefined {
  if (name === 'level') return entry.level;
  if (name === 'component') return entry.component;
  if (name === 'message') return entry.message;
  return entry.fields[name]?.value;
}

export function valuesOf(entry: LogEntry, match: RegExpExecArray | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, field] of Object.entries(entry.fields)) {
    if (name !== 'message') values[name] = field.value;
  }
  for (const [name, value] of Object.entries(match?.groups ?? {})) {
    if (value !== undefined) values[name] = value;
  }
  return values;
}

function withinWindow(a: LogEntry, b: LogEntry, withinMs: number | undefined): boolean {
  if (withinMs === undefined || a.time === undefined || b.time === undefined) return true;
  return Math.abs(a.time - b.time) <= withinMs;
}

function lastTime(entries: LogEntry[]): number | undefined {
  let max: number | undefined;
  for (const e of entries) if (e.time !== undefined && (max === undefined || e.time > max)) max = e.time;
  return max;
}

/** The format's name for an entry in a level finding: its first template whose placeholders all have values. */
export function levelSummary(templates: string[] | undefined, values: Record<string, string>): string | undefined {
  for (const template of templates ?? []) {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    if (names.every((name) => values[name] !== undefined && values[name].trim().length > 0)) return fillText(template, values);
  }
  return undefined;
}

export function describe(signature: CompiledSignature, values: Record<string, string>): string {
  return truncate(`${signature.def.title}: ${fillText(signature.def.summary, values)}`, 400);
}

/** Line and character of an offset inside an entry's message (bodies are joined with '\n'). */
export function positionInMessage(entry: LogEntry, offset: number): { line: number; char: number } {
  const before = entry.message.lastIndexOf('\n', offset - 1);
  if (before < 0) return { line: entry.messageSpan.line, char: entry.messageSpan.start + offset };
  let lines = 0;
  for (let i = entry.message.indexOf('\n'); i >= 0 && i <= before; i = entry.message.indexOf('\n', i + 1)) lines++;
  return { line: entry.messageSpan.line + lines, char: offset - before - 1 };
}

export function matchFindings(input: MatchInput, context: MatchContext): MatchResult {
  const matcher = new Matcher(input, context);
  const findings = matcher.run();
  return { findings, capped: matcher.capped };
}


