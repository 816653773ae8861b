/**
 * The seed the checker suites are pinned to in CI, overridable with `VMH_SEED=123 npx vitest run test/checker`.
 */
const fromEnv = process.env['VMH_SEED'];

/** The pinned seed (42), or `VMH_SEED`. */
export const SEED = fromEnv === undefined || fromEnv === '' ? 42 : Number.parseInt(fromEnv, 10);

if (!Number.isInteger(SEED)) throw new Error(`VMH_SEED must be an integer, got ${fromEnv}`);
