import type { CompiledFormat } from '../formats/registry';
import type { Level } from '../model/log';
import { requiredLiterals } from '../util/requiredLiteral';
import { numbered } from './numberedGroups';

/**
 * A compiled view of a registry format for the scan: every pattern with numbered groups and no `d` flag, each
 * group mapped to a field slot, key templates split into literal text and slots. Built once per format and
 * cached beside the registry's own compiled format (the registry stays the one loader).
 */
export interface LeanPattern {
  regex: RegExp;
  /** Field slot of each group (index = group number), -1 for unnamed groups. */
  slots: Int32Array;
  level?: Level;
  /** Texts of which every match contains one (`requiredLiterals`): a text with none is not tried. */
  gate?: string[];
}

export interface LeanTemplate {
  /** Literal text before each slot, then the text after the last one. */
  texts: string[];
  slots: number[];
}

export interface LeanKey {
  kindId: string;
  value: LeanTemplate;
  parent?: LeanTemplate;
  ignore: Set<string>;
  symmetric: boolean;
}

export interface LeanFormat {
  format: CompiledFormat;
  lines: LeanPattern[];
  multilineEnd?: LeanPattern;
  fieldPatterns: LeanPattern[];
  timeSlot: number;
  levelSlot: number;
  messageSlot: number;
  componentSlot: number;
  keys: LeanKey[];
  /** The parent template of the format's rule for each kind (the last rule of a kind wins, as in `keyByKind`). */
  parentByKind: Map<string, LeanTemplate>;
  /** Level of each raw level text seen, so the map and numeric ranges run once per distinct text. */
  levelCache: Map<string, Level | null>;
}

/** Field names to slots, shared by every format (a file's `#Fields:` adds names as it is read). */
export class FieldSlots {
  private readonly byName = new Map<string, number>();
  readonly names: string[] = [];

  slot(name: string): number {
    let slot = this.byName.get(name);
    if (slot === undefined) {
      slot = this.names.length;
      this.byName.set(name, slot);
      this.names.push(name);
    }
    return slot;
  }

  lookup(name: string): number | undefined {
    return this.byName.get(name);
  }
}

export const fieldSlots = new FieldSlots();

export function leanPattern(regex: RegExp, level?: Level): LeanPattern {
  const { regex: plain, names } = numbered(regex);
  return { regex: plain, slots: Int32Array.from(names, (name) => (name === undefined ? -1 : fieldSlots.slot(name))), level, gate: literalGate(regex) };
}

/** At most this many texts in a gate: more `includes` than that cost about what the pattern costs. */
const MAX_GATE_TEXTS = 6;

/**
 * The texts one of which every match of a case-sensitive pattern contains, for an `includes` test before it
 * runs; undefined when there are none (or the pattern ignores case).
 */
export function literalGate(regex: RegExp): string[] | undefined {
  if (regex.flags.includes('i')) return undefined;
  const texts = requiredLiterals(regex.source);
  return texts && texts.length <= MAX_GATE_TEXTS ? texts : undefined;
}

/** False when the text holds none of the gate's texts (the pattern cannot match); true without a gate. */
export function passesGate(gate: string[] | undefined, text: string): boolean {
  if (gate === undefined) return true;
  for (let k = 0; k < gate.length; k++) if (text.includes(gate[k]!)) return true;
  return false;
}

export function leanTemplate(template: string): LeanTemplate {
  const texts: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    texts.push(template.slice(last, m.index));
    slots.push(fieldSlots.slot(m[1]!));
    last = m.index! + m[0].length;
  }
  texts.push(template.slice(last));
  return { texts, slots };
}

/** The template filled from slot values; undefined when a value is missing (as `fillTemplate`). */
export function fillLean(template: LeanTemplate, values: ReadonlyArray<string | undefined>): string | undefined {
  let out = template.texts[0]!;
  for (let i = 0; i < template.slots.length; i++) {
    const value = values[template.slots[i]!];
    if (value === undefined) return undefined;
    out += value + template.texts[i + 1]!;
  }
  return out;
}

const cache = new WeakMap<CompiledFormat, LeanFormat>();

export function leanFormat(format: CompiledFormat): LeanFormat {
  let lean = cache.get(format);
  if (lean) return lean;
  lean = {
    format,
    lines: format.lines.map((l) => leanPattern(l.regex, l.level)),
    multilineEnd: format.multilineEnd ? leanPattern(format.multilineEnd) : undefined,
    fieldPatterns: format.fieldPatterns.map((r) => leanPattern(r)),
    timeSlot: fieldSlots.slot(format.timeField),
    levelSlot: fieldSlots.slot(format.levelField),
    messageSlot: fieldSlots.slot(format.messageField),
    componentSlot: fieldSlots.slot(format.def.componentField ?? 'component'),
    keys: format.keys.map((k) => ({
      kindId: k.kind,
      value: leanTemplate(k.value),
      parent: k.parent ? leanTemplate(k.parent) : undefined,
      ignore: k.ignoreSet,
      symmetric: k.symmetric === true,
    })),
    parentByKind: new Map(),
    levelCache: new Map(),
  };
  for (const [kind, rule] of format.keyByKind) {
    if (rule.parent) lean.parentByKind.set(kind, leanTemplate(rule.parent));
  }
  cache.set(format, lean);
  return lean;
}
