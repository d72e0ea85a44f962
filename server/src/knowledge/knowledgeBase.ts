import builtInSignatures from 'logsleuth:signatures';
import type { FamilyId } from '../model/log';
import { compileSafeRegex } from '../util/regexSafety';
import { requiredLiteral } from '../util/requiredLiteral';
import { compileTimeFormats, toEpochMillis } from '../formats/timeParser';
import { placeholderNames } from './fill';
import type { Relation, SignatureDefinition, SignatureFile } from './signatureDefinition';
import { expandSignatureFile } from './signatureTables';

export interface CompiledRelation {
  regex: RegExp;
  scope: 'flow' | 'file';
  withinMs?: number;
  nearest: boolean;
  families?: Set<FamilyId>;
  flowKinds?: Set<string>;
}

export interface CompiledSignature {
  def: SignatureDefinition;
  id: string;
  /** Where the signature came from: `built-in` or the user's rules file. */
  origin: string;
  families: Set<FamilyId>;
  formats?: Set<string>;
  message?: RegExp;
  /** The same expression with the `g` flag, for signatures that report every match in a body. */
  everyMatch?: RegExp;
  /** Text every match of `message` contains: tested with `includes` before the regex runs. */
  literal?: string;
  literalIgnoreCase: boolean;
  fields: Array<[string, RegExp]>;
  followedBy?: CompiledRelation;
  notFollowedBy?: CompiledRelation;
  precededBy?: CompiledRelation;
  notPrecededBy?: CompiledRelation;
  seenInOtherFile?: CompiledRelation;
  minCount?: { count: number; scope: 'flow' | 'file' };
  oncePerFile: boolean;
  /** Epoch milliseconds of a window's bound written as text, undefined when it does not parse. */
  outsideWindow?: { from?: string; to?: string; parse: (text: string) => number | undefined };
  absence?: { kinds: Set<string>; startedBy?: RegExp; missing: RegExp; graceMs: number; pendingWhen?: RegExp };
  /** Every `{name}` of the summary, the fix steps and the tools: the values a finding looks for in its flow. */
  placeholders: string[];
}

export interface KnowledgeBase {
  signatures: CompiledSignature[];
  byId: Map<string, CompiledSignature>;
  /** Per family, the entry-matching signatures. */
  byFamily: Map<FamilyId, CompiledSignature[]>;
  /** Signatures that were rejected, with a reason fit for the user; the others keep working. */
  errors: Array<{ origin: string; id?: string; message: string }>;
}

export interface SignatureSource {
  origin: string;
  data: unknown;
}

function compileRelation(relation: (Relation & { families?: FamilyId[] }) | undefined, where: string): CompiledRelation | undefined {
  if (!relation) return undefined;
  return {
    regex: compileSafeRegex(relation.message, relation.flags ?? '', where),
    scope: relation.scope ?? 'flow',
    withinMs: relation.withinMs,
    nearest: relation.nearest === true,
    families: relation.families ? new Set(relation.families) : undefined,
    flowKinds: relation.flowKinds ? new Set(relation.flowKinds) : undefined,
  };
}

export function compileSignature(def: SignatureDefinition, origin: string): CompiledSignature {
  const where = (what: string) => `signature ${def.id}: ${what}`;
  if (!def.match && !def.absence) throw new Error(`${where('definition')}: needs "match" or "absence"`);
  const conditions = def.conditions ?? {};
  const ignoreCase = (def.match?.flags ?? '').includes('i');
  const literal = def.match?.message ? requiredLiteral(def.match.message) : undefined;
  return {
    literal: literal && ignoreCase ? literal.toLowerCase() : literal,
    literalIgnoreCase: ignoreCase,
    placeholders: placeholderNames([def.summary, ...(Array.isArray(def.fix) ? def.fix : []), ...(def.tools ?? [])].join('\n')),
    def,
    id: def.id,
    origin,
    families: new Set(def.families),
    formats: def.formats && def.formats.length > 0 ? new Set(def.formats) : undefined,
    message: def.match?.message ? compileSafeRegex(def.match.message, def.match.flags ?? '', where('match.message')) : undefined,
    everyMatch: def.match?.message && def.match.eachMatch ? new RegExp(def.match.message, `${def.match.flags ?? ''}g`) : undefined,
    fields: Object.entries(def.match?.fields ?? {}).map(([name, source]) => [name, compileSafeRegex(source, def.match?.flags ?? '', where(`match.fields.${name}`))]),
    followedBy: compileRelation(conditions.followedBy, where('conditions.followedBy')),
    notFollowedBy: compileRelation(conditions.notFollowedBy, where('conditions.notFollowedBy')),
    precededBy: compileRelation(conditions.precededBy, where('conditions.precededBy')),
    notPrecededBy: compileRelation(conditions.notPrecededBy, where('conditions.notPrecededBy')),
    seenInOtherFile: compileRelation(conditions.seenInOtherFile, where('conditions.seenInOtherFile')),
    minCount: conditions.minCount,
    oncePerFile: conditions.oncePerFile === true,
    outsideWindow: conditions.outsideWindow ? compileWindow(conditions.outsideWindow) : undefined,
    absence: def.absence
      ? {
          kinds: new Set(def.absence.flowKinds),
          startedBy: def.absence.startedBy ? compileSafeRegex(def.absence.startedBy, def.absence.flags ?? '', where('absence.startedBy')) : undefined,
          missing: compileSafeRegex(def.absence.missing, def.absence.flags ?? '', where('absence.missing')),
          graceMs: def.absence.graceMs ?? 0,
          pendingWhen: def.absence.pendingWhen ? compileSafeRegex(def.absence.pendingWhen, def.absence.flags ?? '', where('absence.pendingWhen')) : undefined,
        }
      : undefined,
  };
}

function compileWindow(window: { from?: string; to?: string; formats: string[] }): CompiledSignature['outsideWindow'] {
  const parse = compileTimeFormats(window.formats);
  return {
    from: window.from,
    to: window.to,
    parse: (text) => {
      const parts = parse(text);
      return parts ? toEpochMillis(parts, new Date().getUTCFullYear(), 'utc') : undefined;
    },
  };
}

/**
 * Compiles signature files in order; a later signature with the same id replaces an earlier one, so user rules
 * (given after the built-ins) override them. A broken signature is reported and skipped.
 */
export function createKnowledgeBase(sources: SignatureSource[]): KnowledgeBase {
  const byId = new Map<string, CompiledSignature>();
  const errors: KnowledgeBase['errors'] = [];
  for (const source of sources) {
    const file = source.data as SignatureFile;
    if (!file || !Array.isArray(file.signatures)) {
      errors.push({ origin: source.origin, message: 'a rules file must be an object with a "signatures" array' });
      continue;
    }
    for (const def of expandSignatureFile(file)) {
      if (!def || typeof def.id !== 'string' || !Array.isArray(def.families)) {
        errors.push({ origin: source.origin, message: 'a signature needs an "id" and a "families" array' });
        continue;
      }
      try {
        byId.set(def.id, compileSignature(def, source.origin));
      } catch (error) {
        errors.push({ origin: source.origin, id: def.id, message: (error as Error).message });
      }
    }
  }
  const signatures = [...byId.values()];
  const byFamily = new Map<FamilyId, CompiledSignature[]>();
  for (const signature of signatures) {
    if (!signature.message && signature.fields.length === 0) continue;
    for (const family of signature.families) {
      const list = byFamily.get(family) ?? [];
      list.push(signature);
      byFamily.set(family, list);
    }
  }
  return { signatures, byId, byFamily, errors };
}

export function builtInSignatureSources(): SignatureSource[] {
  return builtInSignatures.map((f) => ({ origin: `built-in:${f.file}`, data: f.data }));
}

let builtIn: KnowledgeBase | undefined;

export function builtInKnowledgeBase(): KnowledgeBase {
  builtIn ??= createKnowledgeBase(builtInSignatureSources());
  return builtIn;
}
