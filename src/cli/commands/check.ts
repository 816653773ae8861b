/**
 * `vm-handover check`: the property suite (the main job). Random runs with every invariant, the
 * oracle and the refinement checked after every step; the exhaustive explorer too where the
 * scenario is small enough; then a summary.
 * @internal
 */
import type { BatchSummary, Shard } from '../../checker/batches.ts';
import { check } from '../../checker/check.ts';
import { freshSeed } from '../../checker/options.ts';
import type { Failure } from '../../checker/parallel.ts';
import { checkBatches, defaultWorkers } from '../../checker/parallel.ts';
import { STEP_PROPERTIES } from '../../checker/properties.ts';
import type { CheckResult } from '../../checker/result.ts';
import type { ExploreResult } from '../../explorer/index.ts';
import { explore } from '../../explorer/index.ts';
import { handoverSystem } from '../../explorer/handover.ts';
import type { Transition } from '../../model/enabled.ts';
import type { EventType } from '../../model/events.ts';
import { EVENT_TYPES } from '../../model/events.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ServerState } from '../../model/state.ts';
import { step as referenceStep } from '../../model/step.ts';
import { mutantStep } from '../../mutants/catalog.ts';
import { invariants } from '../../../properties/invariants.ts';
import { UsageError } from '../args.ts';
import { checkOutDir, explorerCounterexample, saveCounterexample, savedLines, shellWord } from '../counterexample.ts';
import type { SavedCounterexample } from '../counterexample.ts';
import type { InterruptSignal, Io } from '../io.ts';
import { count, INTERRUPT_EXIT, progressReporter } from '../io.ts';
import { batchJson, randomJson } from '../checkReport.ts';
import { resolveMutant, resolveScenario } from '../scenarioArg.ts';
import type { CheckFlags } from './checkFlags.ts';


/**
 * Whether `auto` runs the exhaustive explorer: scenarios the size of `tiny` (3 units, one
 * fault) explore fully in well under a minute; larger ones have millions of states (see
 * docs/performance.md) and are left to `vm-handover explore` with bounds.
 * @internal
 */
export function smallEnough(s: Scenario): boolean {
  return s.units.length <= 3 && s.bounds.faults <= 1 && s.vms.length === 1;
}

/**
 * Runs when neither `--runs` nor `--time-budget` is given. Measured on `default` with 40 fresh
 * seeds: 300 runs missed a witness (W-10 or W-03) with 1 seed in 5, 600 with 1 in 20, 1000 with
 * none; a fresh clone's first `vm-handover check` must not fail for want of runs.
 */
const DEFAULT_RUNS = 1000;

type Explored = ExploreResult<ServerState, Transition>;

/**
 * The overall verdict: a violation (random or exhaustive) wins over everything, even a signal
 * (the bug is real and its trace saved); then a signal makes the result `interrupted`, a
 * partial one; then missed witnesses. A bounded exploration that found nothing is not a failure
 * (it says so in the summary).
 * @internal
 */
export function verdictOf(r: CheckResult, x: Explored | null, signal: InterruptSignal | null = null): 'ok' | 'violation' | 'incomplete' | 'interrupted' {
  if (r.status === 'violation' || (x !== null && x.status !== 'ok' && x.status !== 'incomplete')) return 'violation';
  if (signal !== null) return 'interrupted';
  return r.status === 'incomplete' ? 'incomplete' : 'ok';
}

/** Runs `check`; returns the exit code. @internal */
export async function checkCommand(flags: CheckFlags, io: Io): Promise<number> {
  if (flags.coverageOf !== undefined) return (await import('./coverage.ts')).coverageCommand({ ...flags, coverageOf: flags.coverageOf }, io);
  const scenario = resolveScenario(flags);
  const mutant = resolveMutant(flags.mutant);
  checkOutDir(flags.out);
  // A path indexes into the runs one seed generates: with another seed it names another run.
  if (flags.path !== undefined && flags.seed === undefined) throw new UsageError('--path: give the --seed it was printed with');
  const step = mutant === undefined ? referenceStep : mutantStep(mutant);
  const seed = flags.seed ?? freshSeed();
  const runs = flags.runs ?? (flags.timeBudget === undefined ? DEFAULT_RUNS : undefined);
  const shardNote = flags.shard === undefined ? '' : `, shard ${flags.shard.index + 1}/${flags.shard.count}`;
  if (!flags.json) io.err(`vm-handover check: scenario ${scenario.name}${mutant ? `, mutant ${mutant.id} ${mutant.name}` : ''}, seed ${seed}${shardNote}\n`);
  const bar = progressReporter(io, 'random runs', runs ?? null);
  const shouldStop = () => (io.interrupted?.() ?? null) !== null;
  const options = {
    shouldStop,
    scenario,
    ...(mutant === undefined ? {} : { mutant }),
    ...(runs === undefined ? {} : { runs }),
    ...(flags.maxSteps === undefined ? {} : { maxSteps: flags.maxSteps }),
    seed,
    ...(flags.timeBudget === undefined ? {} : { timeBudgetMs: flags.timeBudget }),
    // What monitor checks on every event, the same record.
    ...STEP_PROPERTIES,
    // A user's scenario may rule witnesses out by its bounds (attempts 1: no second handover).
    ...(flags.require === false ? { witnesses: [], requiredEvents: [] } : {}),
    onProgress: (p: { readonly runs: number; readonly steps: number }) => bar.update(p.runs, `${count(p.runs)} runs, ${count(p.steps)} steps`),
  };
  // A path names one run of one seed: replayed by itself, not cut into batches.
  const batched = flags.path === undefined
    ? await checkBatches({ ...options, workers: flags.workers ?? defaultWorkers(), ...(flags.shard === undefined ? {} : { shard: flags.shard }) })
    : null;
  const result = batched?.result ?? check({ ...options, path: flags.path! });
  bar.end();

  // Sharded, the explorer (deterministic, not cut) runs in the first shard only.
  const wanted = flags.path === undefined && result.status !== 'violation' && (flags.shard?.index ?? 0) === 0 &&
    (flags.explore === 'always' || (flags.explore === 'auto' && smallEnough(scenario)));
  const exploring = wanted && !shouldStop();
  // The budget covers the whole command: the explorer gets what the random runs left.
  const left = flags.timeBudget === undefined ? undefined : Math.max(1, flags.timeBudget - result.elapsedMs);
  const exhaustive = exploring ? runExplorer(scenario, step, left, io, shouldStop) : null;
  // Read once, after the work: from here on the command only saves and prints what it has.
  const signal = io.interrupted?.() ?? null;

  let saved: SavedCounterexample | null = null;
  const base = `counterexample-${scenario.name}-${mutant?.name ?? 'reference'}-${result.batches?.failing?.seed ?? seed}`;
  if (result.counterexample !== undefined) {
    const cx = result.counterexample;
    saved = await saveCounterexample({
      outDir: flags.out, name: base, scenario, events: cx.events, states: cx.states, violation: cx.violation, step, seed: result.batches?.failing?.seed ?? seed,
      ...(result.path === undefined ? {} : { path: result.path }),
      ...(mutant === undefined ? {} : { mutant: mutant.name }),
    });
  } else if (exhaustive?.violation !== undefined) {
    saved = await saveCounterexample({
      outDir: flags.out, name: `${base}-explore`, scenario, ...explorerCounterexample(exhaustive.violation), step,
      ...(mutant === undefined ? {} : { mutant: mutant.name }),
    });
  }

  const replay = replayLine(scenario, flags, mutant?.name, seed, result, runs);
  const verdict = verdictOf(result, exhaustive, signal);
  if (flags.json) io.out(`${JSON.stringify(summaryJson(verdict, result, exhaustive, saved, replay, signal, flags.timings !== false, flags.shard ?? null, batched?.summaries ?? null, runs ?? null, flags.require === false ? [] : EVENT_TYPES), null, 2)}\n`);
  else io.out(summaryText(verdict, result, exhaustive, saved, replay, signal, wanted && !exploring, flags.shard !== undefined));
  if (verdict === 'interrupted' && signal !== null) return INTERRUPT_EXIT[signal];
  // One shard alone may miss a witness that another reaches: only the merge can call it incomplete.
  return verdict === 'ok' || (flags.shard !== undefined && verdict === 'incomplete') ? 0 : 1;
}

function runExplorer(scenario: Scenario, step: typeof referenceStep, timeBudgetMs: number | undefined, io: Io, shouldStop: () => boolean): Explored {
  const bar = progressReporter(io, 'exhaustive', null);
  const r = explore(handoverSystem(scenario, { step }), {
    checkTermination: true,
    shouldStop,
    progressEvery: 20_000,
    ...(timeBudgetMs === undefined ? {} : { timeBudgetMs }),
    onProgress: (p) => bar.update(p.distinctStates, `${count(p.distinctStates)} distinct states, depth ${p.depth}`),
  });
  bar.end();
  return r;
}

/**
 * The command that reruns this check: with the path of a violation it replays that one run;
 * otherwise it names the runs taken, so a time-budgeted check can be repeated exactly.
 * @internal
 */
export function replayLine(scenario: Scenario, flags: CheckFlags, mutant: string | undefined, seed: number, r: CheckResult, runsAsked?: number): string {
  const where = flags.scenarioFile !== undefined ? `--scenario-file ${shellWord(flags.scenarioFile)}` : `--scenario ${shellWord(scenario.name)}`;
  return [
    'npx vm-handover check', where,
    mutant === undefined ? '' : `--mutant ${mutant}`,
    // A shard's runs are its part of the runs asked: the rerun asks for the same whole.
    r.path === undefined ? `--runs ${flags.shard !== undefined && runsAsked !== undefined ? runsAsked : r.runs}` : '',
    flags.maxSteps === undefined ? '' : `--max-steps ${flags.maxSteps}`,
    // A path belongs to its batch's seed.
    `--seed ${r.batches?.failing?.seed ?? seed}`,
    r.path === undefined && flags.shard !== undefined ? `--shard ${flags.shard.index + 1}/${flags.shard.count}` : '',
    r.path === undefined ? '' : `--path ${r.path}`,
    r.path !== undefined || flags.explore === 'auto' ? '' : `--explore ${flags.explore}`,
  ].filter((x) => x !== '').join(' ');
}

/**
 * The `--json` document. Everything but `timings` is a function of the flags and the seed (for
 * any number of workers), so `--no-timings` makes it byte-identical run to run
 * (test/cli/determinism.test.ts).
 */
function summaryJson(
  verdict: string, r: CheckResult, x: Explored | null, saved: SavedCounterexample | null, replay: string,
  signal: InterruptSignal | null, timings: boolean, shard: Shard | null, summaries: readonly BatchSummary<Failure>[] | null, runsAsked: number | null, requiredEvents: readonly EventType[],
) {
  const batches = r.batches === undefined || summaries === null ? null : {
    batchRuns: r.batches.batchRuns,
    runs: runsAsked,
    shard,
    requiredEvents,
    merged: r.batches.merged,
    failing: r.batches.failing ?? null,
    summaries: summaries.map(batchJson),
  };
  return {
    command: 'check',
    status: verdict,
    interrupted: signal,
    scenario: r.scenario,
    mutant: r.mutant,
    seed: r.seed,
    path: r.path ?? null,
    random: randomJson(r, batches),
    exhaustive: x === null ? null : {
      status: x.status,
      complete: x.complete,
      stoppedBy: x.stoppedBy ?? null,
      distinctStates: x.distinctStates,
      statesGenerated: x.statesGenerated,
      depth: x.maxDepth,
      collisionProbability: x.collisionProbability,
    },
    counterexample: saved === null ? null : {
      file: saved.file,
      saveError: saved.saveError,
      violation: saved.trace.violation ?? null,
      events: saved.trace.steps.map((s) => s.event),
      shrunkFrom: r.counterexample?.originalLength ?? null,
    },
    replay,
    ...(timings ? { timings: { randomMs: Math.round(r.elapsedMs), exhaustiveMs: x === null ? null : Math.round(x.elapsedMs) } } : {}),
  };
}

const stopped = ' (the runs stopped at the violation)';

const SHARD_INCOMPLETE = 'SHARD DONE: no violation; this shard alone missed witnesses or event types, which vm-handover merge decides over every shard';

const VERDICT_LINES = {
  ok: 'PASS: every property holds',
  violation: 'FAIL: a property is violated',
  incomplete: 'FAIL: the runs missed witnesses or event types (see above)',
} as const;

function summaryText(verdict: keyof typeof VERDICT_LINES | 'interrupted', r: CheckResult, x: Explored | null, saved: SavedCounterexample | null, replay: string, signal: InterruptSignal | null, skipped: boolean, sharded: boolean): string {
  const lines: string[] = [];
  if (saved !== null) {
    const v = saved.trace.violation!;
    lines.push(`VIOLATION ${v.id} ${v.name}: ${v.explanation}`, '');
    lines.push(r.counterexample !== undefined ? 'Shrunk counterexample:' : 'Shortest counterexample (exhaustive explorer):', saved.table, '');
    if (r.counterexample !== undefined) lines.push(`shrunk from ${r.counterexample.originalLength} to ${r.counterexample.shrunkLength} events`);
    lines.push(...savedLines(saved));
  }
  const reached = r.witnesses.filter((w) => w.reached).length;
  const taken = Object.values(r.coverage.events).filter((n) => n > 0).length;
  const total = Object.keys(r.coverage.events).length;
  lines.push(
    '',
    `scenario   ${r.scenario}${r.mutant === null ? '' : `   mutant ${r.mutant}`}`,
    `seed       ${r.seed}${r.path === undefined ? '' : `   path ${r.path}`}`,
    `runs       ${r.runs} (${r.steps} steps, ${Math.round(r.elapsedMs)} ms)${r.interrupted ? `, cut short by ${signal ?? '--time-budget'}` : ''}`,
    `states     ${r.distinctStates ?? '?'} distinct reached by the random runs; ${r.checkedSteps} checked steps (accepted, every property checked)`,
    `invariants ${r.invariantChecks} checks (${invariants.length} invariants, oracle and refinement REF-1 on every step)`,
    // Once a run fails, generation stops: what it did not reach yet is no finding, so not listed.
    `witnesses  ${reached}/${r.witnesses.length} reached${r.status === 'violation' ? stopped : reached < r.witnesses.length ? `; missing: ${r.missing.witnesses.join(', ')}` : ''}`,
    `coverage   ${taken}/${total} event types taken${r.status === 'violation' ? stopped : r.missing.events.length > 0 ? `; never taken: ${r.missing.events.join(', ')}` : ''}`,
  );
  if (x !== null)
    lines.push(`exhaustive ${x.status}${x.complete ? ' (state space exhausted)' : ` (stopped by ${x.stoppedBy ?? 'a bound'})`}: ${x.distinctStates} distinct states, ${x.statesGenerated} generated, depth ${x.maxDepth}, ${Math.round(x.elapsedMs)} ms; invariants, deadlock and termination checked`);
  if (skipped) lines.push(`exhaustive not run: interrupted by ${signal ?? 'a signal'} first`);
  const last = verdict === 'interrupted'
    ? `STOPPED: interrupted by ${signal ?? 'a signal'}; the figures above are for the part done, which is no pass`
    : sharded && verdict === 'incomplete' ? SHARD_INCOMPLETE : VERDICT_LINES[verdict];
  lines.push(`replay     ${replay}`, '', last);
  return `${lines.join('\n')}\n`;
}
