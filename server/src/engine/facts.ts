import type { FormatRegistry, CompiledFormat } from '../formats/registry';
import type { CompiledSignature, KnowledgeBase } from '../knowledge/knowledgeBase';
import type { RuleSeverity } from '../knowledge/findingParts';
import type { FamilyId } from '../model/log';
import { BitSet, int32Column } from './columns';
import { fieldSlots, fillLean, leanTemplate, literalGate, passesGate, type LeanFormat, type LeanTemplate } from './leanFormat';
import { requiredLiterals } from '../util/requiredLiteral';
import { LiteralScan } from './literalScan';
import { LEVEL_CODE, LEVELS, type EntrySink, type FactsPart, type Scanner } from './scan';
import { MessageTests } from './messageTests';

/** Signatures see at most this much of a message (as in the matcher). */
export const MAX_MATCHED_MESSAGE = 16 * 1024;
const MAX_MATCHES_PER_ENTRY = 100;

type OutcomeRule = CompiledFormat['outcomes'][number];

interface FamilySignatures {
  signatures: CompiledSignature[];
  /** Slot of each signature's field conditions, -2 for `level`, -3 `component`, -4 `message`. */
  fieldSlots: number[][];
  /**
   * Per signature, how its literal is tested: 1 its required literal in the exact scan, 2 in the folded scan,
   * 3 one of several literals (of alternatives) in the exact scan, 4 in the folded scan; 0 by `includes` or
   * not at all (no literal: the regex always runs).
   */
  scanKind: Uint8Array;
  literalNumbers: number[][];
  exact: LiteralScan;
  folded: LiteralScan;
  exactFound: Uint8Array;
  foldedFound: Uint8Array;
  /** Per literal number, the signatures it stands for (exact and folded scans). */
  byExact: number[][];
  byFolded: number[][];
  /** Signatures tried on every entry (no literal the scans decide), and those of the folded scan. */
  always: number[];
  foldedKinds: number[];
  /** Scratch: the literals found in the current message and the candidate signatures. */
  exactList: number[];
  foldedList: number[];
  candidate: Uint8Array;
  candidates: number[];
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Built once per signature list (a knowledge base's family), not per analysis: the scans' automata and the
 * literal index cost more than analysing a short document. The scratch parts are reset after every entry.
 */
const familyCache = new WeakMap<CompiledSignature[], FamilySignatures>();

function familySignatures(list: CompiledSignature[]): FamilySignatures {
  let family = familyCache.get(list);
  if (!family) familyCache.set(list, (family = buildFamilySignatures(list)));
  return family;
}

function buildFamilySignatures(list: CompiledSignature[]): FamilySignatures {
  const scanKind = new Uint8Array(list.length);
  const literalNumbers: number[][] = list.map(() => []);
  const exact: string[] = [];
  const folded: string[] = [];
  const number = (into: string[], literal: string) => {
    const at = into.indexOf(literal);
    return at >= 0 ? at : into.push(literal) - 1;
  };
  list.forEach((s, i) => {
    if (s.literal) {
      if (!ASCII.test(s.literal)) return;
      scanKind[i] = s.literalIgnoreCase ? 2 : 1;
      literalNumbers[i]!.push(number(s.literalIgnoreCase ? folded : exact, s.literal));
      return;
    }
    const source = s.def.match?.message;
    if (!source) return;
    const flags = s.def.match?.flags ?? '';
    const ignoreCase = flags.includes('i');
    const literals = requiredLiterals(source);
    if (!literals || !literals.every((l) => ASCII.test(l)) || (ignoreCase && /[uv]/.test(flags))) return;
    scanKind[i] = ignoreCase ? 4 : 3;
    for (const literal of literals) literalNumbers[i]!.push(ignoreCase ? number(folded, literal.toLowerCase()) : number(exact, literal));
  });
  const byExact: number[][] = exact.map(() => []);
  const byFolded: number[][] = folded.map(() => []);
  const always: number[] = [];
  const foldedKinds: number[] = [];
  list.forEach((_, i) => {
    const kind = scanKind[i]!;
    if (kind === 0) always.push(i);
    else if (kind === 2 || kind === 4) foldedKinds.push(i);
    for (const n of literalNumbers[i]!) (kind === 1 || kind === 3 ? byExact : byFolded)[n]!.push(i);
  });
  return {
    byExact,
    byFolded,
    always,
    foldedKinds,
    exactList: [],
    foldedList: [],
    candidate: new Uint8Array(list.length),
    candidates: [],
    signatures: list,
    fieldSlots: list.map((s) => s.fields.map(([name]) => (name === 'level' ? -2 : name === 'component' ? -3 : name === 'message' ? -4 : fieldSlots.slot(name)))),
    scanKind,
    literalNumbers,
    exact: new LiteralScan(exact),
    folded: new LiteralScan(folded),
    exactFound: new Uint8Array(exact.length),
    foldedFound: new Uint8Array(folded.length),
  };
}

/** A message test with the part of the message it sees. */
export interface Predicate {
  regex: RegExp;
  /** True: the first 16 KiB of the message (signature relations); false: the whole message. */
  bounded: boolean;
  hits: BitSet;
}

/**
 * Everything the analysis needs from an entry's text, taken while the scan has it: which outcome rules and
 * exchange rules its message matches, which relation and absence expressions (one sparse set of entries each,
 * behind one literal pre-filter), and which signatures hit it. Nothing per entry is kept beyond these.
 */
export class EntryFacts implements EntrySink {
  readonly outcomeEntry = int32Column(256);
  readonly outcomeRule = int32Column(256);
  readonly outcomeText: string[] = [];
  readonly hitEntry = int32Column(256);
  readonly hitSignature = int32Column(256);
  /** Which match inside the entry, for signatures that report every match of a body. */
  readonly hitOrdinal = int32Column(256);
  readonly signatures: CompiledSignature[];
  readonly predicates: Predicate[] = [];
  private readonly boundedOf = new Map<RegExp, Predicate>();
  private readonly wholeOf = new Map<RegExp, Predicate>();
  readonly exchangeRules: Array<{ format: string; rule: CompiledFormat['exchanges'][number]; start: BitSet; member: BitSet }> = [];
  private readonly signatureNumber = new Map<CompiledSignature, number>();
  private readonly byFamily = new Map<FamilyId, FamilySignatures>();
  private readonly outcomeTemplates = new Map<OutcomeRule, LeanTemplate>();
  private readonly boundedTests: MessageTests;
  private readonly wholeTests: MessageTests;
  private readonly bounded: Predicate[];
  private readonly whole: Predicate[];
  private readonly exchangesOf = new Map<string, number[]>();
  private readonly gates = new Map<RegExp, string[] | null>();
  scan!: Scanner;

  constructor(registry: FormatRegistry, knowledge: KnowledgeBase, readonly severity: Record<string, RuleSeverity> | undefined, candidates: CompiledFormat[]) {
    const families = new Set(candidates.map((f) => f.family));
    const on = (s: CompiledSignature) => (severity?.[s.id] ?? s.def.severity) !== 'off';
    this.signatures = knowledge.signatures;
    this.signatures.forEach((s, i) => this.signatureNumber.set(s, i));
    for (const family of families) {
      const list = knowledge.byFamily.get(family);
      if (!list) continue;
      this.byFamily.set(family, familySignatures(list));
    }
    const relevant = knowledge.signatures.filter((s) => on(s) && [...s.families].some((f) => families.has(f)));
    for (const s of relevant) {
      for (const relation of [s.followedBy, s.notFollowedBy, s.precededBy, s.notPrecededBy]) if (relation) this.predicate(relation.regex, true);
      if (s.absence) {
        if (s.absence.startedBy) this.predicate(s.absence.startedBy, false);
        this.predicate(s.absence.missing, false);
      }
    }
    // A peer document is searched for the evidence other documents' signatures ask for, whatever its family.
    for (const s of knowledge.signatures) if (on(s) && s.seenInOtherFile) this.predicate(s.seenInOtherFile.regex, true);
    this.bounded = this.predicates.filter((p) => p.bounded);
    this.whole = this.predicates.filter((p) => !p.bounded);
    this.boundedTests = new MessageTests(this.bounded.map((p) => p.regex));
    this.wholeTests = new MessageTests(this.whole.map((p) => p.regex));
    for (const format of registry.formats) {
      for (const rule of format.exchanges) {
        const k = this.exchangeRules.length;
        this.exchangeRules.push({ format: format.id, rule, start: new BitSet(1024), member: new BitSet(1024) });
        const list = this.exchangesOf.get(format.id) ?? [];
        list.push(k);
        this.exchangesOf.set(format.id, list);
      }
    }
  }

  private predicate(regex: RegExp, bounded: boolean): void {
    const map = bounded ? this.boundedOf : this.wholeOf;
    if (map.has(regex)) return;
    const predicate = { regex, bounded, hits: new BitSet(1024) };
    this.predicates.push(predicate);
    map.set(regex, predicate);
  }

  /** The entries whose message matches an expression: as a relation (16 KiB of it) or an absence test (all). */
  predicateFor(regex: RegExp, bounded: boolean): Predicate {
    return (bounded ? this.boundedOf : this.wholeOf).get(regex)!;
  }

  signatureIndex(signature: CompiledSignature): number {
    return this.signatureNumber.get(signature)!;
  }

  entry(index: number, lean: LeanFormat, message: string, values: ReadonlyArray<string | undefined>, component: string | undefined): void {
    const scan = this.scan;
    const format = lean.format;
    const keyCount = scan.keyOf.length - scan.keyStart.data[index]!;
    const bodied = message.length > MAX_MATCHED_MESSAGE ? message.slice(0, MAX_MATCHED_MESSAGE) : message;
    if (this.bounded.length > 0) this.boundedTests.matching(bodied, (k) => this.bounded[k]!.hits.add(index));
    if (this.whole.length > 0) this.wholeTests.matching(message, (k) => this.whole[k]!.hits.add(index));
    if (keyCount > 0 && format.outcomes.length > 0) {
      for (let r = 0; r < format.outcomes.length; r++) {
        const rule = format.outcomes[r]!;
        if (!passesGate(this.gateOf(rule.regex), message) || !rule.regex.test(message)) continue;
        let template = this.outcomeTemplates.get(rule);
        if (!template) this.outcomeTemplates.set(rule, (template = leanTemplate(rule.text)));
        this.outcomeEntry.push(index);
        this.outcomeRule.push(r);
        this.outcomeText.push(fillLean(template, values) ?? rule.text);
      }
    }
    const exchanges = this.exchangesOf.get(format.id);
    if (exchanges) {
      for (const k of exchanges) {
        const x = this.exchangeRules[k]!;
        if (passesGate(this.gateOf(x.rule.start), message) && x.rule.start.test(message)) x.start.add(index);
        if (passesGate(this.gateOf(x.rule.member), message) && x.rule.member.test(message)) x.member.add(index);
      }
    }
    const level = scan.level.data[index]!;
    if (level === LEVEL_CODE.debug) return;
    const family = this.byFamily.get(format.family);
    if (!family) return;
    this.signatureHits(index, format, family, bodied, message, values, component, level);
  }

  toPart(): FactsPart {
    return {
      outcomeEntry: this.outcomeEntry.done(),
      outcomeRule: this.outcomeRule.done(),
      outcomeText: this.outcomeText,
      hitEntry: this.hitEntry.done(),
      hitSignature: this.hitSignature.done(),
      hitOrdinal: this.hitOrdinal.done(),
      predicateHits: this.predicates.map((p) => p.hits.members()),
      exchangeStarts: this.exchangeRules.map((x) => x.start.members()),
      exchangeMembers: this.exchangeRules.map((x) => x.member.members()),
    };
  }

  /** A part's facts after this record's (the same knowledge and formats, so predicates and rules line up). */
  absorb(part: FactsPart, entryOffset: number): void {
    this.outcomeEntry.pushAll(part.outcomeEntry, entryOffset);
    this.outcomeRule.pushAll(part.outcomeRule);
    for (const text of part.outcomeText) this.outcomeText.push(text);
    this.hitEntry.pushAll(part.hitEntry, entryOffset);
    this.hitSignature.pushAll(part.hitSignature);
    this.hitOrdinal.pushAll(part.hitOrdinal);
    const addAll = (set: BitSet, entries: Int32Array) => {
      for (let i = 0; i < entries.length; i++) set.add(entries[i]! + entryOffset);
    };
    this.predicates.forEach((p, k) => addAll(p.hits, part.predicateHits[k]!));
    this.exchangeRules.forEach((x, k) => {
      addAll(x.start, part.exchangeStarts[k]!);
      addAll(x.member, part.exchangeMembers[k]!);
    });
  }

  private gateOf(regex: RegExp): string[] | undefined {
    let gate = this.gates.get(regex);
    if (gate === undefined) this.gates.set(regex, (gate = (!regex.global && !regex.sticky && literalGate(regex)) || null));
    return gate ?? undefined;
  }

  private signatureHits(index: number, format: CompiledFormat, family: FamilySignatures, message: string, whole: string, values: ReadonlyArray<string | undefined>, component: string | undefined, level: number): void {
    // Every literal of the family found in one pass (one exact, one case-folded); the signatures of the found
    // literals, and those without a literal the scans decide, are the only candidates, tried in their order.
    const exactList = family.exactList;
    const foldedList = family.foldedList;
    if (family.exact.size > 0) family.exact.scan(message, family.exactFound, false, exactList);
    const foldedComplete = family.folded.size === 0 || family.folded.scan(message, family.foldedFound, true, foldedList);
    const candidate = family.candidate;
    const candidates = family.candidates;
    const mark = (s: number) => {
      if (candidate[s] === 1) return;
      candidate[s] = 1;
      candidates.push(s);
    };
    for (const n of exactList) {
      family.exactFound[n] = 0;
      for (const s of family.byExact[n]!) mark(s);
    }
    for (const n of foldedList) {
      family.foldedFound[n] = 0;
      if (foldedComplete) for (const s of family.byFolded[n]!) mark(s);
    }
    exactList.length = 0;
    foldedList.length = 0;
    for (const s of family.always) mark(s);
    if (!foldedComplete) for (const s of family.foldedKinds) mark(s);
    if (candidates.length === 0) return;
    candidates.sort((a, b) => a - b);
    let lowered: string | undefined;
    const multiLine = this.scan.endLine.data[index]! > this.scan.startLine.data[index]!;
    const list = family.signatures;
    for (let c = 0; c < candidates.length; c++) {
      const s = candidates[c]!;
      candidate[s] = 0;
      const signature = list[s]!;
      const kind = family.scanKind[s]!;
      if ((kind === 0 || !foldedComplete) && kind !== 1 && kind !== 3 && signature.literal) {
        // The matcher's own test, for literals the scans cannot decide (non-ASCII text or literal).
        const haystack = signature.literalIgnoreCase ? (lowered ??= message.toLowerCase()) : message;
        if (!haystack.includes(signature.literal)) continue;
      }
      if (signature.formats && !signature.formats.has(format.id)) continue;
      if (this.severityOff(signature)) continue;
      const slots = family.fieldSlots[s]!;
      let fieldsHold = true;
      for (let f = 0; f < slots.length; f++) {
        const slot = slots[f]!;
        const value = slot === -2 ? LEVELS[level] : slot === -3 ? component : slot === -4 ? whole : values[slot];
        if (!signature.fields[f]![1].test(value ?? '\u0000')) {
          fieldsHold = false;
          break;
        }
      }
      if (!fieldsHold) continue;
      const number = this.signatureNumber.get(signature)!;
      if (signature.everyMatch && multiLine) {
        let count = 0;
        for (const _ of message.matchAll(signature.everyMatch)) {
          this.hit(index, number, count);
          if (++count >= MAX_MATCHES_PER_ENTRY) break;
        }
        continue;
      }
      if (signature.message && !signature.message.test(message)) continue;
      this.hit(index, number, 0);
    }
    candidates.length = 0;
  }

  private severityOff(signature: CompiledSignature): boolean {
    return (this.severity?.[signature.id] ?? signature.def.severity) === 'off';
  }

  private hit(entry: number, signature: number, ordinal: number): void {
    this.hitEntry.push(entry);
    this.hitSignature.push(signature);
    this.hitOrdinal.push(ordinal);
  }
}
