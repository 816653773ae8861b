/**
 * Model-based driving: an implementation and the reducer run the same events in lock-step, and
 * their observations are compared after every event.
 *
 * @remarks
 * The events come from the random checker's generation (src/checker/run.ts, driver.ts): fast-check
 * draws a run, the driver interprets it against the reference reducer, and the events it took are
 * fed to the implementation. A mismatch (the implementation refuses an event the specification
 * takes, or reports a state variable the specification does not have, or throws) fails the
 * property; fast-check shrinks the run, then delta debugging (src/checker/deltaDebug.ts) removes
 * events while the same mismatch remains. The seed is pinned (or fresh and printed) and the
 * result names the replay, as `check` does. An implementation's methods may return values or
 * promises.
 */
import fc from 'fast-check';
import type { EventType, HandoverEvent } from '../model/events.ts';
import { formatEvent } from '../model/events.ts';
import { candidateEvents } from '../model/enabled.ts';
import { initialState } from '../model/init.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ServerState } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import { step as referenceStep } from '../model/step.ts';
import { ddminAsync } from '../checker/deltaDebug.ts';
import { drive, driverContext } from '../checker/driver.ts';
import type { Strategy } from '../checker/options.ts';
import { freshSeed, resolveOptions } from '../checker/options.ts';
import type { Run } from '../checker/run.ts';
import { runArbitrary } from '../checker/run.ts';
import type { Observation, PinMismatch } from './observation.ts';
import { formatPinMismatch, pinMismatch } from './observation.ts';

/**
 * A system under test, driven one specification event at a time.
 *
 * @remarks
 * The adapter a user writes translates an event into calls on the real system and the system's
 * state back into pins in the specification's names ({@link Observation}); it may report any
 * subset of the state. Methods may be synchronous or return promises.
 * @public
 */
export interface Implementation {
  /** Starts afresh in the scenario's initial configuration. */
  reset(scenario: Scenario): void | Promise<void>;
  /** Performs an event; the observation afterwards (`accepted: false` if it refused the event). */
  apply(event: HandoverEvent): Observation | Promise<Observation>;
  /** The observation of the current state, without doing anything. */
  observe(): Observation | Promise<Observation>;
}

/** Options of {@link checkImplementation}. Only `scenario` is required. @public */
export interface ImplementationCheckOptions {
  readonly scenario: Scenario;
  /** fast-check seed; default a fresh one, reported in the result. */
  readonly seed?: number;
  /** A replay path from a report: replays that one run. */
  readonly path?: string;
  /** Runs (default {@link DEFAULT_IMPLEMENTATION_RUNS}). */
  readonly runs?: number;
  /** Most events in one run (default 60). */
  readonly maxSteps?: number;
  /** The event types the implementation supports (default every type); the runs use only these. */
  readonly events?: readonly EventType[];
  /** Share of steps that take an event the specification rejects (default 0: the implementation is driven with enabled events only). */
  readonly rejectedShare?: number;
  /** How runs choose events (default `biased`, the checker's). */
  readonly strategy?: Strategy;
  /** Most candidate runs fast-check may try while shrinking (default 200); delta debugging then finishes. */
  readonly shrinkLimit?: number;
  /** The specification's reducer (default the reference one). */
  readonly step?: Step;
}

/** Default number of runs of {@link checkImplementation}. @public */
export const DEFAULT_IMPLEMENTATION_RUNS = 100;

/** Where and how an implementation departed from the specification. @public */
export interface Mismatch {
  /** The events fed, up to and including the one after which they disagreed (none: at the reset). */
  readonly events: readonly HandoverEvent[];
  /**
   * `accepted`: one took the event and the other refused it; `pins`: they disagree on state
   * variables; `threw`: the implementation threw.
   */
  readonly kind: 'accepted' | 'pins' | 'threw';
  /** Whether the specification took the last event (true at the reset). */
  readonly specAccepted: boolean;
  readonly mismatches: readonly PinMismatch[];
  /** The implementation's error, for `threw`. */
  readonly error?: string;
  /** The specification's state after the last event. */
  readonly state: ServerState;
}

/** The outcome of {@link checkImplementation}. @public */
export interface ImplementationCheckResult {
  readonly status: 'ok' | 'mismatch';
  readonly scenario: string;
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  /** The shrunk mismatch. */
  readonly mismatch?: Mismatch;
  /** fast-check's replay path of the failing run. */
  readonly path?: string;
  /** Events of the first failing run (all it took, before shrinking). */
  readonly originalLength?: number;
}

/** What a mismatch is, for "the same mismatch" while shrinking. */
const signature = (m: Mismatch): string => `${m.kind} ${m.events[m.events.length - 1]?.type ?? 'reset'} ${m.mismatches[0]?.path ?? ''}`;

/**
 * Feeds events to the implementation and the reducer side by side: the first mismatch, or null.
 * Events the specification rejects are fed too (when the run has them): the implementation must
 * then refuse them or leave its state as the specification's.
 * @public
 */
export async function lockStep(impl: Implementation, scenario: Scenario, events: readonly HandoverEvent[], step: Step = referenceStep): Promise<Mismatch | null> {
  let s = initialState(scenario);
  await impl.reset(scenario);
  const first = await impl.observe();
  const atReset = pinMismatch(s, first.pins);
  if (atReset.length > 0) return { events: [], kind: 'pins', specAccepted: true, mismatches: atReset, state: s };
  for (const [i, e] of events.entries()) {
    const fed = events.slice(0, i + 1);
    const r = step(s, e);
    let o: Observation;
    try {
      o = await impl.apply(e);
    } catch (error) {
      // Throwing is how many systems refuse: a refusal of a rejected event agrees.
      if (!r.ok) continue;
      return { events: fed, kind: 'threw', specAccepted: true, mismatches: [], error: error instanceof Error ? error.message : String(error), state: s };
    }
    if (r.ok) s = r.state;
    if (o.accepted !== undefined && o.accepted !== r.ok) return { events: fed, kind: 'accepted', specAccepted: r.ok, mismatches: [], state: s };
    const bad = pinMismatch(s, o.pins);
    if (bad.length > 0) return { events: fed, kind: 'pins', specAccepted: r.ok, mismatches: bad, state: s };
  }
  return null;
}

/**
 * Runs the random checker's event sequences against an implementation and the reducer in
 * lock-step, comparing observations after each event; a mismatch is shrunk to a short sequence.
 * @example
 * ```ts
 * const result = await checkImplementation(new MyServer(), { scenario: tiny, seed: 42, events: PROTOCOL_EVENTS });
 * console.log(formatImplementationReport(result, { scenario: tiny }));
 * ```
 * @public
 */
export async function checkImplementation(impl: Implementation, options: ImplementationCheckOptions): Promise<ImplementationCheckResult> {
  const scenario = options.scenario;
  const allowed = options.events === undefined ? null : new Set(options.events);
  const config = resolveOptions({
    scenario,
    step: options.step ?? referenceStep,
    seed: options.seed ?? freshSeed(),
    maxSteps: options.maxSteps ?? 60,
    rejectedShare: options.rejectedShare ?? 0,
    strategy: options.strategy ?? 'biased',
    invariants: [],
    monitors: [],
    witnesses: [],
    requiredEvents: [],
    ...(allowed === null ? {} : { candidates: (s: ServerState) => candidateEvents(s).filter((e) => allowed.has(e.type)) }),
  });
  const ctx = driverContext(config, initialState(scenario));
  const shrinkLimit = options.shrinkLimit ?? 200;
  let runs = 0;
  let steps = 0;
  let found: Mismatch | null = null;
  let foundLength = 0;
  let generating = true;
  let candidates = 0;
  const property = fc.asyncProperty(runArbitrary({ scenario, maxSteps: config.maxSteps, swarm: config.swarm, strategy: config.strategy }), async (run: Run) => {
    if (!generating && ++candidates > shrinkLimit) throw new fc.PreconditionFailure(true);
    const events = drive(ctx, run, null).events;
    if (generating) {
      runs++;
      steps += events.length;
    }
    const m = await lockStep(impl, scenario, events, config.step);
    if (m === null) return true;
    if (found === null) {
      found = m;
      foundLength = events.length;
      generating = false;
    }
    return signature(m) !== signature(found);
  });
  const details = await fc.check<[Run]>(property, {
    seed: config.seed,
    numRuns: options.runs ?? DEFAULT_IMPLEMENTATION_RUNS,
    ...(options.path === undefined ? {} : { path: options.path, endOnFailure: true }),
  });
  const first = found as Mismatch | null;
  const base = { scenario: scenario.name, seed: details.seed, runs, steps };
  if (first === null) {
    if (details.failed && !details.interrupted) throw details.errorInstance ?? new Error('programmer error: fast-check failed without a mismatch');
    return { status: 'ok', ...base };
  }
  const counter = details.counterexample?.[0];
  const shrunkRun = counter === undefined ? first.events : drive(ctx, counter, null).events;
  const target = signature(first);
  const fails = async (candidate: readonly HandoverEvent[]): Promise<Mismatch | null> => {
    const m = await lockStep(impl, scenario, candidate, config.step);
    return m !== null && signature(m) === target ? m : null;
  };
  const start = (await fails(shrunkRun)) ?? first;
  const mismatch = await ddminAsync(start, fails);
  return {
    status: 'mismatch',
    ...base,
    mismatch,
    ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }),
    originalLength: foundLength,
  };
}

/**
 * A report of {@link checkImplementation}: the verdict, and for a mismatch the shrunk events,
 * what disagreed, the seed and the call that replays it.
 * @public
 */
export function formatImplementationReport(r: ImplementationCheckResult): string {
  const head = `checkImplementation on ${r.scenario}: ${r.runs} runs, ${r.steps} events, seed ${r.seed}`;
  if (r.status === 'ok' || r.mismatch === undefined) return `${head}\nOK: the implementation agreed with the specification after every event\n`;
  const m = r.mismatch;
  const last = m.events[m.events.length - 1];
  const what =
    m.kind === 'threw'
      ? `the implementation threw on ${last === undefined ? 'reset' : formatEvent(last)}: ${m.error ?? ''}`
      : m.kind === 'accepted'
        ? `the specification ${m.specAccepted ? 'takes' : 'rejects'} ${last === undefined ? 'the reset' : formatEvent(last)}, the implementation ${m.specAccepted ? 'refused' : 'took'} it`
        : `after ${last === undefined ? 'the reset' : formatEvent(last)}: ${m.mismatches.map(formatPinMismatch).join('; ')}`;
  const lines = [
    head,
    `MISMATCH after ${m.events.length} events (shrunk from ${r.originalLength ?? m.events.length}): ${what}`,
    ...m.events.map((e, i) => `  ${String(i + 1).padStart(3)}. ${formatEvent(e)}`),
    `replay: checkImplementation(impl, { scenario, seed: ${r.seed}${r.path === undefined ? '' : `, path: '${r.path}'`} })`,
  ];
  return `${lines.join('\n')}\n`;
}
