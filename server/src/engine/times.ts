import { toEpochMillis, type TimeParts } from '../formats/timeParser';
import type { Scanner } from './scan';
import { NO_TIME_OFFSET } from './scan';

/**
 * Missing years and dates inferred and newest-first order detected, as the parser does, over the time stamp
 * parts the scan kept in columns. Returns each entry's epoch milliseconds (NaN: no usable time).
 */
export function resolveTimes(scan: Scanner, referenceYear: number, order: 'oldest-first' | 'newest-first' | 'detect' | undefined): { time: Float64Array; newestFirst: boolean } {
  const n = scan.count;
  const { has, year, month, day, clock, offset } = scan.parts;
  const zones = scan.formats.map((f) => f.zone);
  const zoneOf = (i: number) => zones[scan.format.data[i]!]!;
  const scratch: TimeParts = { hour: 0, minute: 0, second: 0, millis: 0 };
  const partsOf = (i: number): TimeParts => {
    const y = year.data[i]!;
    const m = month.data[i]!;
    const d = day.data[i]!;
    const c = clock.data[i]!;
    const o = offset.data[i]!;
    scratch.year = y === 0 ? undefined : y;
    scratch.month = m < 0 ? undefined : m;
    scratch.day = d < 0 ? undefined : d;
    scratch.hour = Math.floor(c / 3600_000);
    scratch.minute = Math.floor((c % 3600_000) / 60_000);
    scratch.second = Math.floor((c % 60_000) / 1000);
    scratch.millis = c % 1000;
    scratch.offsetMinutes = o === NO_TIME_OFFSET ? undefined : o;
    return scratch;
  };
  let decreasing = 0;
  let increasing = 0;
  let previous: number | undefined;
  for (let i = 0; i < n; i++) {
    if (!has.data[i]) continue;
    const parts = partsOf(i);
    const time = toEpochMillis(parts, referenceYear, zoneOf(i));
    if (previous !== undefined && time !== previous) {
      const halfPeriod = parts.month === undefined ? 12 * 3600_000 : parts.year === undefined ? 180 * 86400_000 : Infinity;
      const step = time - previous;
      if (step < 0) -step > halfPeriod ? increasing++ : decreasing++;
      else step > halfPeriod ? decreasing++ : increasing++;
    }
    previous = time;
  }
  const newestFirst = order === 'newest-first' || (order !== 'oldest-first' && decreasing > increasing);
  let yearOffset = 0;
  let dayOffset = 0;
  let last: number | undefined;
  const resolved = new Float64Array(n).fill(NaN);
  for (let k = 0; k < n; k++) {
    const i = newestFirst ? n - 1 - k : k;
    if (!has.data[i]) continue;
    const parts = partsOf(i);
    const zone = zoneOf(i);
    const noDate = parts.month === undefined;
    const noYear = parts.year === undefined && !noDate;
    let time = noYear ? toEpochMillis(parts, referenceYear + yearOffset, zone) : toEpochMillis(parts, referenceYear, zone) + dayOffset;
    if (last !== undefined) {
      if (noDate && time < last - 12 * 3600_000) {
        dayOffset += 86400_000;
        time += 86400_000;
      } else if (noYear && time < last - 180 * 86400_000) {
        yearOffset++;
        time = toEpochMillis(parts, referenceYear + yearOffset, zone);
      }
    }
    resolved[i] = time;
    last = time;
  }
  if (yearOffset > 0) {
    for (let i = 0; i < n; i++) {
      const time = resolved[i]!;
      if (Number.isNaN(time) || year.data[i] !== 0 || month.data[i]! < 0) continue;
      const d = new Date(time);
      d.setUTCFullYear(d.getUTCFullYear() - yearOffset);
      resolved[i] = d.getTime();
    }
  }
  return { time: resolved, newestFirst };
}
