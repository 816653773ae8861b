/**
 * The driver: interprets a generated {@link Run} against a reducer, step by step, checking
 * everything after every step.
 *
 * @remarks
 * Each step, in order:
 *
 * 1. The candidate events are stepped as the choice needs them (`LazyExpansion` in
 *    `transitions.ts`): the protocol ones, the others until one is found enabled, all of them
 *    when a rejected event is drawn; enabled ones are kept with their successor, and every
 *    rejected one stepped must have returned the very same state object.
 * 2. If an injection point of the run is due (this attempt, this phase, its delay reached), an
 *    enabled event of its kind fires (chosen by its `pick` among the types the swarm switched
 *    on). Injections do not consume a choice.
 * 3. Otherwise the next choice picks: with probability `rejectedShare` a rejected event (it
 *    must leave the state untouched), else protocol, environment or fault by the weights,
 *    then an event of that kind. If the pick is a protocol event that would leave the phase
 *    while an injection point of this phase has not fired yet, the injection fires first:
 *    that is what carries faults into short phases such as `committed`.
 * 4. The event's successor is checked: invariants, action properties, monitors (the oracle).
 *
 * Before each step, the state must not be a deadlock (liveness.ts). A run ends at its first
 * violation, when its choices run out, at `maxSteps`, or when nothing the run may take is
 * enabled; then, unless it failed, it is driven to quiescence (liveness.ts) and must end the
 * handover within the bound. The `weighted` strategy has no injection points (step 2 and
 * the early firing of 3 never happen); the `uniform` strategy skips 2 and 3 and takes a
 * uniform choice among all enabled events. Both are baselines.
 */
import type { EventKind, HandoverEvent } from '../model/events.ts';
import { EVENT_KINDS, EVENT_TYPES } from '../model/events.ts';
import type { ServerState } from '../model/state.ts';
import { isActive } from '../model/state.ts';
import type { Violation } from '../../properties/invariants.ts';
import type { StepPipeline } from '../model/fastPath.ts';
import { stepPipeline } from '../model/fastPath.ts';
import type { Config } from './options.ts';
import type { Checked, Properties } from './properties.ts';
import { checkInitial, checkStep } from './properties.ts';
import type { InjectionPoint, Run } from './run.ts';
import { INJECTION_PHASES, PICK_SCALE, ROLL_SCALE } from './run.ts';
import type { Accepted, Expansion, Outcome } from './transitions.ts';
import { LazyExpansion, TYPE_INDEX } from './transitions.ts';
import type { DistinctStates } from './distinct.ts';
import type { CoverageCounter } from './coverage.ts';
import type { WitnessTracker } from './witnessTracker.ts';
import { deadlockedIn, deadlockViolation, quiesce } from './liveness.ts';

/** What a run did. @internal */
export interface RunOutcome {
  /** Every event taken, accepted or rejected, in order; ends with the violating one, if any. */
  readonly events: readonly HandoverEvent[];
  readonly violation: Violation | null;
  readonly steps: number;
  /** Accepted events whose state passed every invariant, action property and monitor. */
  readonly checkedSteps: number;
  readonly invariantChecks: number;
  /** How many of the last `events` the quiescence drive took (0 when it did not run or took none). */
  readonly driven: number;
}

/** Where a generated run's statistics go (absent while shrinking). @internal */
export interface Observers {
  readonly coverage: CoverageCounter;
  readonly witnesses: WitnessTracker;
  readonly distinct: DistinctStates;
}

/** The parts of the configuration the driver reads, prepared once per check. @internal */
export interface DriverContext {
  readonly config: Config;
  readonly properties: Properties;
  readonly initial: ServerState;
  /** The initial state's check, the same for every run. */
  readonly initialChecked: Checked;
  /** What candidates are stepped with: the model's fast path for the reference reducer, else the configured step. */
  readonly pipeline: StepPipeline;
}

/** Prepares the driver's context. @internal */
export function driverContext(config: Config, initial: ServerState): DriverContext {
  const properties: Properties = { invariants: config.invariants, actionProperties: config.actionProperties, monitors: config.monitors };
  return {
    config,
    properties,
    initial,
    initialChecked: checkInitial(properties, initial),
    pipeline: stepPipeline(config.step, config.candidates),
  };
}

const kindOf = (e: HandoverEvent): EventKind => EVENT_KINDS[e.type];

/**
 * A pool of events to pick from: one kind (background choices), or what an injection point
 * injects: a fault, a budgeted environment event (not an abort), or an operator abort.
 */
type Pool = EventKind | 'budgetedEnvironment' | 'abort';

/** Kind of each `EVENT_TYPES` index; the extra last slot (a type the model does not declare) has none. */
const KIND_OF_TYPE: readonly (EventKind | undefined)[] = [...EVENT_TYPES.map((t) => EVENT_KINDS[t]), undefined];
const ABORT = TYPE_INDEX.get('operator/handoverAborted')!;

function inPool(pool: Pool, type: number): boolean {
  if (pool === 'abort') return type === ABORT;
  const kind = KIND_OF_TYPE[type];
  if (pool === 'budgetedEnvironment') return kind === 'environment' && type !== ABORT;
  return kind === pool;
}

/**
 * Picks among weighted items with a fraction in [0, 1); null when all weights are 0.
 * @internal
 */
export function weightedPick<T>(items: readonly T[], weight: (t: T) => number, fraction: number): T | null {
  let total = 0;
  for (const it of items) total += weight(it);
  if (total <= 0) return null;
  let x = fraction * total;
  let last: T | null = null;
  for (const it of items) {
    const w = weight(it);
    if (w <= 0) continue;
    last = it;
    if (x < w) return it;
    x -= w;
  }
  return last;
}

/**
 * The weight of the `i`-th enabled event in this run. A protocol event has its type's weight:
 * each instance is a different actor's move. An environment or fault type's weight is shared
 * among its instances: the type is the fault that strikes, the instance only where.
 */
function eventWeight(run: Run, x: Expansion, i: number): number {
  const type = x.enabledType[i]!;
  const typeWeight = run.swarm[type] ?? 1;
  return KIND_OF_TYPE[type] === 'protocol' ? typeWeight : typeWeight / x.typeCount[type]!;
}

/** Whether a type weighs anything in this run (a swarm may switch environment and fault types off). */
const weighs = (run: Run, type: number): boolean => (run.swarm[type] ?? 1) > 0;

/**
 * An enabled event of a pool, picked by weight: {@link weightedPick} over the pool's events in
 * candidate order. Only the pool's candidates of types that weigh anything are stepped: the
 * others could never be picked.
 */
function pickOfKind(run: Run, lazy: LazyExpansion, pool: Pool, pick: number): Accepted | null {
  const x = lazy.enabledWhere((t) => inPool(pool, t) && weighs(run, t));
  const n = x.enabled.length;
  let total = 0;
  for (let i = 0; i < n; i++) if (inPool(pool, x.enabledType[i]!)) total += eventWeight(run, x, i);
  if (total <= 0) return null;
  let rest = (pick / PICK_SCALE) * total;
  let last: Accepted | null = null;
  for (let i = 0; i < n; i++) {
    if (!inPool(pool, x.enabledType[i]!)) continue;
    const w = eventWeight(run, x, i);
    if (w <= 0) continue;
    last = x.enabled[i]!;
    if (rest < w) return last;
    rest -= w;
  }
  return last;
}

/** Whether some enabled event of a kind has a positive weight in this run (stepping stops at the first). */
function hasKind(run: Run, x: LazyExpansion, kind: EventKind): boolean {
  return x.any((t) => KIND_OF_TYPE[t] === kind && weighs(run, t));
}

const KINDS: readonly EventKind[] = ['protocol', 'environment', 'fault'];

function pickByChoice(ctx: DriverContext, run: Run, x: LazyExpansion, roll: number, pick: number): Outcome | null {
  const { config } = ctx;
  if (config.strategy === 'uniform') {
    const all = x.full().enabled;
    return all[pick % Math.max(1, all.length)] ?? null;
  }
  const r = roll / ROLL_SCALE;
  if (r >= 1 - config.rejectedShare) {
    const rejected = x.full().rejected;
    if (rejected.length > 0) return rejected[pick % rejected.length]!;
  }
  const fraction = Math.min(r / (1 - config.rejectedShare), 1 - Number.EPSILON);
  const available = KINDS.filter((k) => hasKind(run, x, k));
  const kind = weightedPick(available, (k) => config.weights[k], fraction);
  return kind === null ? null : pickOfKind(run, x, kind, pick);
}

/** The attempt index and injection-phase index of a state, or null when no handover is under way. */
function position(s: ServerState): { readonly attempt: number; readonly phase: number } | null {
  const h = s.handover;
  if (!isActive(h)) return null;
  return { attempt: s.used.attempts - 1, phase: INJECTION_PHASES.indexOf(h.phase) };
}

interface Pending {
  readonly point: InjectionPoint;
  readonly kind: Exclude<Pool, 'protocol' | 'environment'>;
  fired: boolean;
}

/**
 * Runs one generated run.
 * @param observers - where statistics go; null while shrinking and replaying.
 * @internal
 */
export function drive(ctx: DriverContext, run: Run, observers: Observers | null): RunOutcome {
  const { config, properties } = ctx;
  const events: HandoverEvent[] = [];
  let checks = ctx.config.invariants.length;
  let checkedSteps = 0;
  let s = ctx.initial;
  observers?.witnesses.start(s);
  observers?.distinct.add(s);
  if (ctx.initialChecked.violation !== null) return { events, violation: ctx.initialChecked.violation, steps: 0, checkedSteps, invariantChecks: checks, driven: 0 };
  let monitors = ctx.initialChecked.monitors;
  const pending: Pending[] = [
    ...run.faultPoints.map((point) => ({ point, kind: 'fault' as const, fired: false })),
    ...run.environmentPoints.map((point) => ({ point, kind: 'budgetedEnvironment' as const, fired: false })),
    ...run.abortPoints.map((point) => ({ point, kind: 'abort' as const, fired: false })),
  ];
  let choice = 0;
  let where = position(s);
  let inPhase = 0;
  let violation: Violation | null = null;
  const biased = config.strategy === 'biased';

  const duePoint = (x: LazyExpansion, ignoreDelay: boolean): { readonly p: Pending; readonly t: Accepted } | null => {
    if (where === null) return null;
    for (const p of pending) {
      if (p.fired || where.attempt < p.point.attempt || p.point.phase !== where.phase) continue;
      if (!ignoreDelay && inPhase < p.point.delay) continue;
      const t = pickOfKind(run, x, p.kind, p.point.pick);
      if (t !== null) return { p, t };
    }
    return null;
  };

  while (events.length < config.maxSteps) {
    const x = new LazyExpansion(ctx.pipeline.step, ctx.pipeline.candidates, s);
    // A candidate that broke the step's contract while looking is reported below, as such.
    if (config.liveness && deadlockedIn(s, x) && x.broken === null) {
      violation = deadlockViolation(s);
      break;
    }
    let taken: Outcome | null = null;
    const due = biased ? duePoint(x, false) : null;
    if (due !== null) {
      due.p.fired = true;
      taken = due.t;
    } else {
      const c = run.choices[choice++];
      if (c !== undefined) taken = pickByChoice(ctx, run, x, c[0], c[1]);
      if (taken !== null && biased && taken.accepted && kindOf(taken.event) === 'protocol' && position(taken.state)?.phase !== where?.phase) {
        const early = duePoint(x, true);
        if (early !== null) {
          early.p.fired = true;
          taken = early.t;
        }
      }
    }
    // A candidate the choice stepped broke the step's contract: that ends the run, whatever was picked.
    if (x.broken !== null) {
      events.push(x.broken.event);
      violation = x.broken.violation;
      break;
    }
    if (taken === null) break;
    events.push(taken.event);
    if (!taken.accepted) {
      observers?.coverage.rejected(s, taken.code);
      inPhase++;
      continue;
    }
    const before = s;
    s = taken.state;
    checks += config.invariants.length;
    const checked = checkStep(properties, before, taken.event, s, monitors);
    observers?.coverage.accepted(before, taken.event);
    if (checked.violation !== null) {
      violation = checked.violation;
      break;
    }
    monitors = checked.monitors;
    checkedSteps++;
    observers?.distinct.add(s);
    observers?.witnesses.accepted(before, taken.event, s);
    const next = position(s);
    if (next?.attempt !== where?.attempt || next?.phase !== where?.phase) inPhase = 0;
    else inPhase++;
    where = next;
  }
  observers?.coverage.injections(pending.length, pending.filter((p) => p.fired).length);
  let driven = 0;
  if (violation === null && config.liveness) {
    const q = quiesce(config, properties, s, monitors, observers === null ? null : ({ before, event, after }) => {
      observers.coverage.accepted(before, event);
      observers.distinct.add(after);
      observers.witnesses.accepted(before, event, after);
    });
    events.push(...q.events);
    driven = q.events.length;
    violation = q.violation;
    checkedSteps += q.checkedSteps;
    checks += q.invariantChecks;
  }
  return { events, violation, steps: events.length, checkedSteps, invariantChecks: checks, driven };
}
