import { toEpochMillis, type TimeParts } from '../formats/timeParser';
import { float64Column, type Column } from './columns';
import type { Scanner } from './scan';
import { NO_TIME_OFFSET } from './scan';

export type TimeOrder = 'oldest-first' | 'newest-first' | 'detect' | undefined;

export interface ResolvedTimes {
  /** Each entry's epoch milliseconds (NaN: no usable time). */
  time: Float64Array;
  newestFirst: boolean;
  /** The entries resolved by the previous call kept their times (a growing log's earlier entries). */
  kept: boolean;
}

/**
 * Missing years and dates inferred and newest-first order detected, as the parser does, over the time stamp
 * parts the scan kept in columns. Kept between calls on a scan that grows: the entries added since the last
 * call are resolved alone unless the log turns out newest-first or a year is found to roll over, which change
 * the times of earlier entries too (then every entry is resolved again).
 */
export class TimeResolver {
  private done = 0;
  private voted = 0;
  // The order vote over entries with a time stamp.
  private decreasing = 0;
  private increasing = 0;
  private previous: number | undefined;
  // Resolution in time order (oldest-first only when continued).
  private yearOffset = 0;
  private dayOffset = 0;
  private last: number | undefined;
  /** Times before the year roll-over correction, and after it. */
  private raw: Column<Float64Array> = float64Column();
  private resolved: Column<Float64Array> = float64Column();
  private newestFirst = false;
  private order: TimeOrder;
  private readonly scratch: TimeParts = { hour: 0, minute: 0, second: 0, millis: 0 };

  constructor(
    private readonly scan: Scanner,
    private readonly referenceYear: number,
  ) {}

  resolve(order: TimeOrder): ResolvedTimes {
    const n = this.scan.count;
    this.vote(n);
    const newestFirst = order === 'newest-first' || (order !== 'oldest-first' && this.decreasing > this.increasing);
    let kept = this.done > 0 && order === this.order && !newestFirst && !this.newestFirst;
    const yearOffsetBefore = this.yearOffset;
    if (!kept) this.restart();
    this.order = order;
    this.newestFirst = newestFirst;
    const from = this.done;
    if (newestFirst) this.resolveNewestFirst(n);
    else for (let i = from; i < n; i++) this.resolveNext(i);
    if (kept && this.yearOffset !== yearOffsetBefore) {
      kept = false;
      // Earlier analyses still read the old times: these go into a new column.
      this.resolved = float64Column(Math.max(1024, n));
      this.correctYears(0);
    } else this.correctYears(from);
    this.done = n;
    return { time: this.resolved.data.subarray(0, n), newestFirst, kept };
  }

  private restart(): void {
    this.yearOffset = 0;
    this.dayOffset = 0;
    this.last = undefined;
    this.raw = float64Column(Math.max(1024, this.scan.count));
    this.resolved = float64Column(Math.max(1024, this.scan.count));
    this.done = 0;
  }

  private partsOf(i: number): TimeParts {
    const { year, month, day, clock, offset } = this.scan.parts;
    const scratch = this.scratch;
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
  }

  private zoneOf(i: number) {
    const scan = this.scan;
    return scan.formats[scan.format.data[i]!]!.zone;
  }

  /** Counts the steps back and forth between consecutive time stamps of the entries not voted yet. */
  private vote(n: number): void {
    const has = this.scan.parts.has.data;
    for (let i = this.voted; i < n; i++) {
      if (!has[i]) continue;
      const parts = this.partsOf(i);
      const time = toEpochMillis(parts, this.referenceYear, this.zoneOf(i));
      const previous = this.previous;
      if (previous !== undefined && time !== previous) {
        const halfPeriod = parts.month === undefined ? 12 * 3600_000 : parts.year === undefined ? 180 * 86400_000 : Infinity;
        const step = time - previous;
        if (step < 0) -step > halfPeriod ? this.increasing++ : this.decreasing++;
        else step > halfPeriod ? this.decreasing++ : this.increasing++;
      }
      this.previous = time;
    }
    this.voted = n;
  }

  /** Entry `i` in time order after the ones resolved so far: a clock that goes back starts a new day or year. */
  private resolveNext(i: number): void {
    if (!this.scan.parts.has.data[i]) {
      this.raw.push(NaN);
      return;
    }
    const parts = this.partsOf(i);
    const zone = this.zoneOf(i);
    const referenceYear = this.referenceYear;
    const noDate = parts.month === undefined;
    const noYear = parts.year === undefined && !noDate;
    let time = noYear ? toEpochMillis(parts, referenceYear + this.yearOffset, zone) : toEpochMillis(parts, referenceYear, zone) + this.dayOffset;
    const last = this.last;
    if (last !== undefined) {
      if (noDate && time < last - 12 * 3600_000) {
        this.dayOffset += 86400_000;
        time += 86400_000;
      } else if (noYear && time < last - 180 * 86400_000) {
        this.yearOffset++;
        time = toEpochMillis(parts, referenceYear + this.yearOffset, zone);
      }
    }
    this.raw.push(time);
    this.last = time;
  }

  /** A newest-first log is resolved from its last entry up, into document order. */
  private resolveNewestFirst(n: number): void {
    const times = new Float64Array(n).fill(NaN);
    const raw = this.raw;
    for (let k = 0; k < n; k++) {
      const i = n - 1 - k;
      const before = raw.length;
      this.resolveNext(i);
      times[i] = raw.data[before]!;
      raw.length = before;
    }
    raw.pushAll(times);
  }

  /**
   * Times from entry `from` on, with the years counted back so that the last year is the reference year: a
   * log without years that rolled over into a new one began the year before.
   */
  private correctYears(from: number): void {
    const { year, month } = this.scan.parts;
    const raw = this.raw.data;
    const resolved = this.resolved;
    resolved.length = from;
    for (let i = from; i < this.raw.length; i++) {
      let time = raw[i]!;
      if (this.yearOffset > 0 && !Number.isNaN(time) && year.data[i] === 0 && month.data[i]! >= 0) {
        const d = new Date(time);
        d.setUTCFullYear(d.getUTCFullYear() - this.yearOffset);
        time = d.getTime();
      }
      resolved.push(time);
    }
  }
}
