import { requiredLiteral } from '../util/requiredLiteral';

const NON_ASCII = /[^\x00-\x7f]/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Many regular expressions over one message, behind one pre-filter: each expression's required literal goes
 * into one alternation, so a message that contains none of them costs one scan instead of one per expression.
 * The answer is exact: an expression is skipped only when its literal is absent from the message.
 */
export class LiteralGate {
  private readonly caseSensitive?: RegExp;
  private readonly ignoreCase?: RegExp;

  constructor(literals: ReadonlyArray<{ literal?: string; ignoreCase: boolean }>) {
    const exact = literals.filter((l) => l.literal && !l.ignoreCase).map((l) => escape(l.literal!));
    const folded = literals.filter((l) => l.literal && l.ignoreCase).map((l) => escape(l.literal!));
    if (exact.length > 0) this.caseSensitive = new RegExp([...new Set(exact)].join('|'));
    if (folded.length > 0) this.ignoreCase = new RegExp([...new Set(folded)].join('|'), 'i');
  }

  /** False only when no literal of either kind can be in the message. */
  mayContain(message: string): boolean {
    if (this.caseSensitive?.test(message)) return true;
    // `toLowerCase` and the `i` flag fold a few non-ASCII letters differently: such messages are not skipped.
    if (this.ignoreCase && (this.ignoreCase.test(message) || NON_ASCII.test(message))) return true;
    return false;
  }
}

/** A literal `includes` can test exactly: ASCII (or case-sensitive) text of three characters or more. */
export function gateLiteral(source: string, flags: string): { literal?: string; ignoreCase: boolean } {
  const ignoreCase = flags.includes('i');
  const literal = requiredLiteral(source);
  // Unicode case folding (`u`, `v`) matches letters `toLowerCase` keeps apart (ſ and s): no literal then.
  if (!literal || (ignoreCase && (NON_ASCII.test(literal) || /[uv]/.test(flags)))) return { ignoreCase };
  return { literal: ignoreCase ? literal.toLowerCase() : literal, ignoreCase };
}

/** Several regular expressions run over each message; `matching` reports which match, in order. */
export class MessageTests {
  private readonly literals: Array<{ literal?: string; ignoreCase: boolean }>;
  private readonly gate: LiteralGate;

  constructor(private readonly regexes: readonly RegExp[]) {
    this.literals = regexes.map((r) => gateLiteral(r.source, r.flags));
    this.gate = new LiteralGate(this.literals);
  }

  get size(): number {
    return this.regexes.length;
  }

  matching(message: string, onMatch: (k: number) => void): void {
    const open = this.gate.mayContain(message);
    let lowered: string | undefined;
    for (let k = 0; k < this.regexes.length; k++) {
      const { literal, ignoreCase } = this.literals[k]!;
      if (literal) {
        if (!open) continue;
        const haystack = ignoreCase ? (lowered ??= message.toLowerCase()) : message;
        if (!haystack.includes(literal)) continue;
      }
      const regex = this.regexes[k]!;
      regex.lastIndex = 0;
      if (regex.test(message)) onMatch(k);
    }
  }
}
