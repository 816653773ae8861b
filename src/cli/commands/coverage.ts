/**
 * `vm-handover check --coverage-of SCENARIO`: the share of the exhaustive space the random runs
 * reach (src/checker/spaceCoverage.ts), for the runs `check` would take with the same flags.
 * @internal
 */
import { scenarios } from '../../../models/scenarios/index.ts';
import { spaceCoverage } from '../../checker/spaceCoverage.ts';
import type { SpaceCoverage } from '../../checker/spaceCoverage.ts';
import { freshSeed } from '../../checker/options.ts';
import { STEP_PROPERTIES } from '../../checker/properties.ts';
import { formatInputError } from '../../input/errors.ts';
import { loadScenarioFile } from '../../input/scenarioFile.ts';
import type { Scenario } from '../../model/scenario.ts';
import { UsageError } from '../args.ts';
import type { Io } from '../io.ts';
import { count, progressReporter } from '../io.ts';
import { resolveMutant } from '../scenarioArg.ts';
import type { CheckFlags } from './checkFlags.ts';
import { shellWord } from '../counterexample.ts';

/** Runs when `--runs` is not given: `check`'s own default. */
const DEFAULT_RUNS = 1000;

const percent = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** A named scenario, or a scenario file (a value ending in `.json`). */
function coveredScenario(value: string): Scenario {
  if (value.endsWith('.json')) {
    const r = loadScenarioFile(value);
    if (!r.ok) throw new UsageError(r.error.map(formatInputError).join('\n'));
    return r.value;
  }
  const s = scenarios[value];
  if (s === undefined)
    throw new UsageError(`--coverage-of: unknown scenario "${value}"; expected one of ${Object.keys(scenarios).join(', ')} or a scenario file (.json) the explorer can finish, such as tiny`);
  return s;
}

/** Runs the coverage measurement; returns the exit code. @internal */
export async function coverageCommand(flags: CheckFlags & { readonly coverageOf: string }, io: Io): Promise<number> {
  for (const [given, name] of [
    [flags.scenario, '--scenario'],
    [flags.scenarioFile, '--scenario-file'],
    [flags.path, '--path'],
    [flags.shard, '--shard'],
    [flags.timeBudget, '--time-budget'],
  ] as const)
    if (given !== undefined) throw new UsageError(`--coverage-of: ${name} cannot be combined with it (the scenario is the one measured, the runs are counted)`);
  const scenario = coveredScenario(flags.coverageOf);
  const mutant = resolveMutant(flags.mutant);
  const seed = flags.seed ?? freshSeed();
  const runs = flags.runs ?? DEFAULT_RUNS;
  if (!flags.json) io.err(`vm-handover check --coverage-of ${scenario.name}: ${count(runs)} runs, seed ${seed}${mutant ? `, mutant ${mutant.id}` : ''}\n`);
  const explored = progressReporter(io, 'exhaustive', null);
  let c: SpaceCoverage;
  try {
    c = await spaceCoverage({
      scenario,
      seed,
      runs,
      ...(mutant === undefined ? {} : { mutant }),
      ...(flags.maxSteps === undefined ? {} : { maxSteps: flags.maxSteps }),
      ...STEP_PROPERTIES,
      ...(flags.require === false ? { witnesses: [], requiredEvents: [] } : {}),
      onExploreProgress: (n) => explored.update(n, `${count(n)} distinct states`),
    });
  } catch (err) {
    explored.end();
    if (err instanceof RangeError) throw new UsageError(`--coverage-of: ${err.message.replace(/^spaceCoverage: /, '')}`);
    throw err;
  }
  explored.end();
  const violation = c.check.counterexample?.violation;
  if (flags.json) {
    const doc = {
      command: 'check --coverage-of',
      scenario: c.scenario,
      mutant: c.mutant,
      seed: c.seed,
      runs: c.runs,
      states: c.states,
      abstract: c.abstract,
      outside: c.outside,
      check: { status: c.check.status, ...(violation === undefined ? {} : { violation: violation.id }), missing: c.check.missing },
      unreachedExamples: c.unreachedExamples,
      ...(flags.timings === false ? {} : { timings: { exploreMs: Math.round(c.exploreMs), checkMs: Math.round(c.checkMs) } }),
    };
    io.out(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    const lines = [
      `coverage of ${c.scenario}${c.mutant === null ? '' : ` (mutant ${c.mutant})`} by ${count(c.runs)} random runs, seed ${c.seed}`,
      `  states     ${count(c.states.reached)} of ${count(c.states.reachable)} reachable (${percent(c.states.share)})`,
      `  abstract   ${count(c.abstract.reached)} of ${count(c.abstract.reachable)} (${percent(c.abstract.share)}), ${c.abstract.name}`,
      `  outside    ${count(c.outside)} states the runs reached that the explorer did not`,
      `  check      ${c.check.status}${violation === undefined ? '' : `: ${violation.id} ${violation.name}`}`,
      ...(c.unreachedExamples.length === 0 ? [] : ['  not reached, for example:', ...c.unreachedExamples.slice(0, 5).map((k) => `    ${k}`)]),
      `  rerun      npx vm-handover check --coverage-of ${shellWord(flags.coverageOf)}${mutant === undefined ? '' : ` --mutant ${mutant.id}`} --runs ${c.runs} --seed ${c.seed}${flags.maxSteps === undefined ? '' : ` --max-steps ${flags.maxSteps}`}`,
    ];
    io.out(`${lines.join('\n')}\n`);
  }
  return c.outside > 0 || c.check.status === 'violation' ? 1 : 0;
}
