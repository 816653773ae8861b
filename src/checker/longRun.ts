/**
 * The long, time-budgeted run, for local and nightly use: every named scenario against the
 * reference (no violation, every witness, every event type), then every mutant of the
 * catalogue on the default scenario (each must be caught), from a fresh seed it prints first.
 *
 * @remarks
 * `npx tsx src/checker/longRun.ts --budget 60s [--seed S]`. The mutants go first, each with a
 * share of what is left and stopping as soon as it is caught; the scenarios then share the rest,
 * each weighing eight mutants. Exits with status 1 if anything fails, and prints the replay line
 * of every failure.
 */
import { pathToFileURL } from 'node:url';
import { defaultScenario, scenarios as namedScenarios } from '../../models/scenarios/index.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Mutant } from '../mutants/catalog.ts';
import { mutants as catalogue } from '../mutants/catalog.ts';
import { caughtAsExpected } from './caught.ts';
import { check } from './check.ts';
import { freshSeed } from './options.ts';
import { formatReport, formatSummary, replayCommand } from './report.ts';
import type { CheckResult } from './result.ts';

/** Options of {@link longRun}. @public */
export interface LongRunOptions {
  readonly budgetMs: number;
  readonly seed?: number;
  /** Scenarios checked against the reference (default every named scenario). */
  readonly scenarios?: readonly Scenario[];
  /** Mutants that must be caught (default the whole catalogue). */
  readonly mutants?: readonly Mutant[];
  /** The scenario mutants are checked on (default `default`). */
  readonly mutantScenario?: Scenario;
  /** Where lines go (default console.log). */
  readonly log?: (line: string) => void;
}

/** One line of the long run's outcome. @public */
export interface LongRunEntry {
  readonly what: string;
  readonly ok: boolean;
  readonly result: CheckResult;
}

/** The long run's outcome. @public */
export interface LongRunResult {
  readonly ok: boolean;
  readonly seed: number;
  readonly entries: readonly LongRunEntry[];
}

/**
 * Runs every scenario and every mutant within the budget.
 * @public
 */
export function longRun(o: LongRunOptions): LongRunResult {
  const log = o.log ?? ((line: string) => console.log(line));
  const seed = o.seed ?? freshSeed();
  const scenarios = o.scenarios ?? Object.values(namedScenarios);
  const mutants = o.mutants ?? catalogue;
  const on = o.mutantScenario ?? defaultScenario;
  log(`long run: seed ${seed}, budget ${(o.budgetMs / 1000).toFixed(0)} s (${scenarios.length} scenarios, ${mutants.length} mutants)`);
  // Mutants first: each stops when caught, and what it leaves goes to the later items. A
  // scenario weighs SCENARIO_WEIGHT mutants: it runs to its budget, a mutant rarely does.
  const deadline = performance.now() + o.budgetMs;
  let weightLeft = mutants.length + SCENARIO_WEIGHT * scenarios.length;
  const share = (weight: number): number => {
    const ms = Math.max(0, deadline - performance.now()) * (weight / weightLeft);
    weightLeft -= weight;
    return ms;
  };
  const entries: LongRunEntry[] = [];
  for (const m of mutants) {
    const result = check({ scenario: on, mutant: m, seed, timeBudgetMs: share(1), witnesses: [], requiredEvents: [] });
    const ok = caughtAsExpected(m, result);
    entries.push({ what: `mutant ${m.id}`, ok, result });
    const cx = result.counterexample;
    log(
      cx === undefined
        ? `✗ ${m.id} ${m.name}: NOT CAUGHT in ${result.runs} runs`
        : `${ok ? '✓' : '✗'} ${m.id} ${m.name}: caught by ${cx.violation.id} in run ${result.runs}, after ${((result.timeToFailureMs ?? 0) / 1000).toFixed(2)} s, shrunk to ${cx.shrunkLength} steps — ${replayCommand(result)}`,
    );
  }
  for (const scenario of scenarios) {
    const result = check({ scenario, seed, timeBudgetMs: share(SCENARIO_WEIGHT) });
    const ok = result.status === 'ok';
    entries.push({ what: `scenario ${scenario.name}`, ok, result });
    log(`${ok ? '✓' : '✗'} ${formatSummary(result)}`);
    if (!ok) log(formatReport(result));
  }
  const ok = entries.every((e) => e.ok);
  log(ok ? `long run passed (seed ${seed})` : `long run FAILED (seed ${seed}): ${entries.filter((e) => !e.ok).map((e) => e.what).join(', ')}`);
  return { ok, seed, entries };
}

/** How many mutants' shares of the budget one scenario gets. @internal */
const SCENARIO_WEIGHT = 8;

/**
 * A budget on the command line: `60s`, `2m`, `1500ms`, or a bare number of seconds.
 * @public
 */
export function parseBudget(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (m === null) throw new RangeError(`budget must look like 60s, 2m or 1500ms, got ${text}`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}

/**
 * The command line's options: `--budget 60s` (default 60 s) and `--seed S`.
 * @public
 */
export function parseLongRunArgs(argv: readonly string[]): { readonly budgetMs: number; readonly seed?: number } {
  let budgetMs = 60_000;
  let seed: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new RangeError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--budget') budgetMs = parseBudget(value());
    else if (flag === '--seed') {
      seed = Number(value());
      if (!Number.isInteger(seed)) throw new RangeError(`--seed must be an integer`);
    } else throw new RangeError(`unknown option ${arg} (expected --budget 60s, --seed S)`);
  }
  return seed === undefined ? { budgetMs } : { budgetMs, seed };
}

// The command-line entry point; longRun and parseLongRunArgs are what the tests exercise.
/* v8 ignore start */
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = longRun(parseLongRunArgs(process.argv.slice(2)));
  process.exitCode = r.ok ? 0 : 1;
}
/* v8 ignore stop */
