/**
 * `check`: the random checker. Generates runs with fast-check, drives each against the
 * reducer checking everything after every step, and on a violation shrinks it to a short
 * trace (fast-check's shrinking, then delta debugging, then a focused re-search).
 *
 * @remarks
 * Generation is over choice sequences (`run.ts`), not `fc.commands`; docs/checking.md says why.
 * Statistics (runs, steps, coverage, witnesses) are gathered over generated runs only. Once a
 * run fails with some invariant, shrinking keeps only candidates that fail with the *same*
 * invariant, so the shrunk trace does not slip to a different bug.
 */
import fc from 'fast-check';
import { initialState } from '../model/init.ts';
import type { CheckOptions } from './options.ts';
import { resolveOptions } from './options.ts';
import { CoverageCounter, coverageGaps } from './coverage.ts';
import { deltaDebug } from './deltaDebug.ts';
import { brokenInvariants } from './properties.ts';
import { shorten } from './shorten.ts';
import type { Observers } from './driver.ts';
import { drive, driverContext } from './driver.ts';
import type { CheckResult, CheckStatus, Counterexample } from './result.ts';
import type { Run } from './run.ts';
import { runArbitrary } from './run.ts';
import { WitnessTracker } from './witnessTracker.ts';
import { DistinctStates } from './distinct.ts';

/**
 * Checks a scenario with random runs.
 *
 * @example
 * ```ts
 * import { check, formatReport } from './src/checker/index.ts';
 * import { defaultScenario } from './models/scenarios/index.ts';
 * const result = check({ scenario: defaultScenario, seed: 42, runs: 200 });
 * console.log(formatReport(result));
 * if (result.status !== 'ok') process.exitCode = 1;
 * ```
 * @public
 */
export function check(options: CheckOptions): CheckResult {
  return checkKeyed(options).result;
}

/**
 * {@link check}, with the keys of the distinct states reached, which batches unite.
 * @internal
 */
export function checkKeyed(options: CheckOptions): { readonly result: CheckResult; readonly distinct: ReadonlySet<string> } {
  const started = performance.now();
  const config = resolveOptions(options);
  const ctx = driverContext(config, initialState(config.scenario));
  const coverage = new CoverageCounter();
  const witnesses = new WitnessTracker(config.witnesses);
  const distinct = new DistinctStates();
  const observers: Observers = { coverage, witnesses, distinct };
  let generating = true;
  let runs = 0;
  let steps = 0;
  let checkedSteps = 0;
  let invariantChecks = 0;
  let failure: { readonly id: string; readonly length: number; readonly ms: number } | null = null;
  let shrinkCandidates = 0;

  const property = fc.property(
    runArbitrary({ scenario: config.scenario, maxSteps: config.maxSteps, swarm: config.swarm, strategy: config.strategy }),
    (run: Run) => {
      // Past the shrink limit, fast-check's shrinking is interrupted (a precondition failure
      // that interrupts is its public way to stop): it keeps the last failure, and delta
      // debugging finishes the job. A count, not a clock, so it is deterministic.
      if (!generating && ++shrinkCandidates > config.shrinkLimit) throw new fc.PreconditionFailure(true);
      // Cooperative interruption (a signal, in the CLI): the same way out, before this run.
      if (options.shouldStop?.() === true) throw new fc.PreconditionFailure(true);
      const out = drive(ctx, run, generating ? observers : null);
      if (generating) {
        runs++;
        steps += out.steps;
        checkedSteps += out.checkedSteps;
        invariantChecks += out.invariantChecks;
        config.onProgress?.({ runs, steps, elapsedMs: performance.now() - started });
      }
      if (out.violation === null) return true;
      if (failure === null) {
        failure = { id: out.violation.id, length: out.events.length, ms: performance.now() - started };
        generating = false;
      }
      // Same invariant or it counts as passing: shrinking must not slip to another bug.
      return out.violation.id !== failure.id;
    },
  );
  const details = fc.check<[Run]>(property, {
    seed: config.seed,
    numRuns: config.runs,
    ...(config.path === null ? {} : { path: config.path, endOnFailure: true }),
    // fast-check 4.10 types the plugin as Plugin<unknown>, which its own Parameters<[Run]> refuses.
    ...(config.timeBudgetMs === null ? {} : { plugins: [fc.interruptAfterTimeLimit(config.timeBudgetMs) as unknown as fc.Plugin<[Run]>] }),
  });

  let counterexample: Counterexample | undefined;
  const found = failure as { readonly id: string; readonly length: number; readonly ms: number } | null;
  // fast-check calls a check interrupted before its first run failed; that is no violation.
  if (details.failed && found === null && !details.interrupted)
    throw details.errorInstance ?? new Error('programmer error: fast-check failed without a violation');
  if (found !== null) {
    if (details.counterexample === null) throw new Error('programmer error: a violation without a counterexample');
    const shrunkRun = drive(ctx, details.counterexample[0], null);
    // Only fast-check's counterexample feeds the next stages, never the first failing run: a
    // replay from seed and path knows only the former, and must print the same trace.
    const given = shrunkRun.events.slice(0, shrunkRun.events.length - shrunkRun.driven);
    const trace = shorten(ctx, config, deltaDebug(ctx, given, found.id), found.id, config.researchRuns, details.seed);
    const violation = trace.violation!;
    const last = trace.states[trace.states.length - 1]!;
    counterexample = {
      events: trace.events,
      states: trace.states,
      violation,
      alsoBroken: brokenInvariants(config.invariants, last).filter((v) => v.id !== violation.id),
      ...(trace.driven === 0 ? {} : { driven: trace.driven }),
      shrunkLength: trace.events.length,
      originalLength: found.length,
      fastCheckLength: shrunkRun.events.length,
    };
  }

  const witnessOutcomes = witnesses.outcomes();
  const cov = coverage.snapshot();
  const gaps = coverageGaps(cov, config.requiredEvents);
  const missing = { witnesses: witnessOutcomes.filter((w) => !w.reached).map((w) => w.id), events: gaps.events, phases: gaps.phases };
  const complete = missing.witnesses.length === 0 && missing.events.length === 0 && missing.phases.length === 0;
  const status: CheckStatus = counterexample !== undefined ? 'violation' : complete ? 'ok' : 'incomplete';
  const result: CheckResult = {
    status,
    scenario: config.scenario.name,
    mutant: config.mutant?.id ?? null,
    runs,
    steps,
    checkedSteps,
    invariantChecks,
    distinctStates: distinct.keys.size,
    seed: details.seed,
    ...(counterexample === undefined ? {} : { counterexample }),
    ...(counterexample === undefined || details.counterexamplePath === null ? {} : { path: details.counterexamplePath }),
    ...(found === null ? {} : { timeToFailureMs: found.ms }),
    witnesses: witnessOutcomes,
    coverage: cov,
    missing,
    // Interrupted by the time budget or by shouldStop, not by the shrink limit.
    interrupted: details.interrupted && (shrinkCandidates <= config.shrinkLimit || options.shouldStop?.() === true),
    generation: {
      maxSteps: config.maxSteps,
      weights: config.weights,
      swarm: config.swarm,
      rejectedShare: config.rejectedShare,
      strategy: config.strategy,
    },
    elapsedMs: performance.now() - started,
  };
  return { result, distinct: distinct.keys };
}
