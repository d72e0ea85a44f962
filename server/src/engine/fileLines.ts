import { closeSync, openSync, readSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { Encoding } from '../service/decode';
import type { LineSource } from './lines';

/** Bytes read from the file at once: lines asked for in order (findings, views) come from one read. */
const WINDOW_BYTES = 256 * 1024;

/** One open file and the last bytes read from it, shared by the `FileLines` of its successive analyses. */
export class FileWindow {
  private fd: number | undefined;
  private buffer = Buffer.alloc(0);
  private start = 0;

  constructor(readonly path: string) {}

  /** Bytes [from, to) of the file (fewer when the file ends before). */
  bytes(from: number, to: number): Buffer {
    if (from < this.start || to > this.start + this.buffer.length) this.read(from, to);
    const at = from - this.start;
    return this.buffer.subarray(at, Math.min(this.buffer.length, at + (to - from)));
  }

  private read(from: number, to: number): void {
    this.fd ??= openSync(this.path, 'r');
    const length = Math.max(WINDOW_BYTES, to - from);
    if (this.buffer.length !== length) this.buffer = Buffer.alloc(length);
    let filled = 0;
    // A shorter read than asked: the file ended (or was cut) there; what was read is what there is.
    for (let n = 1; filled < length && n > 0; filled += n) n = readSync(this.fd, this.buffer, filled, length - filled, from + filled);
    if (filled < length) this.buffer = this.buffer.subarray(0, filled);
    this.start = from;
  }

  /** Closes the file (a later read opens it again). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.buffer = Buffer.alloc(0);
    this.start = 0;
  }
}

/**
 * The lines of a file on disk by number, read back when asked: only the byte offset where each line starts is
 * kept, never the text. Each line is decoded by itself (a line starts after a line break, so no character is
 * split) and loses its line break, as `TextLines` gives it.
 */
export class FileLines implements LineSource {
  private readonly decoder: TextDecoder;

  constructor(
    readonly file: FileWindow,
    readonly encoding: Encoding,
    /** Byte offset of each line's first byte (the part up to `count` is used). */
    private readonly starts: Float64Array,
    readonly count: number,
    /** Byte offset where the last line ends. */
    readonly end: number,
  ) {
    this.decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  }

  /** Byte offset where line i starts; `count` gives the end of the last line. */
  offset(i: number): number {
    return i < this.count ? this.starts[i]! : this.end;
  }

  line(i: number): string {
    if (i < 0 || i >= this.count) return '';
    let text = this.decoder.decode(this.file.bytes(this.starts[i]!, this.offset(i + 1)));
    if (text.endsWith('\n')) text = text.slice(0, -1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return text;
  }
}
