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

/** The end of the group opening at `i` (the index of its `)`), skipping escapes and classes. */
function groupEnd(source: string, i: number): number {
  let depth = 0;
  for (; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '[') {
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** The top-level alternatives of a source (`a|b(c|d)|e` gives three). */
function alternatives(source: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
    else if (ch === '(') {
      const end = groupEnd(source, i);
      if (end < 0) return [source];
      i = end;
    } else if (ch === '|') {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/**
 * Texts of which every match contains at least one (each of three characters or more): the required literal
 * of each alternative, looking into a group that must match when the sequence around it has none. Undefined
 * when some alternative has no such text.
 */
export function requiredLiterals(source: string, depth = 0): string[] | undefined {
  if (depth > 4) return undefined;
  const parts = alternatives(source);
  if (parts.length > 1) {
    const all: string[] = [];
    for (const part of parts) {
      const found = requiredLiterals(part, depth + 1);
      if (!found) return undefined;
      all.push(...found);
    }
    return [...new Set(all)];
  }
  const literal = requiredLiteral(source);
  if (literal) return [literal];
  // A group every match goes through: not optional, not a look-around.
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      continue;
    }
    if (ch !== '(') continue;
    const end = groupEnd(source, i);
    if (end < 0) return undefined;
    const after = source.slice(end + 1);
    const optional = /^(?:\?|\*|\{0[,}])/.test(after);
    const lookaround = /^\(\?(?:=|!|<=|<!)/.test(source.slice(i));
    if (!optional && !lookaround) {
      const open = source.slice(i).match(/^\((?:\?:|\?<[A-Za-z_]\w*>)?/)![0].length;
      const found = requiredLiterals(source.slice(i + open, end), depth + 1);
      if (found) return found;
    }
    i = end;
  }
  return undefined;
}
