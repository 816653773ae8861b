/**
 * Parsing of untrusted command-line values: each error names the flag, what was expected and
 * what was given, and the command exits 2 before touching anything.
 * @internal
 */

/** A command-line value that does not parse. @internal */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A positive integer flag value (`--runs 200`). @internal */
export function positiveInt(flag: string) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw)))
      throw new UsageError(`${flag}: expected a positive integer; got "${raw}"`);
    return Number(raw);
  };
}

/** A non-negative integer flag value (`--seed 0`), up to 2^31 - 1 as fast-check seeds are. @internal */
export function seedValue(raw: string): number {
  if (!/^-?\d+$/.test(raw) || Math.abs(Number(raw)) > 2 ** 31 - 1)
    throw new UsageError(`--seed: expected an integer between -2147483647 and 2147483647; got "${raw}"`);
  return Number(raw);
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration (`90s`, `10m`, `1h`, `500ms`, or a bare number of seconds), in milliseconds.
 * @internal
 */
export function duration(flag: string) {
  return (raw: string): number => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
    if (m === null || Number(m[1]) <= 0)
      throw new UsageError(`${flag}: expected a duration such as 90s, 10m, 1h or 500ms; got "${raw}"`);
    return Math.round(Number(m[1]) * UNITS[m[2] ?? 's']!);
  };
}

/** A fast-check replay path (`3:1:0`). @internal */
export function replayPath(raw: string): string {
  if (!/^\d+(:\d+)*$/.test(raw)) throw new UsageError(`--path: expected a replay path such as 12:0:3; got "${raw}"`);
  return raw;
}

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };

/** A memory size (`512M`, `2G`, `1.5G`, `800K`, or bytes), in bytes; binary units, at least 1 MiB. @internal */
export function byteSize(flag: string) {
  return (raw: string): number => {
    const m = /^(\d+(?:\.\d+)?)\s*([kKmMgG])?(?:i?B)?$/.exec(raw.trim());
    const bytes = m === null ? NaN : Math.round(Number(m[1]) * BYTE_UNITS[(m[2] ?? '').toLowerCase()]!);
    if (!Number.isSafeInteger(bytes) || bytes < 2 ** 20)
      throw new UsageError(`${flag}: expected a size of at least 1M, such as 512M or 2G; got "${raw}"`);
    return bytes;
  };
}

/**
 * A shard `i/N` (`--shard 2/4`): the i-th of N parts, counted from 1 as CI matrices count;
 * returned 0-based.
 * @internal
 */
export function shardValue(raw: string): { readonly index: number; readonly count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const i = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (m === null || !Number.isSafeInteger(n) || n < 1 || i < 1 || i > n)
    throw new UsageError(`--shard: expected i/N with 1 <= i <= N, such as 1/4; got "${raw}"`);
  return { index: i - 1, count: n };
}

/** A non-negative integer flag value (`--max-hidden 0`). @internal */
export function nonNegativeInt(flag: string) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new UsageError(`${flag}: expected a non-negative integer; got "${raw}"`);
    return Number(raw);
  };
}
