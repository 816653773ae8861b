/**
 * A growable column of int32 values stored in fixed-size typed-array chunks.
 *
 * Why chunks and not one array that doubles: doubling a 40 MB array copies it
 * and briefly needs both copies, and V8 caps a single typed array; chunks grow
 * without copying and keep the explorer's memory proportional to the states
 * it has seen. The first chunk starts empty and doubles up to the chunk size,
 * so an unused column costs nothing and a 16-state model does not pay for
 * 65 536 slots.
 */

/** log2 of the chunk length: 65 536 int32 = 256 KiB per chunk. */
const CHUNK_BITS = 16;
const CHUNK_LENGTH = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_LENGTH - 1;
/** Length of the first chunk once something is pushed; it then doubles up to CHUNK_LENGTH. */
const FIRST_CHUNK_LENGTH = 1024;

/**
 * An append-only (plus overwrite) column of int32 values indexed from 0.
 *
 * @internal
 */
export class Int32Column {
  private readonly chunks: Int32Array[] = [new Int32Array(0)];
  private size = 0;

  /** Number of values appended so far. */
  get length(): number {
    return this.size;
  }

  /** Appends `value` and returns its index. */
  push(value: number): number {
    const index = this.size;
    const c = index >>> CHUNK_BITS;
    if (c === this.chunks.length) {
      this.chunks.push(new Int32Array(CHUNK_LENGTH));
    } else if (c === 0) {
      const first = this.chunks[0] as Int32Array;
      if (index === first.length) {
        const grown = new Int32Array(Math.max(FIRST_CHUNK_LENGTH, first.length * 2));
        grown.set(first);
        this.chunks[0] = grown;
      }
    }
    (this.chunks[c] as Int32Array)[index & CHUNK_MASK] = value;
    this.size = index + 1;
    return index;
  }

  /** The value at `index`; `index` must be below {@link Int32Column.length}. */
  get(index: number): number {
    return (this.chunks[index >>> CHUNK_BITS] as Int32Array)[index & CHUNK_MASK] as number;
  }

  /** Bytes held by the typed arrays (allocated, not merely used). */
  get bytes(): number {
    let total = 0;
    for (const chunk of this.chunks) total += chunk.byteLength;
    return total;
  }
}
