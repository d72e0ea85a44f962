/**
 * A log file on disk through the engine, without its text in memory: the bytes are read as a stream, cut into
 * lines (`ByteLineSplitter`: UTF-8 or UTF-16 as sniffed, chunk boundaries anywhere) and fed one by one to the
 * same `LineIndexer` as `indexText`; what stays is the byte offset where each line starts, and entries are
 * annotated on demand from lines read back from the file (`FileLines`). Sequence conditions, counts and
 * absences are decided over the whole file, as for a text.
 *
 * A live tail (`grow`) reads only the appended bytes and continues the same scan when it can: the file ended
 * with a line break, no entry was left open, and the formats are settled (over 20,000 lines). Continued, the
 * analysis is that of the file up to its last line break (a line still being written waits for its break, so
 * the next growth can continue too). Otherwise the whole file is read again.
 */
import { createReadStream, statSync } from 'node:fs';
import type { Encoding } from '../service/decode';
import { LineIndexer, type IndexedLog, type IndexOptions } from './analyze';
import { ByteLineSplitter } from './byteLines';
import { float64Column } from './columns';
import { FileLines, FileWindow } from './fileLines';

/** Bytes per read of the stream (tests put a character across this boundary). */
export const READ_CHUNK = 1 << 20;
/** A file that looks binary stops being read after this much. */
const BINARY_PROBE = 1 << 16;

/** Thrown by `indexFile` and `grow` when their `cancelled` callback says so. */
export class AnalysisCancelled extends Error {
  constructor(path: string) {
    super(`the analysis of ${path} was cancelled`);
  }
}

export interface FileProgress {
  (bytes: number, lines: number): void;
}

/** How `grow` took the appended bytes in. */
export type Growth = 'unchanged' | 'continued' | 'reindexed';

export class FileIndex {
  indexed!: IndexedLog;
  lines!: FileLines;
  /** Bytes read from the file. */
  bytes = 0;
  private readonly indexer: LineIndexer;
  private readonly splitter: ByteLineSplitter;
  private readonly window: FileWindow;
  private readonly starts = float64Column(1 << 16);
  private lastLineEmpty = false;
  /** The lines analysed end with a line break (and the empty line after it): appended lines can follow. */
  private atLineBreak = false;

  private constructor(
    readonly path: string,
    private readonly options: IndexOptions,
  ) {
    this.window = new FileWindow(path);
    this.indexer = new LineIndexer({ fileName: path, ...options });
    this.splitter = new ByteLineSplitter((lines, offsets) => {
      for (let i = 0; i < lines.length; i++) this.pushLine(lines[i]!, offsets[i]!);
    });
  }

  private pushLine(line: string, offset: number): void {
    this.starts.push(offset);
    this.indexer.pushLine(line);
    this.lastLineEmpty = line.length === 0;
  }

  get encoding(): Encoding {
    return this.splitter.encoding;
  }

  get binary(): boolean {
    return this.splitter.binary;
  }

  /** Notices of the analysis and of the decoding. */
  get notices(): string[] {
    const notices = [...this.indexed.notices];
    if (this.splitter.replaced) notices.push(`invalid ${this.encoding} byte sequences were replaced by U+FFFD`);
    return notices;
  }

  /** Reads and analyses a file; `onProgress` hears the bytes and lines read so far. */
  static async read(path: string, options: IndexOptions = {}, onProgress?: FileProgress, cancelled?: () => boolean): Promise<FileIndex> {
    const file = new FileIndex(path, options);
    await file.consume(0, true, onProgress, cancelled);
    return file;
  }

  /**
   * Reads the file from byte `from` to its end. `complete`: the rest after the last line break is the last
   * line (the whole file); else it waits in the splitter and the lines end with an empty one after that break.
   */
  private async consume(from: number, complete: boolean, onProgress?: FileProgress, cancelled?: () => boolean): Promise<void> {
    let bytes = from;
    for await (const chunk of createReadStream(this.path, { highWaterMark: READ_CHUNK, start: from })) {
      if (cancelled?.()) throw new AnalysisCancelled(this.path);
      this.splitter.write(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      onProgress?.(bytes, this.indexer.lineCount);
      if (bytes >= BINARY_PROBE && this.splitter.binary) break;
    }
    this.bytes = bytes;
    let end: number;
    if (complete) {
      this.splitter.end();
      end = bytes;
      this.atLineBreak = this.lastLineEmpty && !this.splitter.endsWithCarriageReturn;
    } else {
      end = this.splitter.offset;
      this.pushLine('', end);
      this.atLineBreak = true;
    }
    this.lines = new FileLines(this.window, this.encoding, this.starts.data, this.starts.length, end);
    this.indexed = this.indexer.index(this.lines);
  }

  /**
   * Takes in what was appended to the file since it was read. A file that shrank, or whose scan cannot go on,
   * is read again from the start: a new `FileIndex` (the caller closes this one once it has let it go).
   */
  async grow(onProgress?: FileProgress): Promise<{ growth: Growth; file: FileIndex }> {
    const size = statSync(this.path).size;
    if (size === this.bytes) return { growth: 'unchanged', file: this };
    if (size < this.bytes || this.binary || !this.atLineBreak || !this.indexer.resumable) {
      return { growth: 'reindexed', file: await FileIndex.read(this.path, this.options, onProgress) };
    }
    // The empty line after the last line break gives its place to the first appended line.
    this.indexer.takeBackLastLine();
    this.starts.length--;
    await this.consume(this.bytes, false, onProgress);
    return { growth: 'continued', file: this };
  }

  /** Closes the file; lines read later open it again. */
  close(): void {
    this.window.close();
  }
}
