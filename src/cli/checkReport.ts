/**
 * The `random` part of `check --json`, written by `check` and read back by `merge`: one shape,
 * one writer, one schema.
 *
 * @remarks
 * Besides the totals, a report keeps each batch's summary (`random.batches.summaries`): merging
 * shards must drop the batches that ran after the first failure, which totals alone cannot.
 * @internal
 */
import { z } from 'zod';
import type { BatchSummary, Shard } from '../checker/batches.ts';
import type { Coverage } from '../checker/coverage.ts';
import type { CheckResult } from '../checker/result.ts';
import type { WitnessOutcome } from '../checker/witnessTracker.ts';
import type { EventType } from '../model/events.ts';
import { EVENT_TYPES } from '../model/events.ts';
import type { InputError } from '../input/errors.ts';
import { fromZodError } from '../input/errors.ts';
import type { Result } from '../input/result.ts';
import { failure, success } from '../input/result.ts';

/** The figures of the random part, from a check or from a merge. @internal */
export type RandomFigures = Pick<
  CheckResult,
  'status' | 'runs' | 'steps' | 'checkedSteps' | 'distinctStates' | 'invariantChecks' | 'interrupted' | 'witnesses' | 'missing' | 'coverage' | 'generation'
>;

/** A batch summary as a report holds it: `failed` instead of the counterexample (which is the report's own). @internal */
export type BatchJson = Omit<BatchSummary<never>, 'failure'> & { readonly failed: boolean };

/** How the runs were cut, in a report. @internal */
export interface BatchesJson {
  readonly batchRuns: number;
  /** The runs asked for (null: as many as the time budget allowed). */
  readonly runs: number | null;
  readonly shard: Shard | null;
  /** The event types the check required (empty under --no-require): merging recomputes what was missed. */
  readonly requiredEvents: readonly EventType[];
  readonly merged: readonly number[];
  readonly failing: { readonly index: number; readonly seed: number } | null;
  readonly summaries: readonly BatchJson[];
}

/** A batch summary as JSON. @internal */
export function batchJson(s: BatchSummary<unknown>): BatchJson {
  const { failure: f, ...rest } = s;
  return { ...rest, failed: f !== undefined };
}

/**
 * The `random` object of a report. No clock reading: the time taken is in the report's own
 * `timings` field, which `--no-timings` drops, so that a seed prints the same bytes every run.
 * @internal
 */
export function randomJson(r: RandomFigures, batches: BatchesJson | null) {
  return {
    status: r.status,
    runs: r.runs,
    steps: r.steps,
    checkedSteps: r.checkedSteps,
    distinctStates: r.distinctStates,
    invariantChecks: r.invariantChecks,
    interrupted: r.interrupted,
    witnesses: r.witnesses.map((w) => ({ id: w.id, name: w.name, reached: w.reached, firstRun: w.firstRun, runs: w.runs })),
    missing: r.missing,
    coverage: r.coverage,
    generation: r.generation,
    batches,
  };
}

const count = z.int().min(0);
const counts = z.record(z.string(), count);
const coverageSchema = z.object({
  events: counts,
  phases: counts,
  disruptionsByPhase: z.record(z.string(), counts),
  rejections: counts,
  injections: z.object({ planned: count, fired: count }),
});
const witnessSchema = z.object({ id: z.string(), name: z.string(), reached: z.boolean(), firstRun: z.int().min(1).nullable(), runs: count });
const summarySchema = z.object({
  index: count,
  seed: z.int(),
  status: z.enum(['ok', 'violation', 'incomplete']),
  runs: count,
  steps: count,
  checkedSteps: count,
  invariantChecks: count,
  coverage: coverageSchema,
  witnesses: z.array(witnessSchema),
  interrupted: z.boolean(),
  failed: z.boolean(),
});

/** The parts of a `check --json` report that `merge` reads; the rest passes through. @internal */
export const reportSchema = z.object({
  command: z.literal('check', { error: 'expected a report of vm-handover check --json' }),
  status: z.string(),
  scenario: z.string(),
  mutant: z.string().nullable(),
  seed: z.int(),
  random: z.object({
    generation: z.object({ maxSteps: z.int(), weights: z.object({ protocol: z.number(), environment: z.number(), fault: z.number() }), swarm: z.boolean(), rejectedShare: z.number(), strategy: z.string() }),
    batches: z.object(
      {
        batchRuns: z.int().min(1),
        runs: z.int().min(1).nullable(),
        shard: z.object({ index: count, count: z.int().min(1) }).nullable(),
        requiredEvents: z.array(z.enum(EVENT_TYPES as [EventType, ...EventType[]])),
        merged: z.array(count),
        failing: z.object({ index: count, seed: z.int() }).nullable(),
        summaries: z.array(summarySchema),
      },
      { error: 'expected the batches of a check (a report of check --path replays one run and cannot be merged)' },
    ),
  }),
  exhaustive: z.unknown(),
  counterexample: z.unknown(),
  replay: z.string(),
  path: z.string().nullable(),
  // Absent in a report written with --no-timings.
  timings: z.object({ randomMs: z.number().min(0), exhaustiveMs: z.number().min(0).nullable() }).optional(),
});

/** A report as `merge` reads it. @internal */
export type Report = z.infer<typeof reportSchema>;

/** Validates a parsed report file. @internal */
export function parseReport(json: unknown, file: string): Result<Report, InputError[]> {
  const r = reportSchema.safeParse(json, { reportInput: true });
  return r.success ? success(r.data) : failure(fromZodError(file, r.error));
}

/** A report's batch summary as the merge reads it (the failure, if any, is the report's counterexample). @internal */
export function summaryOf(s: Report['random']['batches']['summaries'][number], failure: unknown): BatchSummary<unknown> {
  const { failed, ...rest } = s;
  return {
    ...rest,
    coverage: rest.coverage as unknown as Coverage,
    witnesses: rest.witnesses as WitnessOutcome[],
    ...(failed ? { failure } : {}),
  };
}
