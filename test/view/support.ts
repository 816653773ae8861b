/**
 * Traces for the viewer's tests, made through the library so that they follow the model: a
 * mutant's shortest counterexample from the explorer on tiny, and a clean walk of enabled events.
 */
import { tiny } from '../../models/scenarios/index.ts';
import { explorerCounterexample } from '../../src/cli/counterexample.ts';
import { explore } from '../../src/explorer/explore.ts';
import { handoverSystem } from '../../src/explorer/handover.ts';
import { enabledEvents } from '../../src/model/enabled.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import type { Mutant } from '../../src/mutants/catalog.ts';
import { mutantStep } from '../../src/mutants/catalog.ts';
import { makeTrace, recordTrace } from '../../src/trace/trace.ts';
import type { Trace } from '../../src/trace/trace.ts';
import { initialState } from '../../src/model/init.ts';
import { step } from '../../src/model/step.ts';

/** A mutant's counterexample on tiny (breadth first: the shortest), and the step and property it breaks. */
export function mutantCounterexample(m: Mutant): { readonly trace: Trace; readonly step: number; readonly violation: string } {
  const result = explore(handoverSystem(tiny, { step: mutantStep(m) }), { maxStates: 100_000 });
  if (result.violation === undefined) throw new Error(`${m.id} is not caught on tiny within 100,000 states`);
  const cx = explorerCounterexample(result.violation);
  return {
    trace: makeTrace(tiny, cx.events, cx.states, { mutant: m.name, violation: cx.violation }),
    // The explorer stops at the first state (or transition) that breaks a property: the last one.
    step: cx.events.length,
    violation: cx.violation.id,
  };
}

/** The first `n` events of a run that always takes the first enabled event, by the reference reducer. */
export function cleanTrace(n: number): Trace {
  const events: HandoverEvent[] = [];
  let s = initialState(tiny);
  for (let i = 0; i < n; i++) {
    const e = enabledEvents(s)[0];
    if (e === undefined) break;
    const r = step(s, e);
    if (!r.ok) throw new Error(`an enabled event was refused: ${r.rejection.code}`);
    events.push(e);
    s = r.state;
  }
  const { trace, rejected } = recordTrace(tiny, events);
  if (rejected !== null) throw new Error('recording refused an event the walk took');
  return trace;
}
