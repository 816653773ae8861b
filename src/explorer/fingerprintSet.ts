/**
 * The visited set proper: an open-addressing hash table of 64-bit fingerprints in one typed
 * array, as TLC's fingerprint set, and nothing else. Parent links live apart (parentLinks.ts),
 * so that the set alone answers "seen before?" in at most 16 bytes per state.
 *
 * Layout: slot k holds lane A at `2k` and lane B at `2k + 1` of an Int32Array, so a probe reads
 * one 8-byte entry and the next probe is in the same cache line. (0, 0) marks an empty slot; the
 * one fingerprint equal to it is stored as (0, 1), which merges it with that other fingerprint
 * (a collision of probability 2^-64 per state, within the figure `collisionProbability` reports).
 *
 * Why a capacity that grows by 1.5 at load 3/4, and `%` rather than a mask: with a power of two
 * and doubling the table is between 1/4 and 1/2 full after a growth (16 to 32 B/state at load
 * 1/2, 11 to 21 B at 3/4); growing by half at load 3/4 keeps it between 1/2 and 3/4 full, hence
 * 10.7 to 16 bytes per state, at the price of an integer division per probe (a few ns,
 * bench/explorer-classic.ts) and a few more probes per miss.
 *
 * The backing store may be a SharedArrayBuffer: the parallel explorer's workers read the table
 * while the coordinator alone writes it, between levels (parallel.ts).
 */

/** Smallest capacity, in slots. */
const MIN_CAPACITY = 2048;
/** Grow when more than this share of the slots is used. */
const MAX_LOAD = 0.75;

/**
 * Options of {@link FingerprintSet}.
 * @internal
 */
export interface FingerprintSetOptions {
  /** Keep, per slot, the discovery index of the state (4 more bytes per slot), for {@link FingerprintSet.indexOf}. */
  readonly withIndex?: boolean;
  /** Allocate the tables in SharedArrayBuffers, so that worker threads can read them. */
  readonly shared?: boolean;
}

/**
 * The tables of a {@link FingerprintSet}, as sent to a worker thread (structured clone shares the buffers).
 * @internal
 */
export interface FingerprintTables {
  readonly slots: Int32Array;
  readonly indices: Int32Array | null;
  readonly count: number;
}

/**
 * An insert-only set of 64-bit fingerprints given as two int32 lanes, with the discovery index
 * of each member when asked for.
 *
 * @internal
 */
export class FingerprintSet {
  private slots: Int32Array;
  private indices: Int32Array | null;
  private capacity: number;
  private size = 0;
  private readonly shared: boolean;

  constructor(options: FingerprintSetOptions = {}) {
    this.shared = options.shared === true;
    this.capacity = MIN_CAPACITY;
    this.slots = this.allocate(2 * MIN_CAPACITY);
    this.indices = options.withIndex === true ? this.allocate(MIN_CAPACITY) : null;
  }

  /** A read-only view on tables built elsewhere (a worker's view of the coordinator's set). */
  static view(tables: FingerprintTables): FingerprintSet {
    const set = new FingerprintSet();
    set.slots = tables.slots;
    set.indices = tables.indices;
    set.capacity = tables.slots.length / 2;
    set.size = tables.count;
    return set;
  }

  /** The tables and count, to hand to {@link FingerprintSet.view} in another thread. */
  get tables(): FingerprintTables {
    return { slots: this.slots, indices: this.indices, count: this.size };
  }

  /** Number of fingerprints stored. */
  get count(): number {
    return this.size;
  }

  /** Bytes of the tables (allocated, not merely used). */
  get bytes(): number {
    return this.slots.byteLength + (this.indices === null ? 0 : this.indices.byteLength);
  }

  /** Bytes of the fingerprint table alone, without the index column. */
  get fingerprintBytes(): number {
    return this.slots.byteLength;
  }

  /** Whether the fingerprint (a, b) is in the set. */
  has(a: number, b: number): boolean {
    return this.slotOf(a, b === 0 && a === 0 ? 1 : b) >= 0;
  }

  /**
   * The discovery index of fingerprint (a, b), or -1 when absent.
   * Needs `withIndex`; without it, present fingerprints give -2.
   */
  indexOf(a: number, b: number): number {
    const slot = this.slotOf(a, b === 0 && a === 0 ? 1 : b);
    if (slot < 0) return -1;
    return this.indices === null ? -2 : (this.indices[slot] as number);
  }

  /**
   * Adds (a, b) unless present. Returns -1 when it was added, with discovery index
   * `count - 1`; otherwise the index of the member (-2 without `withIndex`).
   */
  insert(a: number, b: number): number {
    if (a === 0 && b === 0) b = 1;
    const slots = this.slots;
    const capacity = this.capacity;
    let slot = (a >>> 0) % capacity;
    for (;;) {
      const at = 2 * slot;
      const sa = slots[at] as number;
      const sb = slots[at + 1] as number;
      if (sa === 0 && sb === 0) break;
      if (sa === a && sb === b) return this.indices === null ? -2 : (this.indices[slot] as number);
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    slots[2 * slot] = a;
    slots[2 * slot + 1] = b;
    if (this.indices !== null) this.indices[slot] = this.size;
    this.size++;
    if (this.size > capacity * MAX_LOAD) this.grow();
    return -1;
  }

  /** The slot holding (a, b) (already remapped), or -1. */
  private slotOf(a: number, b: number): number {
    const slots = this.slots;
    const capacity = this.capacity;
    let slot = (a >>> 0) % capacity;
    for (;;) {
      const at = 2 * slot;
      const sa = slots[at] as number;
      const sb = slots[at + 1] as number;
      if (sa === a && sb === b) return slot;
      if (sa === 0 && sb === 0) return -1;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
  }

  private allocate(length: number): Int32Array {
    return this.shared ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length);
  }

  /** Rebuilds the table 1.5 times larger (rounded up to even), re-inserting every member. */
  private grow(): void {
    const old = this.slots;
    const oldIndices = this.indices;
    const capacity = Math.ceil((this.capacity * 3) / 4) * 2;
    const slots = this.allocate(2 * capacity);
    const indices = oldIndices === null ? null : this.allocate(capacity);
    for (let k = 0; k < old.length; k += 2) {
      const a = old[k] as number;
      const b = old[k + 1] as number;
      if (a === 0 && b === 0) continue;
      let slot = (a >>> 0) % capacity;
      while ((slots[2 * slot] as number) !== 0 || (slots[2 * slot + 1] as number) !== 0) slot = slot + 1 === capacity ? 0 : slot + 1;
      slots[2 * slot] = a;
      slots[2 * slot + 1] = b;
      if (indices !== null) indices[slot] = (oldIndices as Int32Array)[k / 2] as number;
    }
    this.slots = slots;
    this.indices = indices;
    this.capacity = capacity;
  }
}
