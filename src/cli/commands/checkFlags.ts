/**
 * The flags of `check`, in their own module so that `check` and the commands it hands over to
 * (`--coverage-of`: coverage.ts) share them without importing each other.
 */
import type { Shard } from '../../checker/batches.ts';

/** Flags of `check`. @internal */
export interface CheckFlags {
  readonly scenario?: string;
  readonly scenarioFile?: string;
  readonly mutant?: string;
  readonly runs?: number;
  readonly maxSteps?: number;
  readonly seed?: number;
  readonly path?: string;
  readonly timeBudget?: number;
  readonly out: string;
  readonly json?: boolean;
  /** False with --no-timings: the JSON leaves its `timings` out, so a seed prints the same bytes. */
  readonly timings?: boolean;
  readonly explore: 'auto' | 'always' | 'never';
  /** False with --no-require: witnesses and event coverage are reported but not required. */
  readonly require?: boolean;
  /** Worker threads (default: every core). */
  readonly workers?: number;
  /** Run only this shard's batches (`--shard i/N`). */
  readonly shard?: Shard;
  /** Measure the share of this scenario's reachable states the runs reach, instead of checking (coverage.ts). */
  readonly coverageOf?: string;
}
