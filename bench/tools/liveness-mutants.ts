/**
 * The liveness mutants M-25 and M-26 under the random checker: for seeds 1 to 10 and 42, what
 * catches them, in which run, and the shrunk length, on default and tiny (docs/checked.md).
 *
 * Usage: npx tsx bench/tools/liveness-mutants.ts
 */
import { check } from '../../src/checker/index.ts';
import { findMutant } from '../../src/mutants/catalog.ts';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
for (const id of ['M-25', 'M-26']) for (const sc of [defaultScenario, tiny]) {
  const out: string[] = [];
  for (const seed of [1,2,3,4,5,6,7,8,9,10,42]) {
    const r = check({ scenario: sc, mutant: findMutant(id)!, seed, runs: 3000, witnesses: [], requiredEvents: [] });
    out.push(`${seed}:${r.counterexample?.violation.id ?? 'MISS'}/${r.runs}/${r.counterexample?.shrunkLength}`);
  }
  console.log(id, sc.name, out.join(' '));
}
