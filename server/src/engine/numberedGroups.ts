/**
 * A named-group regular expression rewritten with plain numbered groups: V8 then builds no `groups` object per
 * match, and without the `d` flag no index arrays either. `names[g]` is the name of group `g` (1-based), or
 * undefined for an unnamed group. Named back-references become numbered ones.
 */
export interface NumberedRegex {
  regex: RegExp;
  names: Array<string | undefined>;
}

export function toNumberedSource(source: string): { source: string; names: Array<string | undefined> } {
  const names: Array<string | undefined> = [undefined];
  const numberOf = new Map<string, number>();
  let out = '';
  let inClass = false;
  // Group names first, so a back-reference written before its group still resolves.
  for (let i = 0, group = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') {
      if (source[i + 1] !== '?') group++;
      else if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
        group++;
        const end = source.indexOf('>', i);
        numberOf.set(source.slice(i + 3, end), group);
      }
    }
  }
  inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      if (!inClass && source[i + 1] === 'k' && source[i + 2] === '<') {
        const end = source.indexOf('>', i);
        out += `\\${numberOf.get(source.slice(i + 3, end))}`;
        i = end;
        continue;
      }
      out += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') {
      if (source[i + 1] !== '?') {
        names.push(undefined);
      } else if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
        const end = source.indexOf('>', i);
        names.push(source.slice(i + 3, end));
        out += '(';
        i = end;
        continue;
      }
    }
    out += ch;
  }
  return { source: out, names };
}

/** The regex without `d` and with numbered groups; flags other than `d` are kept. */
export function numbered(regex: RegExp): NumberedRegex {
  const { source, names } = toNumberedSource(regex.source);
  return { regex: new RegExp(source, regex.flags.replace('d', '')), names };
}
