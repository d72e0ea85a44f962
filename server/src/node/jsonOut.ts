/**
 * `JSON.stringify(value, null, 2)` written in pieces: the same bytes, without holding the whole text (a report
 * of 300,000 findings is over 100 MB of JSON). Arrays and objects are walked; small leaves are stringified whole
 * and re-indented. Only plain data (no `toJSON`, no cycles), as the CLI's reports are.
 */
export function writeJson(value: unknown, write: (text: string) => void, chunkSize = 1 << 20): void {
  let pending = '';
  const out = (text: string) => {
    pending += text;
    if (pending.length >= chunkSize) {
      write(pending);
      pending = '';
    }
  };
  emit(value, '', out);
  if (pending.length > 0) write(pending);
}

/** Values with at most this many members are stringified in one call. */
const LEAF_MEMBERS = 16;

function emit(value: unknown, indent: string, out: (text: string) => void): void {
  if (value === null || typeof value !== 'object') {
    out(JSON.stringify(value) ?? 'null');
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out('[]');
      return;
    }
    out('[');
    for (let i = 0; i < value.length; i++) {
      out(i === 0 ? `\n${inner}` : `,\n${inner}`);
      const item = value[i];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') out('null');
      else leafOrWalk(item, inner, out);
    }
    out(`\n${indent}]`);
    return;
  }
  let first = true;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    out(first ? `{\n${inner}` : `,\n${inner}`);
    first = false;
    out(`${JSON.stringify(key)}: `);
    leafOrWalk(item, inner, out);
  }
  out(first ? '{}' : `\n${indent}}`);
}

function leafOrWalk(value: unknown, indent: string, out: (text: string) => void): void {
  if (value !== null && typeof value === 'object' && isSmall(value)) {
    // Strings in JSON text carry no raw line break, so every break is one of indentation.
    out(JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`));
    return;
  }
  emit(value, indent, out);
}

function isSmall(value: object): boolean {
  if (Array.isArray(value)) return value.length <= LEAF_MEMBERS && value.every((v) => v === null || typeof v !== 'object');
  let n = 0;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (++n > LEAF_MEMBERS || (v !== null && typeof v === 'object')) return false;
  }
  return true;
}
