/**
 * W-17 to W-23 under the default generation: the first run that reached each, and how many runs
 * did, in the suites of test/checker/suites.test.ts (seed 42) and in the default `check` (1000
 * runs in batches). Usage: npx tsx bench/tools/interleavings.ts [W-17,W-18,...]
 */
import { check } from '../../src/checker/index.ts';
import { checkBatches } from '../../src/checker/parallel.ts';
import { defaultScenario, fragmented, small, tiny } from '../../models/scenarios/index.ts';
const ids = (process.argv[2] ?? 'W-17,W-18,W-19,W-20,W-21,W-22,W-23').split(',');
for (const [sc, runs] of [[tiny, 1000], [small, 700], [defaultScenario, 700], [fragmented, 1000]] as const) {
  const r = check({ scenario: sc, seed: 42, runs });
  console.log(sc.name, r.status, r.counterexample?.violation.id ?? '', ids.map((id) => { const w = r.witnesses.find((x) => x.id === id)!; return `${id}:${w.firstRun ?? 'never'}/${w.runs}`; }).join(' '), 'missing', JSON.stringify(r.missing));
}
const b = await checkBatches({ scenario: defaultScenario, seed: 42, runs: 1000, workers: 1 });
console.log('CLI default (batched 1000)', b.result.status, ids.map((id) => { const w = b.result.witnesses.find((x) => x.id === id)!; return `${id}:${w.firstRun ?? 'never'}/${w.runs}`; }).join(' '));
