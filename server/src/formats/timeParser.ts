/**
 * strptime-like time stamp formats compiled to anchored regular expressions. Parts a format omits (the year in
 * syslog, the whole date in IPCop's pluto page) are reported missing so the parser can infer them from order.
 */

export interface TimeParts {
  year?: number;
  month?: number; // 1-12
  day?: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** Minutes east of UTC when the text carries an offset. */
  offsetMinutes?: number;
}

export type TimeParser = (text: string) => TimeParts | undefined;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface Directive {
  pattern: string;
  apply?: (parts: Partial<TimeParts> & { pm?: boolean; hour12?: number }, value: string) => void;
}

const DIRECTIVES: Record<string, Directive> = {
  Y: { pattern: '(\\d{4})', apply: (p, v) => (p.year = Number(v)) },
  y: { pattern: '(\\d{2})', apply: (p, v) => (p.year = 2000 + Number(v) - (Number(v) >= 70 ? 100 : 0)) },
  m: { pattern: '(\\d{1,2})', apply: (p, v) => (p.month = Number(v)) },
  d: { pattern: '(\\d{1,2})', apply: (p, v) => (p.day = Number(v)) },
  e: { pattern: ' ?(\\d{1,2})', apply: (p, v) => (p.day = Number(v)) },
  b: { pattern: '([A-Za-z]{3})', apply: (p, v) => (p.month = MONTHS.indexOf(v.toLowerCase()) + 1 || undefined) },
  a: { pattern: '(?:[A-Za-z]{3})' },
  H: { pattern: '(\\d{1,2})', apply: (p, v) => (p.hour = Number(v)) },
  I: { pattern: '(\\d{1,2})', apply: (p, v) => (p.hour12 = Number(v)) },
  p: { pattern: '([AaPp][Mm])', apply: (p, v) => (p.pm = v.toLowerCase() === 'pm') },
  M: { pattern: '(\\d{2})', apply: (p, v) => (p.minute = Number(v)) },
  S: { pattern: '(\\d{2})', apply: (p, v) => (p.second = Number(v)) },
  L: { pattern: '(\\d{3})', apply: (p, v) => (p.millis = Number(v)) },
  f: { pattern: '(\\d{1,9})', apply: (p, v) => (p.millis = Math.floor(Number(v.padEnd(3, '0').slice(0, 3)))) },
  z: {
    pattern: '(Z|[+-]\\d{2}:?\\d{2})',
    apply: (p, v) => {
      if (v === 'Z') p.offsetMinutes = 0;
      else {
        const digits = v.replace(':', '');
        const sign = digits[0] === '-' ? -1 : 1;
        p.offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
      }
    },
  },
};

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, ' {1,2}');
}

export function compileTimeFormat(format: string): TimeParser {
  let source = '^';
  const appliers: Array<Directive['apply']> = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '%' && i + 1 < format.length) {
      const directive = DIRECTIVES[format[++i]];
      if (!directive) throw new Error(`unknown time directive %${format[i]} in "${format}"`);
      source += directive.pattern;
      if (directive.apply) appliers.push(directive.apply);
    } else {
      source += escapeLiteral(ch);
    }
  }
  const regex = new RegExp(source + '$');
  return (text: string) => {
    const m = regex.exec(text.trim());
    if (!m) return undefined;
    const parts: Partial<TimeParts> & { pm?: boolean; hour12?: number } = {};
    for (let g = 0; g < appliers.length; g++) appliers[g]!(parts, m[g + 1]!);
    if (parts.hour12 !== undefined) parts.hour = (parts.hour12 % 12) + (parts.pm ? 12 : 0);
    if (parts.month === undefined && parts.day !== undefined) return undefined;
    return {
      year: parts.year,
      month: parts.month,
      day: parts.day,
      hour: parts.hour ?? 0,
      minute: parts.minute ?? 0,
      second: parts.second ?? 0,
      millis: parts.millis ?? 0,
      offsetMinutes: parts.offsetMinutes,
    };
  };
}

export function compileTimeFormats(formats: string[]): TimeParser {
  const parsers = formats.map(compileTimeFormat);
  return (text: string) => {
    for (const parse of parsers) {
      const parts = parse(text);
      if (parts) return parts;
    }
    return undefined;
  };
}

/** Epoch milliseconds; a missing date counts from 1970-01-01, a missing year from `defaultYear`. */
export function toEpochMillis(parts: TimeParts, defaultYear: number, zone: 'utc' | 'local'): number {
  const year = parts.year ?? (parts.month === undefined ? 1970 : defaultYear);
  const month = (parts.month ?? 1) - 1;
  const day = parts.day ?? 1;
  if (parts.offsetMinutes !== undefined) {
    return Date.UTC(year, month, day, parts.hour, parts.minute, parts.second, parts.millis) - parts.offsetMinutes * 60000;
  }
  if (zone === 'local') return new Date(year, month, day, parts.hour, parts.minute, parts.second, parts.millis).getTime();
  return Date.UTC(year, month, day, parts.hour, parts.minute, parts.second, parts.millis);
}
