import { int32Column } from './columns';

/**
 * Where every line starts in the text: breaks at `\r\n`, `\r` or `\n`, as `splitLines` splits. With `limit`,
 * the starts of the first `limit + 1` lines at most (a long text's head, without reading all of it).
 */
export function lineStarts(text: string, limit = Number.MAX_SAFE_INTEGER): Int32Array {
  const starts = int32Column(Math.min(Math.max(1024, text.length >>> 6), limit + 1));
  starts.push(0);
  let cr = text.indexOf('\r');
  let lf = text.indexOf('\n');
  while ((cr >= 0 || lf >= 0) && starts.length <= limit) {
    let next: number;
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      next = cr + 1;
      if (lf === next) {
        next++;
        lf = text.indexOf('\n', next);
      }
      cr = text.indexOf('\r', next);
    } else {
      next = lf + 1;
      lf = text.indexOf('\n', next);
    }
    starts.push(next);
  }
  return starts.done();
}

/** The lines of a log by number, without their line breaks: a text in memory or a file on disk. */
export interface LineSource {
  readonly count: number;
  line(i: number): string;
}

/** The text of each line by its number, without its line break. */
export class TextLines implements LineSource {
  constructor(
    readonly text: string,
    readonly starts: Int32Array,
  ) {}

  get count(): number {
    return this.starts.length;
  }

  line(i: number): string {
    const start = this.starts[i]!;
    if (i + 1 >= this.starts.length) return this.text.slice(start);
    let end = this.starts[i + 1]!;
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }
}
