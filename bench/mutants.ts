/**
 * How fast the random checker catches each seeded bug, and what the bias buys.
 *
 * Run: npx tsx bench/mutants.ts [--seeds 7] [--cap 10s]
 *
 * For each mutant of src/mutants/catalog.ts, on the `default` scenario, over seeds 1..N: the
 * invariant that caught it, the median time, runs and steps to the first failing run, the
 * shrunk trace's length (against the shortest counterexample a breadth-first search finds),
 * and the seeds that caught it. The same with two baselines that share the checker's engine
 * (same reducer, same checks, same fast-check generation): `weighted`, a crude walk (80 %
 * protocol, 10 % environment, 10 % faults per step, no swarm, no injection points, 150 steps
 * per run), and `uniform`, a uniform choice among the enabled events. Then how soon each
 * strategy reaches the witnesses, late faults included. Rewrites docs/checked.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { caughtAsExpected, check, parseBudget } from '../src/checker/index.ts';
import type { CheckOptions, CheckResult } from '../src/checker/index.ts';
import { mutants } from '../src/mutants/catalog.ts';
import { defaultScenario } from '../models/scenarios/index.ts';
import { witnesses } from '../properties/witnesses.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const SEEDS = Array.from({ length: Number(arg('seeds', '7')) }, (_, i) => i + 1);
const CAP_MS = parseBudget(arg('cap', '10s'));
const COMMAND = `npx tsx bench/mutants.ts --seeds ${SEEDS.length} --cap ${CAP_MS / 1000}s`;

/**
 * Shortest counterexamples on `default` (events), by breadth-first search over
 * `enabledTransitions` with the mutant's step (test/checker/shortest.ts), to the invariant the
 * checker reports. M-09's search did not fit in 14 GB; the checker's own traces bound it.
 */
const SHORTEST: Readonly<Record<string, number | string>> = {
  'M-01': 16,
  'M-02': 11,
  'M-03': 9,
  'M-04': 12,
  'M-05': 12,
  'M-06': 14,
  'M-07': 16,
  'M-08': 3,
  'M-09': '≤ 20 (search out of memory)',
  'M-10': 12,
  'M-11': 13,
  'M-12': 18,
  'M-13': 5,
  'M-14': 16,
};

type StrategyName = 'biased' | 'weighted' | 'uniform';
const STRATEGIES: Readonly<Record<StrategyName, Partial<CheckOptions>>> = {
  biased: {},
  weighted: { strategy: 'weighted', swarm: false, weights: { protocol: 0.8, environment: 0.1, fault: 0.1 }, rejectedShare: 0, maxSteps: 150 },
  uniform: { strategy: 'uniform', rejectedShare: 0, maxSteps: 150 },
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** The median with misses counted as infinitely late: unknown when half or more missed. */
const medianWithMisses = (xs: readonly (number | null)[]): number | null => {
  const m = median(xs.map((x) => x ?? Number.POSITIVE_INFINITY));
  return Number.isFinite(m) ? m : null;
};
const ms = (x: number | null): string => (x === null ? `> ${CAP_MS / 1000} s` : x < 1000 ? `${Math.round(x)} ms` : `${(x / 1000).toFixed(1)} s`);
const int = (x: number | null): string => (x === null ? '—' : Math.round(x).toLocaleString('en-US'));

interface Row {
  readonly results: readonly CheckResult[];
  readonly caught: number;
  readonly timeMs: number | null;
  readonly runs: number | null;
  readonly steps: number | null;
}

function measure(m: (typeof mutants)[number], strategy: StrategyName): Row {
  const results = SEEDS.map((seed) =>
    check({
      scenario: defaultScenario,
      mutant: m,
      seed,
      timeBudgetMs: CAP_MS,
      witnesses: [],
      requiredEvents: [],
      // The baselines are timed to the first failure only: no need to shrink them.
      ...(strategy === 'biased' ? {} : { shrinkLimit: 0, researchRuns: 0 }),
      ...STRATEGIES[strategy],
    }),
  );
  const hit = (r: CheckResult): boolean => r.counterexample !== undefined && caughtAsExpected(m, r);
  return {
    results,
    caught: results.filter(hit).length,
    timeMs: medianWithMisses(results.map((r) => (hit(r) ? (r.timeToFailureMs ?? null) : null))),
    runs: medianWithMisses(results.map((r) => (hit(r) ? r.runs : null))),
    steps: medianWithMisses(results.map((r) => (hit(r) ? r.steps : null))),
  };
}

const started = performance.now();
const load = loadavg()[0]!.toFixed(1);
const lines: string[] = [];
const out = (l = ''): void => {
  lines.push(l);
  console.log(l);
};

out('# Seeded bugs caught by the random checker');
out();
out(`Produced by \`${COMMAND}\` (Node ${process.version}, ${availableParallelism()} cores, load average ${load} at the start;`);
out('times depend on the machine and its load, runs and steps do not). Scenario `default`, seeds');
out(`${SEEDS[0]} to ${SEEDS.at(-1)}, each check stopped after ${CAP_MS / 1000} s. "Caught" means by one of the invariants the`);
out('catalogue names for the mutant, or by the independent oracle (`ORACLE`). Time, runs and steps are');
out('medians to the first failing run (before shrinking), over the seeds, a miss counting as infinitely');
out('late. The shrunk length is the trace after fast-check, delta debugging and re-search; the shortest');
out('is the shortest counterexample to the same invariant, found by breadth-first search.');
out();
out('## The biased checker (the default)');
out();
out('| id | name | bug | caught by | median time | median runs | median steps | shrunk length (median, range) | shortest | seeds caught |');
out('|---|---|---|---|---|---|---|---|---|---|');
const rows = new Map<string, Record<StrategyName, Row>>();
for (const m of mutants) {
  const biased = measure(m, 'biased');
  const lens = biased.results.flatMap((r) => (r.counterexample === undefined ? [] : [r.counterexample.shrunkLength]));
  const ids = [...new Set(biased.results.flatMap((r) => (r.counterexample === undefined ? [] : [r.counterexample.violation.id])))];
  const shortest = SHORTEST[m.id] ?? 'n/a';
  out(
    `| ${m.id} | ${m.name} | ${m.description} | ${ids.join(', ')} | ${ms(biased.timeMs)} | ${int(biased.runs)} | ${int(biased.steps)} | ${lens.length === 0 ? '—' : `${median(lens)} (${Math.min(...lens)}–${Math.max(...lens)})`} | ${shortest} | ${biased.caught}/${SEEDS.length} |`,
  );
  rows.set(m.id, { biased, weighted: measure(m, 'weighted'), uniform: measure(m, 'uniform') });
}
out();
out('## Against two baselines');
out();
out('Same engine, same checks; only the choice of events differs. `weighted`: a crude walk, 80 % protocol,');
out('10 % environment, 10 % faults at every step, no swarm, no injection points, 150 steps per run.');
out('`uniform`: each step a uniform choice among the enabled events, 150 steps per run.');
out();
out('| id | biased: time / runs / steps | caught | weighted: time / runs / steps | caught | uniform: time / runs / steps | caught |');
out('|---|---|---|---|---|---|---|');
const cell = (r: Row): string => `${ms(r.timeMs)} / ${int(r.runs)} / ${int(r.steps)} | ${r.caught}/${SEEDS.length}`;
for (const m of mutants) {
  const r = rows.get(m.id)!;
  out(`| ${m.id} | ${cell(r.biased)} | ${cell(r.weighted)} | ${cell(r.uniform)} |`);
}
const total = (s: StrategyName): string => {
  const all = [...rows.values()].map((r) => r[s]);
  return `${all.reduce((a, r) => a + r.caught, 0)}/${all.length * SEEDS.length}`;
};
out(`| all | | ${total('biased')} | | ${total('weighted')} | | ${total('uniform')} |`);
out();
out('## How soon each strategy reaches the witnesses');
out();
const WITNESS_RUNS = 2000;
const WITNESS_SEEDS = SEEDS.slice(0, 5);
out(`Median over seeds ${WITNESS_SEEDS[0]} to ${WITNESS_SEEDS.at(-1)} of the first run (of ${WITNESS_RUNS}) that reached each witness on the`);
out('reference reducer, `default` scenario; "never" when most seeds never reached it. W-09 to W-16 are');
out('the late-fault witnesses: faults that strike in the assigning phase, after the commit point,');
out('during a rollback.');
out();
const firstRuns = new Map<StrategyName, Map<string, (number | null)[]>>();
for (const s of Object.keys(STRATEGIES) as StrategyName[]) {
  const per = new Map<string, (number | null)[]>();
  for (const seed of WITNESS_SEEDS) {
    const r = check({ scenario: defaultScenario, seed, runs: WITNESS_RUNS, ...STRATEGIES[s] });
    for (const w of r.witnesses) (per.get(w.id) ?? per.set(w.id, []).get(w.id)!).push(w.firstRun);
  }
  firstRuns.set(s, per);
}
out('| witness | biased | weighted | uniform |');
out('|---|---|---|---|');
for (const w of witnesses) {
  const c = (s: StrategyName): string => {
    const m = medianWithMisses(firstRuns.get(s)!.get(w.id)!);
    return m === null ? 'never' : int(m);
  };
  out(`| ${w.id} ${w.name} | ${c('biased')} | ${c('weighted')} | ${c('uniform')} |`);
}
out();
out(`Total time of this benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s.`);

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'docs', 'checked.md');
// The sections after this marker are written by hand (both checkers, by property) and kept as they are.
const KEEP = '<!-- kept by bench/mutants.ts: written by hand below -->';
const old = existsSync(target) ? readFileSync(target, 'utf8') : '';
const kept = old.includes(KEEP) ? `\n${old.slice(old.indexOf(KEEP))}` : '';
writeFileSync(target, `${lines.join('\n')}\n${kept}`);
console.log(`\nwrote docs/checked.md`);
