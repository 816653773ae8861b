/**
 * 64-bit fingerprints of state encodings, computed as two independent 32-bit
 * lanes so that the hot path never leaves V8's int32 arithmetic.
 *
 * Why two int32 lanes and not a bigint or a string key: measured with
 * `node --expose-gc --import tsx bench/explorer-classic.ts` (Node 20, the
 * 296 448 encodings of TwoPhase with 7 RMs, each inserted then looked up once):
 *
 *   two int32 lanes + typed-array table (chosen)   3.8 M ops/s   31 B/entry
 *   two int32 lanes -> bigint key in a Map         1.8 M ops/s   73 B/entry
 *   two int32 lanes -> string key in a Map         1.1 M ops/s  121 B/entry
 *   64-bit FNV-1a in bigint arithmetic, Map        0.4 M ops/s   73 B/entry
 *   full encoding as the Map key (exact, no hash)  1.0 M ops/s   97 B/entry
 *
 * (Absolute figures halve on a loaded machine; the order and the ratios held
 * in every run, e.g. 0.67 / 0.38 / 0.31 / 0.12 / 0.30 M ops/s at load 7 on 2 cores.)
 *
 * `Math.imul`, shifts and xors on int32 compile to single machine
 * instructions and allocate nothing, whereas every bigint or string built per
 * state is a heap object the collector must trace, and a Map entry costs
 * about 30 bytes before its key. (The chosen row's bytes include the parent
 * link and action position the explorer stores anyway.)
 *
 * The lanes are different functions, not one function with two seeds, so their
 * collisions are as close to independent as cheap mixing allows: lane A is
 * MurmurHash3 (x86, 32-bit) and lane B an xxHash32-style round, both reading
 * two UTF-16 code units per 32-bit block and finished with their own avalanche.
 * Neither is cryptographic; TLC makes the same trade and reports the
 * collision probability, as {@link collisionProbability} does here.
 */

/** Lane A seed: the customary MurmurHash3 test seed; any constant works. */
const SEED_A = 0x9747b28c | 0;
/** Lane B seed, unrelated to lane A's so the lanes start apart. */
const SEED_B = 0x2545f491 | 0;

const M1 = 0xcc9e2d51 | 0;
const M2 = 0x1b873593 | 0;
const P1 = 0x9e3779b1 | 0;
const P2 = 0x85ebca77 | 0;
const P3 = 0xc2b2ae3d | 0;
const P4 = 0x27d4eb2f | 0;
const P5 = 0x165667b1 | 0;

/**
 * Hashes `text` into two 32-bit lanes written to `out[0]` (lane A) and
 * `out[1]` (lane B), as signed int32 values.
 *
 * @remarks
 * Writing into a caller-owned array keeps the explorer's inner loop free of
 * allocation; {@link fingerprint64} is the convenient form.
 *
 * @internal
 */
export function fingerprintLanes(text: string, out: Int32Array): void {
  // The string's code units into a reused buffer, then the one hash of code units: a string and
  // its code units fingerprint alike by construction, bit for bit.
  const len = text.length;
  if (textUnits.length < len) textUnits = new Uint16Array(Math.max(len, textUnits.length * 2));
  for (let i = 0; i < len; i++) textUnits[i] = text.charCodeAt(i);
  fingerprintCodeUnits(textUnits, len, out);
}

/** The code units of the string being fingerprinted (grown as needed, never shrunk). */
let textUnits = new Uint16Array(256);

/** The two lanes' final avalanches (Murmur3 fmix32 for lane A, xxHash32's for lane B), written to `out`. */
function finish(a: number, b: number, len: number, out: Int32Array): void {
  a ^= len;
  a ^= a >>> 16;
  a = Math.imul(a, P2);
  a ^= a >>> 13;
  a = Math.imul(a, P3);
  a ^= a >>> 16;
  b ^= b >>> 15;
  b = Math.imul(b, P2);
  b ^= b >>> 13;
  b = Math.imul(b, P3);
  b ^= b >>> 16;
  out[0] = a;
  out[1] = b;
}

/**
 * The two lanes of the first `length` UTF-16 code units of `units`: what {@link fingerprintLanes}
 * computes for a string, without a string (the explorer hashes an encoder's buffer directly).
 *
 * @internal
 */
export function fingerprintCodeUnits(units: Uint16Array, length: number, out: Int32Array): void {
  let a = SEED_A ^ length;
  let b = (SEED_B + P5 + length) | 0;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const k = (units[i] as number) | ((units[i + 1] as number) << 16);
    // Lane A: MurmurHash3 block.
    let ka = Math.imul(k, M1);
    ka = (ka << 15) | (ka >>> 17);
    ka = Math.imul(ka, M2);
    a ^= ka;
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    // Lane B: xxHash32 small-input round.
    b = (b + Math.imul(k, P3)) | 0;
    b = Math.imul((b << 17) | (b >>> 15), P4);
  }
  if (i < length) {
    const k = units[i] as number;
    let ka = Math.imul(k, M1);
    ka = (ka << 15) | (ka >>> 17);
    a ^= Math.imul(ka, M2);
    b = (b + Math.imul(k, P5)) | 0;
    b = Math.imul((b << 11) | (b >>> 21), P1);
  }
  finish(a, b, length, out);
}

/**
 * Hashes the first `length` int32 words of `words` into two 32-bit lanes written to `out`, with
 * the same two mixing functions as {@link fingerprintLanes} but one 32-bit block per word.
 *
 * @remarks
 * For systems that give a packed encoding (`TransitionSystem.pack`): a handful of words hash
 * several times faster than a string, and no string is built at all.
 *
 * @internal
 */
export function fingerprintWords(words: Int32Array, length: number, out: Int32Array): void {
  let a = SEED_A ^ length;
  let b = (SEED_B + P5 + length) | 0;
  for (let i = 0; i < length; i++) {
    const k = words[i] as number;
    let ka = Math.imul(k, M1);
    ka = (ka << 15) | (ka >>> 17);
    ka = Math.imul(ka, M2);
    a ^= ka;
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    // Lane B: xxHash32 small-input round.
    b = (b + Math.imul(k, P3)) | 0;
    b = Math.imul((b << 17) | (b >>> 15), P4);
  }
  finish(a, b, length, out);
}

/**
 * The encodings a fingerprint can be computed from: the canonical string, or a packed encoding of
 * a fixed number of int32 words (see `TransitionSystem.pack`).
 *
 * @internal
 */
export interface StateEncoding<S> {
  readonly encode: (s: S) => string;
  readonly pack?: { readonly words: number; readonly write: (s: S, out: Int32Array) => void } | undefined;
  readonly codeUnits?: ((s: S) => { readonly units: Uint16Array; readonly length: number }) | undefined;
}

/**
 * A function writing the fingerprint lanes of a state into `out`: the state is
 * mapped to its orbit representative when `canonicalise` is given, then encoded
 * (packed when the system packs, else as a string) and hashed. The search and the trace
 * replay share it, so they cannot disagree on what a state's fingerprint is.
 *
 * @internal
 */
export function stateFingerprinter<S>(
  system: StateEncoding<S>,
  canonicalise: ((s: S) => S) | undefined,
  out: Int32Array,
): (s: S) => void {
  const pack = system.pack;
  if (pack !== undefined) {
    const words = new Int32Array(pack.words);
    const n = pack.words;
    const write = pack.write;
    return canonicalise === undefined
      ? (s) => {
          write(s, words);
          fingerprintWords(words, n, out);
        }
      : (s) => {
          write(canonicalise(s), words);
          fingerprintWords(words, n, out);
        };
  }
  const codeUnits = system.codeUnits;
  if (codeUnits !== undefined)
    return canonicalise === undefined
      ? (s) => {
          const c = codeUnits(s);
          fingerprintCodeUnits(c.units, c.length, out);
        }
      : (s) => {
          const c = codeUnits(canonicalise(s));
          fingerprintCodeUnits(c.units, c.length, out);
        };
  const encode = system.encode;
  return canonicalise === undefined
    ? (s) => fingerprintLanes(encode(s), out)
    : (s) => fingerprintLanes(encode(canonicalise(s)), out);
}

const scratch = new Int32Array(2);

/**
 * The 64-bit fingerprint of `text` as an unsigned bigint: lane A in the high
 * 32 bits, lane B in the low 32 bits.
 *
 * @remarks
 * For tests, tools and reports; the explorer itself uses the lanes directly
 * because building a bigint per state would halve its throughput.
 *
 * @example
 * ```ts
 * fingerprint64('abc') === fingerprint64('abc'); // true
 * ```
 * @public
 */
export function fingerprint64(text: string): bigint {
  fingerprintLanes(text, scratch);
  return (BigInt((scratch[0] as number) >>> 0) << 32n) | BigInt((scratch[1] as number) >>> 0);
}

/**
 * TLC's "optimistic" probability that at least one fingerprint collision
 * happened among `n` distinct states: n(n-1)/2 pairs, each colliding with
 * probability 2^-64.
 *
 * @remarks
 * It assumes a perfectly uniform hash, hence "optimistic"; it is the figure TLC
 * prints, so the two tools can be compared. A collision would make the explorer
 * treat a new state as visited and miss its successors, never report a false
 * violation.
 *
 * @example
 * ```ts
 * collisionProbability(288); // ≈ 2.2e-15
 * ```
 * @public
 */
export function collisionProbability(n: number): number {
  return n < 2 ? 0 : (n * (n - 1)) / 2 / 2 ** 64;
}
