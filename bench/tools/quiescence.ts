/**
 * How long the random checker's quiescence drive (src/checker/liveness.ts) runs on the
 * reference reducer: from every reachable state of `tiny` (exhaustive), and from the last state
 * of sampled runs of `default`. The figures behind `defaultQuiescenceBound` (docs/checked.md).
 *
 * Usage: npx tsx bench/tools/quiescence.ts [--runs N]   (default 20000 runs of default)
 */
import fc from 'fast-check';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { explore, handoverSystem } from '../../src/explorer/index.ts';
import { initialState } from '../../src/model/init.ts';
import type { ServerState } from '../../src/model/state.ts';
import { resolveOptions } from '../../src/checker/options.ts';
import { drive, driverContext } from '../../src/checker/driver.ts';
import { quiesce } from '../../src/checker/liveness.ts';
import { defaultQuiescenceBound } from '../../src/checker/options.ts';
import { runArbitrary } from '../../src/checker/run.ts';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20_000;

// tiny: every reachable state, driven with an unreachable bound, so that a cycle would show.
{
  const config = resolveOptions({ scenario: tiny, quiescenceBound: 1000, monitors: [] });
  const properties = { invariants: config.invariants, actionProperties: [], monitors: [] };
  let states = 0;
  let longest = 0;
  let failed = 0;
  const started = performance.now();
  explore(handoverSystem(tiny), {
    onState: (s: ServerState) => {
      states++;
      const q = quiesce(config, properties, s, [], null);
      if (q.violation !== null) failed++;
      longest = Math.max(longest, q.events.length);
    },
  });
  console.log(
    `tiny: ${states} reachable states, longest drive ${longest} steps, ${failed} drives failed, ` +
      `bound ${defaultQuiescenceBound(tiny)}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

// default: the drive at the end of sampled runs (liveness on, so every run ends with one).
{
  const config = resolveOptions({ scenario: defaultScenario, quiescenceBound: 1000, witnesses: [], requiredEvents: [] });
  const ctx = driverContext(config, initialState(defaultScenario));
  const arb = runArbitrary({ scenario: defaultScenario, maxSteps: config.maxSteps, swarm: true, strategy: 'biased' });
  let longest = 0;
  let failed = 0;
  let total = 0;
  const started = performance.now();
  for (const run of fc.sample(arb, { seed: 42, numRuns: runs })) {
    const out = drive(ctx, run, null);
    if (out.violation !== null) failed++;
    longest = Math.max(longest, out.driven);
    total += out.driven;
  }
  console.log(
    `default: ${runs} runs, longest drive ${longest} steps, mean ${(total / runs).toFixed(1)}, ${failed} runs failed, ` +
      `bound ${defaultQuiescenceBound(defaultScenario)}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
