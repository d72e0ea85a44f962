type NumberArray = Int32Array | Float64Array | Uint8Array | Int16Array | Int8Array;

/** An append-only typed array that doubles when full: the index keeps numbers, not objects. */
export class Column<T extends NumberArray> {
  length = 0;
  constructor(
    public data: T,
    private readonly allocate: (size: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  private grow(): void {
    const grown = this.allocate(Math.max(16, this.data.length * 2));
    grown.set(this.data);
    this.data = grown;
  }

  /** The filled part, trimmed to its length (a copy only when the buffer is larger). */
  done(): T {
    return (this.data.length === this.length ? this.data : this.data.slice(0, this.length)) as T;
  }
}

export const int32Column = (size = 1024) => new Column(new Int32Array(size), (n) => new Int32Array(n));
export const float64Column = (size = 1024) => new Column(new Float64Array(size), (n) => new Float64Array(n));
export const uint8Column = (size = 1024) => new Column(new Uint8Array(size), (n) => new Uint8Array(n));
export const int16Column = (size = 1024) => new Column(new Int16Array(size), (n) => new Int16Array(n));
export const int8Column = (size = 1024) => new Column(new Int8Array(size), (n) => new Int8Array(n));

/** A set of small integers (entry numbers) as bits. */
export class BitSet {
  private words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array((size >>> 5) + 1);
  }

  add(i: number): void {
    if (i >>> 5 >= this.words.length) {
      const grown = new Uint32Array(Math.max((i >>> 5) + 1, this.words.length * 2));
      grown.set(this.words);
      this.words = grown;
    }
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  has(i: number): boolean {
    return i >>> 5 < this.words.length && (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
}
