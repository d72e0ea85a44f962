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

  /** Appends numbers, each plus `add` (a part's entry numbers shifted to where the part starts). */
  pushAll(values: ArrayLike<number>, add = 0): void {
    const needed = this.length + values.length;
    if (needed > this.data.length) this.grow(needed);
    const data = this.data;
    if (add === 0 && ArrayBuffer.isView(values)) data.set(values as NumberArray, this.length);
    else for (let i = 0; i < values.length; i++) data[this.length + i] = values[i]! + add;
    this.length = needed;
  }

  private grow(atLeast = 0): void {
    const grown = this.allocate(Math.max(16, this.data.length * 2, atLeast));
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

  /** The members below `limit` in increasing order. */
  members(limit = Infinity): Int32Array {
    const found = int32Column(64);
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const member = (w << 5) + 31 - Math.clz32(word & -word);
        if (member >= limit) return found.done();
        found.push(member);
        word &= word - 1;
      }
    }
    return found.done();
  }
}
