import { TextDecoder } from 'node:util';
/**
 * Bytes of a log file to text. Windows tools write UTF-16 with a byte-order mark; some write it without one.
 * Binary files are recognised so they get a clear message instead of a flood of garbage findings.
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodeResult {
  text: string;
  encoding: Encoding;
  /** Set when the bytes are not text at all. */
  binary: boolean;
  /** Invalid byte sequences were replaced by U+FFFD. */
  replaced: boolean;
}

export function sniffEncoding(head: Uint8Array): { encoding: Encoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // Without a mark, ASCII text in UTF-16 has a zero in every other byte.
  const sample = Math.min(head.length, 4096) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = sample / 2;
  if (pairs >= 8 && oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return { encoding: 'utf-16le', bomLength: 0 };
  if (pairs >= 8 && evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

export function looksBinary(head: Uint8Array, encoding: Encoding): boolean {
  if (encoding !== 'utf-8') return false;
  const sample = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < sample; i++) {
    const b = head[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return sample > 0 && control / sample > 0.1;
}

/** A streaming decoder: feed chunks in order (boundaries may split characters), then `end()`. */
export class LogDecoder {
  private decoder: TextDecoder | undefined;
  private head: Uint8Array | undefined;
  encoding: Encoding = 'utf-8';
  binary = false;
  replaced = false;

  write(chunk: Uint8Array): string {
    if (!this.decoder) {
      // Wait for enough bytes to sniff the encoding reliably.
      this.head = this.head ? concat(this.head, chunk) : chunk;
      if (this.head.length < 4096) return '';
      return this.start(this.head);
    }
    return this.decodeChunk(chunk, true);
  }

  end(): string {
    let text = '';
    if (!this.decoder) text = this.start(this.head ?? new Uint8Array(0));
    return text + this.decodeChunk(new Uint8Array(0), false);
  }

  private start(head: Uint8Array): string {
    const { encoding, bomLength } = sniffEncoding(head);
    this.encoding = encoding;
    this.binary = looksBinary(head.subarray(bomLength), encoding);
    this.decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    this.head = undefined;
    return this.decodeChunk(head.subarray(bomLength), true);
  }

  private decodeChunk(chunk: Uint8Array, stream: boolean): string {
    const text = this.decoder!.decode(chunk, { stream });
    if (!this.replaced && text.includes('\uFFFD')) this.replaced = true;
    return text;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function decodeBytes(bytes: Uint8Array): DecodeResult {
  const decoder = new LogDecoder();
  const text = decoder.write(bytes) + decoder.end();
  return { text, encoding: decoder.encoding, binary: decoder.binary, replaced: decoder.replaced };
}
