/**
 * `npm run fuzz`: 1,000,000 fuzzed inputs into `step` and every parser, with the counts the
 * issue asks for (issue 12, item 1): uncaught exceptions, mutations of a deep-frozen input and
 * prototype pollution, all with a goal of 0. The harness is test/fuzz/harness.ts, the one
 * `npm test` runs at a CI-sized count.
 *
 * Run: npm run fuzz                       (1,000,000 inputs, seed 20261202)
 *      npm run fuzz -- --inputs 50000 --seed 7
 * Exit code 1 when any goal is missed; the first finding of each kind is printed.
 */
import type { FuzzCounts, FuzzTarget } from '../test/fuzz/harness.ts';
import { eventLineTarget, fuzz, itfTarget, reachableStates, scenarioFileTarget, stepEventTarget, stepStateTarget } from '../test/fuzz/harness.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  const v = i < 0 ? NaN : Number(process.argv[i + 1]);
  return Number.isSafeInteger(v) && v > 0 ? v : fallback;
};
const total = arg('--inputs', 1_000_000);
const seed = arg('--seed', 20261202);

const pool = reachableStates(400);
// Shares of the inputs: the reducer takes most, the slower parsers (zod) fewer.
const each = <T>(target: FuzzTarget<T>, share: number) => ({ name: target.name, share, run: (runs: number, s: number) => fuzz(target, { runs, seed: s }) });
const plan = [
  each(stepEventTarget(pool), 0.45),
  each(stepStateTarget(pool), 0.2),
  each(eventLineTarget(pool), 0.15),
  each(scenarioFileTarget(), 0.15),
  each(itfTarget(), 0.05),
];

const fmt = (n: number): string => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
console.log(`fuzz: ${fmt(total)} inputs, seed ${seed}, ${pool.length} reachable states (tiny, small, default)\n`);
const rows: FuzzCounts[] = [];
let given = 0;
plan.forEach(({ name, share, run }, i) => {
  const runs = i === plan.length - 1 ? total - given : Math.round(total * share);
  given += runs;
  const c = run(runs, seed + i);
  rows.push(c);
  console.error(`${name}: ${fmt(c.inputs)} inputs in ${(c.elapsedMs / 1000).toFixed(1)} s`);
});

console.log('| target | inputs | accepted | rejected | typed errors | uncaught exceptions | mutations of frozen input | prototype pollution | µs per input |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const c of rows)
  console.log(`| ${c.target} | ${fmt(c.inputs)} | ${fmt(c.accepted)} | ${fmt(c.rejected)} | ${fmt(c.typedErrors)} | ${c.crashes} | ${c.mutations} | ${c.pollutions} | ${((c.elapsedMs * 1000) / c.inputs).toFixed(1)} |`);
const sum = (k: 'inputs' | 'crashes' | 'mutations' | 'pollutions'): number => rows.reduce((a, c) => a + c[k], 0);
// Typed errors are a finding everywhere except for hand-built states.
const strayTyped = rows.filter((c) => c.findings.some((f) => f.kind === 'typedError')).length;
console.log(`| **total** | ${fmt(sum('inputs'))} | | | | **${sum('crashes')}** | **${sum('mutations')}** | **${sum('pollutions')}** | |`);
const findings = rows.flatMap((c) => c.findings.filter((f) => f.kind !== 'typedError' || strayTyped > 0).map((f) => ({ target: c.target, ...f })));
for (const f of findings) console.log(`\n${f.kind} in "${f.target}":\n  input: ${f.input}\n  ${f.error.split('\n').slice(0, 8).join('\n  ')}`);
process.exitCode = sum('crashes') + sum('mutations') + sum('pollutions') + strayTyped === 0 ? 0 : 1;
