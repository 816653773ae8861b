/**
 * Focused re-search: the third shrinking stage, after fast-check and delta debugging.
 *
 * @remarks
 * Delta debugging only removes events, so it is stuck when the short path to a bug is a
 * different path: a bug first hit in a second handover (A to B, then B to A) cannot be shrunk
 * into the first handover by deleting events, because the second request needs the first to
 * have completed. fast-check's shrinking can get there, but only after thousands of candidate
 * runs. This stage searches for the shortcut directly: fresh runs capped one event shorter
 * than the best trace so far, so any run that fails the same way is shorter; each hit is
 * delta-debugged and becomes the new best, and the cap tightens. The runs come from a seed
 * derived from the check's seed, so the outcome is deterministic and a replay repeats it.
 */
import fc from 'fast-check';
import type { Config } from './options.ts';
import type { DriverContext } from './driver.ts';
import { drive } from './driver.ts';
import { deltaDebug } from './deltaDebug.ts';
import type { Trace } from './replay.ts';
import { runArbitrary } from './run.ts';

/**
 * The shortest trace found by up to `budget` capped runs, or `best` itself.
 * @internal
 */
export function shorten(ctx: DriverContext, config: Config, best: Trace, targetId: string, budget: number, seed: number): Trace {
  let spent = 0;
  let round = 0;
  while (spent < budget && best.events.length > 1) {
    const cap = best.events.length - 1;
    const arb = runArbitrary({ scenario: config.scenario, maxSteps: cap, swarm: config.swarm, strategy: config.strategy });
    const batch = Math.min(50, budget - spent);
    const runs = fc.sample(arb, { seed: (seed + 7919 * ++round) | 0, numRuns: batch });
    spent += batch;
    let improved = false;
    for (const run of runs) {
      const out = drive(ctx, run, null);
      if (out.violation?.id !== targetId) continue;
      const t = deltaDebug(ctx, out.events.slice(0, out.events.length - out.driven), targetId);
      if (t.events.length < best.events.length) {
        best = t;
        improved = true;
        break;
      }
    }
    // A batch without a hit at this cap is evidence enough to stop early only when the budget is out.
    if (!improved && spent >= budget) break;
  }
  return best;
}
