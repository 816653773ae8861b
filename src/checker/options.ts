/**
 * The checker's options, their defaults, and the resolved configuration a run reads.
 *
 * @remarks
 * Every option has a default that suits the named scenarios; a user's own scenario or own
 * `step` works with the same defaults. Options that change how runs are generated (weights,
 * swarm, rejected share, max steps, strategy) are part of the replay: a seed and a path replay
 * the same run only under the same generation options, so the replay line names any that differ
 * from the defaults.
 */
import type { EventType, HandoverEvent } from '../model/events.ts';
import { EVENT_TYPES } from '../model/events.ts';
import { candidateEvents } from '../model/enabled.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ServerState } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import { step as referenceStep } from '../model/step.ts';
import type { Mutant } from '../mutants/catalog.ts';
import { mutantStep } from '../mutants/catalog.ts';
import type { Invariant } from '../../properties/invariants.ts';
import { invariants as allInvariants } from '../../properties/invariants.ts';
import type { Witness } from '../../properties/witnesses.ts';
import { witnesses as allWitnesses } from '../../properties/witnesses.ts';
import type { ActionProperty, Monitor } from './properties.ts';
import { oracleMonitor } from './properties.ts';

/**
 * Relative weights of the three kinds of event when a run picks its next event at random.
 *
 * @remarks
 * Protocol events carry a run forward; environment and fault events are mostly placed by the
 * run's injection points (see `run.ts`), so their background weights are small: a fault budget
 * spent in the first phases never reaches the late ones.
 * @public
 */
export interface Weights {
  readonly protocol: number;
  readonly environment: number;
  readonly fault: number;
}

/**
 * How runs choose events.
 *
 * @remarks
 * `biased` (the default): swarm mix, injection points along the protocol, protocol bias.
 * `weighted`: the same weighted choice of the kind of event at each step, but no injection
 * points: every environment event and fault comes from the background weights.
 * `uniform`: a plain random walk, each step a uniform choice among all enabled events.
 * The last two are the baselines the benchmark compares with.
 * @public
 */
export type Strategy = 'biased' | 'weighted' | 'uniform';

/** Progress of a check, passed to `onProgress` after each run. @public */
export interface CheckProgress {
  readonly runs: number;
  readonly steps: number;
  readonly elapsedMs: number;
}

/** Options of `check`. Only `scenario` is required. @public */
export interface CheckOptions {
  /** The constants of the model instance to check. */
  readonly scenario: Scenario;
  /** The reducer to check; default the reference `step`. Exclusive with `mutant`. */
  readonly step?: Step;
  /** A seeded bug to check instead of the reference (the reducer `mutantStep(mutant)`); named in the replay line. */
  readonly mutant?: Mutant;
  /** Number of runs (default 100); with `timeBudgetMs` and no `runs`, as many as fit. */
  readonly runs?: number;
  /** Most events in one run (default 200). */
  readonly maxSteps?: number;
  /** fast-check seed; default a fresh one, reported in the result. */
  readonly seed?: number;
  /** A fast-check replay path (from a report): replays that one run, no generation, no fast-check shrinking. */
  readonly path?: string;
  /** Most runs fast-check may try while shrinking (default 50); delta debugging and re-search then finish. */
  readonly shrinkLimit?: number;
  /** Fresh runs, each capped shorter than the best trace, spent looking for a shorter one after delta debugging (default 300). */
  readonly researchRuns?: number;
  /** Stop generating (and shrinking) after this many milliseconds. */
  readonly timeBudgetMs?: number;
  /** Background weights of protocol, environment and fault events (default 0.95 / 0.04 / 0.01). */
  readonly weights?: Partial<Weights>;
  /** Vary the mix of environment and fault event types per run (default true). */
  readonly swarm?: boolean;
  /** Share of steps that take an event that is NOT enabled (default 0.03); each must leave the state untouched. */
  readonly rejectedShare?: number;
  /** How runs choose events (default `biased`). */
  readonly strategy?: Strategy;
  /** Invariants checked after every step (default all of `properties/invariants.ts`). */
  readonly invariants?: readonly Invariant[];
  /** Properties of each step, checked after every accepted step (e.g. a refinement mapping). */
  readonly actionProperties?: readonly ActionProperty[];
  /** Stateful monitors run along each run (default the independent oracle, `ORACLE`); `[]` for none. */
  readonly monitors?: readonly Monitor[];
  /** Witnesses tracked and required (default all of `properties/witnesses.ts`); `[]` requires none. */
  readonly witnesses?: readonly Witness[];
  /** Event types that must be taken at least once (default every event type); `[]` requires none. */
  readonly requiredEvents?: readonly EventType[];
  /**
   * Every event that can be formed in a state (default the model's `candidateEvents`). A list may be
   * returned for many states (the checker remembers per list what it derived from it), so do not
   * change a list once returned.
   */
  readonly candidates?: (s: ServerState) => readonly HandoverEvent[];
  /**
   * Deadlock and termination on every run (default true): no state a run reaches may be a
   * deadlock (`DEADLOCK`), and after its budget each run is driven to quiescence with faults and
   * environment off and must end the handover within `quiescenceBound` steps (`TERMINATION`).
   * See liveness.ts.
   */
  readonly liveness?: boolean;
  /** Most steps of the quiescence drive (default {@link defaultQuiescenceBound} of the scenario). */
  readonly quiescenceBound?: number;
  /** Called after each generated run, for a progress bar. */
  readonly onProgress?: (progress: CheckProgress) => void;
  /**
   * Asked before every run (and every shrinking candidate): true stops the check as the time
   * budget does, with `interrupted` set. The CLI answers it from SIGINT and SIGTERM.
   */
  readonly shouldStop?: () => boolean;
}

/** The default background weights. @public */
export const DEFAULT_WEIGHTS: Weights = { protocol: 0.95, environment: 0.04, fault: 0.01 };
/** Default number of runs. @public */
export const DEFAULT_RUNS = 100;
/** Default longest run. @public */
export const DEFAULT_MAX_STEPS = 200;
/** Default limit on fast-check's shrinking, in candidate runs. @public */
export const DEFAULT_SHRINK_LIMIT = 50;
/** Default budget of the focused re-search, in runs. @public */
export const DEFAULT_RESEARCH_RUNS = 300;
/** Default share of rejected events taken. @public */
export const DEFAULT_REJECTED_SHARE = 0.03;

/**
 * The default bound of the quiescence drive: the longest protocol path from the request to
 * the end of a handover, with room for a rollback after an abort in the last phase and a
 * roll forward after a crash past the commit.
 *
 * @remarks
 * Used by the drive in liveness.ts. Measured (bench/tools/quiescence.ts, docs/checked.md): from every reachable state of `tiny`
 * the drive ends within 17 steps, and over 20,000 runs of `default` within 24; each unit adds
 * at most four steps (copy, release, acquire, reclaim), each hypervisor two (restart,
 * configure). 6 per unit, 4 per hypervisor and 12 more leave a margin of about half.
 * @public
 */
export function defaultQuiescenceBound(sc: Scenario): number {
  return 6 * sc.units.length + 4 * sc.hypervisors.length + 12;
}

/** The options with every default filled in. @internal */
export interface Config {
  readonly scenario: Scenario;
  readonly step: Step;
  readonly mutant: Mutant | null;
  readonly runs: number;
  readonly runsGiven: boolean;
  readonly maxSteps: number;
  readonly seed: number;
  readonly path: string | null;
  readonly timeBudgetMs: number | null;
  readonly shrinkLimit: number;
  readonly researchRuns: number;
  readonly weights: Weights;
  readonly swarm: boolean;
  readonly rejectedShare: number;
  readonly strategy: Strategy;
  readonly invariants: readonly Invariant[];
  readonly actionProperties: readonly ActionProperty[];
  readonly monitors: readonly Monitor[];
  readonly witnesses: readonly Witness[];
  readonly requiredEvents: readonly EventType[];
  readonly candidates: (s: ServerState) => readonly HandoverEvent[];
  readonly liveness: boolean;
  readonly quiescenceBound: number;
  readonly onProgress: ((progress: CheckProgress) => void) | null;
}

/** A fresh non-negative 31-bit seed, for checks that were given none (non-negative: it reads well on a command line). @internal */
export function freshSeed(): number {
  return (Date.now() ^ Math.floor(Math.random() * 0x8000_0000)) & 0x7fff_ffff;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  return value;
}

/**
 * Fills in the defaults and validates the options (a bad option is a programmer error: it throws).
 * @internal
 */
export function resolveOptions(o: CheckOptions): Config {
  if (o.step !== undefined && o.mutant !== undefined) throw new TypeError('give either step or mutant, not both');
  const weights: Weights = { ...DEFAULT_WEIGHTS, ...o.weights };
  for (const k of ['protocol', 'environment', 'fault'] as const) nonNegative(`weights.${k}`, weights[k]);
  if (weights.protocol + weights.environment + weights.fault === 0) throw new RangeError('the weights must not all be 0');
  const rejectedShare = nonNegative('rejectedShare', o.rejectedShare ?? DEFAULT_REJECTED_SHARE);
  if (rejectedShare >= 1) throw new RangeError(`rejectedShare must be below 1, got ${rejectedShare}`);
  const maxSteps = o.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new RangeError(`maxSteps must be a positive integer, got ${maxSteps}`);
  const runs = o.runs ?? (o.timeBudgetMs === undefined ? DEFAULT_RUNS : Number.MAX_SAFE_INTEGER);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  const quiescenceBound = o.quiescenceBound ?? defaultQuiescenceBound(o.scenario);
  if (!Number.isInteger(quiescenceBound) || quiescenceBound < 1)
    throw new RangeError(`quiescenceBound must be a positive integer, got ${quiescenceBound}`);
  return {
    scenario: o.scenario,
    step: o.step ?? (o.mutant === undefined ? referenceStep : mutantStep(o.mutant)),
    mutant: o.mutant ?? null,
    runs,
    runsGiven: o.runs !== undefined,
    maxSteps,
    seed: o.seed ?? freshSeed(),
    path: o.path ?? null,
    timeBudgetMs: o.timeBudgetMs === undefined ? null : nonNegative('timeBudgetMs', o.timeBudgetMs),
    shrinkLimit: nonNegative('shrinkLimit', o.shrinkLimit ?? DEFAULT_SHRINK_LIMIT),
    researchRuns: nonNegative('researchRuns', o.researchRuns ?? DEFAULT_RESEARCH_RUNS),
    weights,
    swarm: o.swarm ?? true,
    rejectedShare,
    strategy: o.strategy ?? 'biased',
    invariants: o.invariants ?? allInvariants,
    actionProperties: o.actionProperties ?? [],
    monitors: o.monitors ?? [oracleMonitor],
    witnesses: o.witnesses ?? allWitnesses,
    requiredEvents: o.requiredEvents ?? EVENT_TYPES,
    candidates: o.candidates ?? candidateEvents,
    liveness: o.liveness ?? true,
    quiescenceBound,
    onProgress: o.onProgress ?? null,
  };
}
