/**
 * The longest run of literal text every match of a regular expression must contain, used as a cheap
 * `includes` test before running the expression itself (most log lines match none of a family's signatures).
 * Conservative: an expression with a top-level alternation, or without a run of three literal characters,
 * gets no literal and is always run.
 */
export function requiredLiteral(source: string): string | undefined {
  let best = '';
  let run = '';
  const flush = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    let literal: string | undefined;
    let width = 1;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) return undefined;
      width = 2;
      if (/[dDwWsSbBnrtfvpPuxck0-9]/.test(next)) literal = undefined;
      else literal = next;
    } else if (ch === '|') {
      return undefined;
    } else if (ch === '(') {
      // Skip the whole group: its content may be optional or alternative.
      flush();
      let depth = 0;
      for (; i < source.length; i++) {
        if (source[i] === '\\') {
          i++;
          continue;
        }
        if (source[i] === '[') {
          while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
          continue;
        }
        if (source[i] === '(') depth++;
        if (source[i] === ')' && --depth === 0) break;
      }
      i++;
      continue;
    } else if (ch === '[') {
      flush();
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      continue;
    } else if ('.^$)'.includes(ch)) {
      literal = undefined;
    } else if (ch === '{') {
      // A quantifier such as {0,8} is skipped whole; a lone brace is a literal.
      const quantifier = /^\{\d+(?:,\d*)?\}\??/.exec(source.slice(i));
      if (quantifier) {
        flush();
        i += quantifier[0].length;
        continue;
      }
      literal = ch;
    } else if ('*+?'.includes(ch)) {
      literal = undefined;
    } else {
      literal = ch;
    }
    const after = source[i + width];
    if (literal === undefined) {
      flush();
    } else if (after === '?' || after === '*' || (after === '{' && /^\{0[,}]/.test(source.slice(i + width)))) {
      // The character is optional: the run ends before it.
      flush();
    } else if (after === '+' || after === '{') {
      run += literal;
      flush();
    } else {
      run += literal;
    }
    i += width;
  }
  flush();
  return best.length >= 3 ? best : undefined;
}
