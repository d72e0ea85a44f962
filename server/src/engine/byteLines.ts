/**
 * Bytes of a log file to lines, with the byte offset where each line starts, in one pass over chunks of any size.
 * Chunks are cut at the last line break before decoding, so a chunk boundary inside a line or inside a
 * multi-byte character never splits a character. UTF-8 and UTF-16 (LE/BE, with or without a byte-order mark) as
 * `sniffEncoding` decides; line breaks are LF, CRLF and lone CR, as the in-memory parser splits them.
 */
import { TextDecoder } from 'node:util';
import { looksBinary, sniffEncoding, type Encoding } from '../service/decode';

export type LinesHandler = (lines: string[], offsets: number[]) => void;

const SNIFF_BYTES = 4096;

export class ByteLineSplitter {
  encoding: Encoding = 'utf-8';
  bomLength = 0;
  binary = false;
  replaced = false;
  /** The last code unit so far was a carriage return (a line feed after it would join its line break). */
  endsWithCarriageReturn = false;
  private decoder: TextDecoder | undefined;
  private pending: Buffer = Buffer.alloc(0);
  /** Absolute byte offset of `pending[0]`. */
  private pendingOffset = 0;
  private unit = 1;

  constructor(private readonly onLines: LinesHandler) {}

  /** Bytes consumed so far (the start of the line still pending). */
  get offset(): number {
    return this.pendingOffset;
  }

  write(chunk: Uint8Array): void {
    const buffer = this.pending.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.pending, chunk]);
    if (!this.decoder) {
      if (buffer.length < SNIFF_BYTES) {
        this.pending = Buffer.from(buffer);
        return;
      }
      this.start(buffer);
      this.process(buffer.subarray(this.bomLength), false);
      return;
    }
    this.process(buffer, false);
  }

  /** The rest, as the last line (empty when the input ended with a line break, as `split` gives). */
  end(): void {
    if (!this.decoder) {
      const buffer = this.pending;
      this.pending = Buffer.alloc(0);
      this.start(buffer);
      this.process(buffer.subarray(this.bomLength), true);
      return;
    }
    const buffer = this.pending;
    this.pending = Buffer.alloc(0);
    this.process(buffer, true);
  }

  private start(head: Buffer): void {
    const { encoding, bomLength } = sniffEncoding(head);
    this.encoding = encoding;
    this.bomLength = bomLength;
    this.unit = encoding === 'utf-8' ? 1 : 2;
    this.binary = looksBinary(head.subarray(bomLength), encoding);
    this.decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    this.pendingOffset = bomLength;
  }

  /** Unit value (code unit) at byte position i. */
  private unitAt(buffer: Buffer, i: number): number {
    if (this.unit === 1) return buffer[i]!;
    return this.encoding === 'utf-16le' ? buffer[i]! | (buffer[i + 1]! << 8) : (buffer[i]! << 8) | buffer[i + 1]!;
  }

  /** Position just after the last complete line break that cannot be the first half of a CRLF. */
  private cutPoint(buffer: Buffer): number {
    const unit = this.unit;
    if (unit === 1) {
      const lf = buffer.lastIndexOf(10);
      const cr = buffer.lastIndexOf(13);
      if (cr > lf && cr < buffer.length - 1) return cr + 1;
      return lf + 1;
    }
    const limit = buffer.length - (buffer.length % 2);
    for (let i = limit - 2; i >= 0; i -= 2) {
      const u = this.unitAt(buffer, i);
      if (u === 10) return i + 2;
      if (u === 13 && i < limit - 2) return i + 2;
    }
    return 0;
  }

  private process(buffer: Buffer, final: boolean): void {
    const cut = final ? buffer.length : this.cutPoint(buffer);
    if (cut === 0 && !final) {
      this.pending = Buffer.from(buffer);
      return;
    }
    const block = buffer.subarray(0, cut);
    if (block.length >= this.unit) this.endsWithCarriageReturn = this.unitAt(block, block.length - this.unit) === 13;
    const text = this.decoder!.decode(block);
    if (!this.replaced && text.includes('\uFFFD')) this.replaced = true;
    const lines = text.split(/\r\n|\r|\n/);
    // A block cut after a line break ends with an empty piece that belongs to the next block.
    if (!final) lines.pop();
    const offsets = this.lineStarts(block, lines.length, final);
    this.pendingOffset += cut;
    this.pending = final ? Buffer.alloc(0) : Buffer.from(buffer.subarray(cut));
    if (lines.length > 0) this.onLines(lines, offsets);
  }

  /** Absolute start offsets of the `count` lines of a block. */
  private lineStarts(block: Buffer, count: number, final: boolean): number[] {
    const base = this.pendingOffset;
    const offsets = new Array<number>(count);
    let n = 0;
    offsets[n++] = base;
    const unit = this.unit;
    if (unit === 1) {
      let loneCr = false;
      for (let cr = block.indexOf(13); cr >= 0; cr = block.indexOf(13, cr + 1)) {
        if (block[cr + 1] !== 10) {
          loneCr = true;
          break;
        }
      }
      if (!loneCr) {
        for (let lf = block.indexOf(10); lf >= 0 && n < count; lf = block.indexOf(10, lf + 1)) offsets[n++] = base + lf + 1;
      } else {
        for (let i = 0; i < block.length && n < count; i++) {
          const b = block[i]!;
          if (b === 10 || (b === 13 && block[i + 1] !== 10)) offsets[n++] = base + i + 1;
        }
      }
    } else {
      for (let i = 0; i + 1 < block.length && n < count; i += 2) {
        const u = this.unitAt(block, i);
        if (u === 10 || (u === 13 && (i + 3 >= block.length || this.unitAt(block, i + 2) !== 10))) offsets[n++] = base + i + 2;
      }
    }
    if (n !== count && !final) throw new Error(`line offsets out of step: ${n} starts for ${count} lines`);
    while (n < count) offsets[n++] = base + block.length;
    return offsets;
  }
}
