/**
 * `vm-handover check`: the property suite (the main job). Random runs with every invariant, the
 * oracle and the refinement checked after every step; the exhaustive explorer too where the
 * scenario is small enough; then a summary.
 * @internal
 */
import { check } from '../../checker/check.ts';
import { freshSeed } from '../../checker/options.ts';
import type { CheckResult } from '../../checker/result.ts';
import type { ExploreResult } from '../../explorer/index.ts';
import { explore } from '../../explorer/index.ts';
import { encodeState, handoverSystem } from '../../explorer/handover.ts';
import type { Transition } from '../../model/enabled.ts';
import { formatEvent } from '../../model/events.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ServerState } from '../../model/state.ts';
import { step as referenceStep } from '../../model/step.ts';
import { mutantStep } from '../../mutants/catalog.ts';
import { refinesLifecycle } from '../../../properties/refinement.ts';
import { saveCounterexample } from '../counterexample.ts';
import type { SavedCounterexample } from '../counterexample.ts';
import type { Io } from '../io.ts';
import { progressReporter } from '../io.ts';
import { resolveMutant, resolveScenario } from '../scenarioArg.ts';

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
  readonly explore: 'auto' | 'always' | 'never';
}

/**
 * Whether `auto` runs the exhaustive explorer: scenarios the size of `tiny` (3 units, one
 * fault) explore fully in well under a minute; larger ones have millions of states (see
 * docs/performance.md) and are left to `vm-handover explore` with bounds.
 * @internal
 */
export function smallEnough(s: Scenario): boolean {
  return s.units.length <= 3 && s.bounds.faults <= 1 && s.vms.length === 1;
}

const DEFAULT_RUNS = 300;

/** Runs `check`; returns the exit code. @internal */
export async function checkCommand(flags: CheckFlags, io: Io): Promise<number> {
  const scenario = resolveScenario(flags);
  const mutant = resolveMutant(flags.mutant);
  const step = mutant === undefined ? referenceStep : mutantStep(mutant);
  const seed = flags.seed ?? freshSeed();
  const runs = flags.runs ?? (flags.timeBudget === undefined ? DEFAULT_RUNS : undefined);
  const seen = new Set<string>();
  const distinct = {
    id: 'DISTINCT',
    name: 'CountsDistinctStates',
    statement: 'Counts the distinct states the random runs reach (never fails).',
    cites: [],
    check: (_b: ServerState, _e: unknown, after: ServerState) => {
      if (seen.size < 2_000_000) seen.add(encodeState(after));
      return null;
    },
  };
  if (!flags.json) io.err(`vm-handover check: scenario ${scenario.name}${mutant ? `, mutant ${mutant.id} ${mutant.name}` : ''}, seed ${seed}\n`);
  const bar = progressReporter(io, 'random runs', runs ?? null);
  const result = check({
    scenario,
    ...(mutant === undefined ? {} : { mutant }),
    ...(runs === undefined ? {} : { runs }),
    ...(flags.maxSteps === undefined ? {} : { maxSteps: flags.maxSteps }),
    seed,
    ...(flags.path === undefined ? {} : { path: flags.path }),
    ...(flags.timeBudget === undefined ? {} : { timeBudgetMs: flags.timeBudget }),
    actionProperties: [refinesLifecycle, distinct],
    onProgress: (p) => bar.update(p.runs, `${p.runs} runs, ${p.steps} steps`),
  });
  bar.end();

  const exhaustive = flags.path === undefined && result.status !== 'violation' && (flags.explore === 'always' || (flags.explore === 'auto' && smallEnough(scenario)))
    ? runExplorer(scenario, step, flags, io)
    : null;

  let saved: SavedCounterexample | null = null;
  const base = `counterexample-${scenario.name}-${mutant?.name ?? 'reference'}-${seed}`;
  if (result.counterexample !== undefined) {
    const cx = result.counterexample;
    saved = await saveCounterexample({
      outDir: flags.out, name: base, scenario, events: cx.events, states: cx.states, violation: cx.violation, step, seed,
      ...(result.path === undefined ? {} : { path: result.path }),
      ...(mutant === undefined ? {} : { mutant: mutant.name }),
    });
  } else if (exhaustive !== null && exhaustive.violation !== undefined) {
    const v = exhaustive.violation;
    const states = v.trace.map((t) => t.state);
    const events = v.trace.slice(1).map((t) => t.action!.event);
    const violation = v.kind === 'invariant'
      ? { id: v.invariantId, name: v.invariantName, explanation: v.explanation }
      : { id: v.kind === 'deadlock' ? 'DEADLOCK' : 'TERMINATION', name: v.kind, explanation: v.explanation };
    saved = await saveCounterexample({
      outDir: flags.out, name: `${base}-explore`, scenario, events, states, violation, step,
      ...(mutant === undefined ? {} : { mutant: mutant.name }),
    });
  }

  const replay = replayLine(scenario, flags, mutant?.name, seed, result.path);
  const failed = result.status !== 'ok' || (exhaustive !== null && exhaustive.status !== 'ok' && exhaustive.status !== 'incomplete');
  if (flags.json) {
    io.out(`${JSON.stringify(summaryJson(result, exhaustive, seen.size, saved, replay), null, 2)}\n`);
  } else {
    io.out(summaryText(result, exhaustive, seen.size, saved, replay));
  }
  return failed ? 1 : 0;
}

function runExplorer(scenario: Scenario, step: typeof referenceStep, flags: CheckFlags, io: Io): ExploreResult<ServerState, Transition> {
  const bar = progressReporter(io, 'exhaustive', null);
  const r = explore(handoverSystem(scenario, { step }), {
    checkTermination: true,
    progressEvery: 20_000,
    ...(flags.timeBudget === undefined ? {} : { timeBudgetMs: flags.timeBudget }),
    onProgress: (p) => bar.update(p.distinctStates, `${p.distinctStates} distinct states, depth ${p.depth}`),
  });
  bar.end();
  return r;
}

function replayLine(scenario: Scenario, flags: CheckFlags, mutant: string | undefined, seed: number, path: string | undefined): string {
  const where = flags.scenarioFile !== undefined ? `--scenario-file ${flags.scenarioFile}` : `--scenario ${scenario.name}`;
  return [
    'npx vm-handover check', where,
    mutant === undefined ? '' : `--mutant ${mutant}`,
    flags.maxSteps === undefined ? '' : `--max-steps ${flags.maxSteps}`,
    `--seed ${seed}`,
    path === undefined ? '' : `--path ${path}`,
  ].filter((x) => x !== '').join(' ');
}

function summaryJson(r: CheckResult, x: ExploreResult<ServerState, Transition> | null, distinct: number, saved: SavedCounterexample | null, replay: string) {
  return {
    command: 'check',
    status: r.status === 'ok' && (x === null || x.status === 'ok' || x.status === 'incomplete') ? 'ok' : 'violation',
    scenario: r.scenario,
    mutant: r.mutant,
    seed: r.seed,
    path: r.path ?? null,
    random: {
      status: r.status,
      runs: r.runs,
      steps: r.steps,
      distinctStates: distinct,
      invariantChecks: r.invariantChecks,
      elapsedMs: Math.round(r.elapsedMs),
      witnesses: r.witnesses.map((w) => ({ id: w.id, name: w.name, reached: w.reached })),
      missing: r.missing,
      coverage: r.coverage,
    },
    exhaustive: x === null ? null : {
      status: x.status,
      complete: x.complete,
      distinctStates: x.distinctStates,
      statesGenerated: x.statesGenerated,
      depth: x.maxDepth,
      elapsedMs: Math.round(x.elapsedMs),
      collisionProbability: x.collisionProbability,
    },
    counterexample: saved === null ? null : {
      file: saved.file,
      violation: saved.trace.violation ?? null,
      events: saved.trace.steps.map((s) => s.event),
    },
    replay,
  };
}

function summaryText(r: CheckResult, x: ExploreResult<ServerState, Transition> | null, distinct: number, saved: SavedCounterexample | null, replay: string): string {
  const lines: string[] = [];
  if (saved !== null) {
    const v = saved.trace.violation!;
    lines.push(`VIOLATION ${v.id} ${v.name}: ${v.explanation}`, '', 'Shrunk counterexample:', saved.table, '');
    if (r.counterexample !== undefined)
      lines.push(`shrunk from ${r.counterexample.originalLength} to ${r.counterexample.shrunkLength} events`);
    lines.push(`trace saved: ${saved.file}`, `replay: npx vm-handover replay ${saved.file}`);
  }
  const reached = r.witnesses.filter((w) => w.reached).length;
  const taken = Object.values(r.coverage.events).filter((n) => n > 0).length;
  const total = Object.keys(r.coverage.events).length;
  lines.push(
    '',
    `scenario   ${r.scenario}${r.mutant === null ? '' : `   mutant ${r.mutant}`}`,
    `seed       ${r.seed}${r.path === undefined ? '' : `   path ${r.path}`}`,
    `runs       ${r.runs} (${r.steps} steps, ${Math.round(r.elapsedMs)} ms)`,
    `states     ${distinct} distinct reached by the random runs`,
    `invariants ${r.invariantChecks} checks (10 invariants, oracle and refinement REF-1 on every step)`,
    `witnesses  ${reached}/${r.witnesses.length} reached${reached < r.witnesses.length ? `; missing: ${r.missing.witnesses.join(', ')}` : ''}`,
    `coverage   ${taken}/${total} event types taken${r.missing.events.length > 0 ? `; never taken: ${r.missing.events.join(', ')}` : ''}`,
  );
  if (x !== null)
    lines.push(`exhaustive ${x.status}${x.complete ? ' (state space exhausted)' : ` (stopped by ${'stoppedBy' in x ? String(x.stoppedBy) : 'a bound'})`}: ${x.distinctStates} distinct states, ${x.statesGenerated} generated, depth ${x.maxDepth}, ${Math.round(x.elapsedMs)} ms; invariants, deadlock and termination checked`);
  if (x !== null && x.violation !== undefined && saved === null)
    lines.push(`exhaustive found ${x.violation.kind}: ${x.violation.explanation} (${x.violation.trace.map((t) => (t.action === null ? 'init' : formatEvent(t.action.event))).join(' -> ')})`);
  lines.push(`replay     ${replay}`);
  const ok = r.status === 'ok' && (x === null || x.status === 'ok' || x.status === 'incomplete');
  lines.push('', ok ? 'PASS: every property holds' : r.status === 'incomplete' ? 'FAIL: the runs missed witnesses or event types (see above)' : 'FAIL: a property is violated');
  return `${lines.join('\n')}\n`;
}
