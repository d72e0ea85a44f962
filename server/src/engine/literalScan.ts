/**
 * Aho–Corasick over many literals: one pass over a message finds every literal it contains, so each
 * signature's `includes` test becomes a bit lookup. Literals are ASCII (others are tested with `includes` by
 * the caller); a folded scan lower-cases ASCII letters as it reads and gives up on non-ASCII text, where
 * `toLowerCase` may fold differently (the caller then tests those literals itself). A set of a few literals is
 * looked up one by one instead.
 */
const FEW_LITERALS = 8;

export class LiteralScan {
  private readonly next: Int32Array;
  /** Per state, the literal numbers that end there (including through suffix links). */
  private readonly outputs: number[][];
  private readonly emits: Uint8Array;
  readonly size: number;
  /** Few literals: each is looked up with `includes` (native, faster than walking the automaton in JavaScript). */
  private readonly few: readonly string[] | undefined;

  constructor(literals: readonly string[]) {
    this.size = literals.length;
    this.few = literals.length <= FEW_LITERALS ? literals : undefined;
    const goto: Array<Map<number, number>> = [new Map()];
    const out: number[][] = [[]];
    literals.forEach((literal, k) => {
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const c = literal.charCodeAt(i);
        let to = goto[state]!.get(c);
        if (to === undefined) {
          to = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[state]!.set(c, to);
        }
        state = to;
      }
      out[state]!.push(k);
    });
    const states = goto.length;
    const next = new Int32Array(states * 128);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const to = goto[0]!.get(c);
      next[c] = to ?? 0;
      if (to !== undefined) queue.push(to);
    }
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q]!;
      out[state]!.push(...out[fail[state]!]!);
      for (let c = 0; c < 128; c++) {
        const to = goto[state]!.get(c);
        if (to !== undefined) {
          fail[to] = next[fail[state]! * 128 + c]!;
          next[state * 128 + c] = to;
          queue.push(to);
        } else next[state * 128 + c] = next[fail[state]! * 128 + c]!;
      }
    }
    this.next = next;
    this.outputs = out.map((list) => [...new Set(list)]);
    this.emits = Uint8Array.from(this.outputs, (list) => (list.length > 0 ? 1 : 0));
  }

  /**
   * Marks `found[k]` for every literal k in the text (and lists each newly marked k in `into`). Folded: false when the text is not ASCII (the marks are
   * then incomplete); exact: a non-ASCII character simply belongs to no literal.
   */
  scan(text: string, found: Uint8Array, fold: boolean, into?: number[]): boolean {
    const few = this.few;
    if (few) {
      // Lower-casing keeps every ASCII run as the folded scan reads it, so nothing it would find is missed, on
      // any text: the marks are complete.
      const haystack = fold ? text.toLowerCase() : text;
      for (let k = 0; k < few.length; k++) {
        if (found[k] === 1 || !haystack.includes(few[k]!)) continue;
        found[k] = 1;
        into?.push(k);
      }
      return true;
    }
    const next = this.next;
    const emits = this.emits;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) {
        if (fold) return false;
        state = 0;
        continue;
      }
      if (fold && c >= 65 && c <= 90) c += 32;
      state = next[state * 128 + c]!;
      if (emits[state] === 1) {
        for (const k of this.outputs[state]!) {
          if (found[k] === 1) continue;
          found[k] = 1;
          into?.push(k);
        }
      }
    }
    return true;
  }
}
