/**
 * A static check for regular expressions that can backtrack catastrophically, applied to every built-in and
 * user-supplied pattern when it is loaded. It rejects nested unbounded quantifiers (`(a+)+`, `(\w*x)*`), a
 * quantified group whose alternatives can match the same text (`(a|ab)*`), and more than three unbounded
 * wildcards in one pattern; matching is additionally bounded by input length at the call sites.
 */

export interface RegexCheck {
  ok: boolean;
  reason?: string;
}

interface GroupState {
  hasUnbounded: boolean;
  hasAlternation: boolean;
}

const LARGE_BOUND = 20;

function readQuantifier(source: string, i: number): { length: number; unbounded: boolean } | undefined {
  const ch = source[i];
  if (ch === '*' || ch === '+') return { length: source[i + 1] === '?' ? 2 : 1, unbounded: true };
  if (ch === '?') return { length: source[i + 1] === '?' ? 2 : 1, unbounded: false };
  if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}\??/.exec(source.slice(i));
    if (!m) return undefined;
    const upper = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    return { length: m[0].length, unbounded: upper > LARGE_BOUND };
  }
  return undefined;
}

export function checkRegexSafety(source: string): RegexCheck {
  const stack: GroupState[] = [{ hasUnbounded: false, hasAlternation: false }];
  let wildcards = 0;
  let i = 0;
  let inClass = false;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') {
      i += 2;
      const q = readQuantifier(source, i);
      if (q) {
        if (q.unbounded) stack[stack.length - 1]!.hasUnbounded = true;
        i += q.length;
      }
      continue;
    }
    if (inClass) {
      if (ch === ']') {
        inClass = false;
        i++;
        const q = readQuantifier(source, i);
        if (q) {
          if (q.unbounded) stack[stack.length - 1]!.hasUnbounded = true;
          i += q.length;
        }
        continue;
      }
      i++;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      continue;
    }
    if (ch === '(') {
      stack.push({ hasUnbounded: false, hasAlternation: false });
      i++;
      if (source[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (source[i] === '<' && source[i + 1] !== '=' && source[i + 1] !== '!') {
          const close = source.indexOf('>', i);
          i = close < 0 ? source.length : close + 1;
        } else if (source[i] === '<') i += 2;
        else i++;
      }
      continue;
    }
    if (ch === '|') {
      stack[stack.length - 1]!.hasAlternation = true;
      i++;
      continue;
    }
    if (ch === ')') {
      const group = stack.pop();
      if (!group || stack.length === 0) return { ok: false, reason: 'unbalanced parenthesis' };
      i++;
      const q = readQuantifier(source, i);
      const parent = stack[stack.length - 1]!;
      if (q) {
        if (q.unbounded && group.hasUnbounded) {
          return { ok: false, reason: 'nested repetition: a repeated group contains an unbounded repetition' };
        }
        if (q.unbounded && group.hasAlternation) {
          return { ok: false, reason: 'repeated alternation: use a character class or make the branches exclusive' };
        }
        if (q.unbounded) parent.hasUnbounded = true;
        i += q.length;
      }
      if (group.hasUnbounded) parent.hasUnbounded = true;
      continue;
    }
    i++;
    const q = readQuantifier(source, i);
    if (q) {
      if (q.unbounded) {
        stack[stack.length - 1]!.hasUnbounded = true;
        if (ch === '.') wildcards++;
      }
      i += q.length;
    }
  }
  if (inClass) return { ok: false, reason: 'unterminated character class' };
  if (stack.length !== 1) return { ok: false, reason: 'unbalanced parenthesis' };
  if (wildcards > 3) return { ok: false, reason: 'more than three unbounded wildcards (.* or .+)' };
  return { ok: true };
}

/** Compiles a pattern after the safety check; throws an Error with a message fit for the user. */
export function compileSafeRegex(source: string, flags = '', where = 'pattern'): RegExp {
  const check = checkRegexSafety(source);
  if (!check.ok) throw new Error(`${where}: unsafe regular expression (${check.reason}): ${source}`);
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new Error(`${where}: invalid regular expression: ${(error as Error).message}`);
  }
}
