/**
 * Shared builders of the trace tests: random walks of the model, the `tiny` handover up to a
 * device pinning a reassignable unit, and a mutant reducer that ignores the pinned check.
 */
import type { HandoverEvent } from '../../src/model/events.ts';
import { eventKind } from '../../src/model/events.ts';
import { enabledTransitions } from '../../src/model/enabled.ts';
import { initialState } from '../../src/model/init.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { ServerState } from '../../src/model/state.ts';
import type { Step } from '../../src/model/step.ts';
import { makeStep, referenceHandlers, step as referenceStep } from '../../src/model/step.ts';
import type { Handler } from '../../src/model/steps/kit.ts';
import { ok, setUnit } from '../../src/model/steps/kit.ts';
import type { Trace, TraceStep } from '../../src/trace/trace.ts';

/**
 * A walk of the model: at each step take the enabled transition the next choice picks, until the
 * choices run out or nothing is enabled. Three choices in four pick among protocol events (when
 * any is enabled), so that walks get past the first faults and aborts into the switchover.
 */
export function randomWalk(scenario: Scenario, choices: readonly number[], step: Step = referenceStep): Trace {
  const initial = initialState(scenario);
  const steps: TraceStep[] = [];
  let s: ServerState = initial;
  for (const c of choices) {
    const ts = enabledTransitions(s, step);
    const protocol = ts.filter((x) => eventKind(x.event) === 'protocol');
    const pool = c % 4 === 0 || protocol.length === 0 ? ts : protocol;
    const t = pool[Math.floor(c / 4) % Math.max(1, pool.length)];
    if (t === undefined) break;
    steps.push({ event: t.event, state: t.state });
    s = t.state;
  }
  return { scenario, initial, steps };
}

/**
 * The `tiny` handover hA -> hB up to the assignment, then a device pins u1 (F15), which the
 * source has classified reassignable and copied to n1; the last event releases u1.
 */
export const PIN_THEN_RELEASE: readonly HandoverEvent[] = [
  { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' },
  { type: 'sp/hypervisorConfigured', hv: 'hA' },
  { type: 'sp/hypervisorConfigured', hv: 'hB' },
  { type: 'source/unitsClassified' },
  { type: 'source/unitCopied', unit: 'u1' },
  { type: 'source/consolidationFinished' },
  { type: 'source/schedSent' },
  { type: 'sp/schedRelayed', epoch: 1, version: 0 },
  { type: 'source/vmQuiesced' },
  { type: 'source/assignmentStarted' },
  { type: 'device/unitPinned', unit: 'u1' },
  { type: 'source/unitReleased', unit: 'u1' },
];

/**
 * The seeded bug: the source releases a unit without checking that it is pinned (F15). Written
 * by unpinning the unit for the reference handler and pinning it again after.
 */
const releaseIgnoringPin: Handler<'source/unitReleased'> = (s, e) => {
  const pinnedTo = s.units[e.unit]?.pinnedTo ?? null;
  const release = referenceHandlers['source/unitReleased'];
  if (pinnedTo === null) return release(s, e);
  const r = release(setUnit(s, e.unit, { pinnedTo: null }), e);
  return r.ok ? ok(setUnit(r.state, e.unit, { pinnedTo }), ...r.effects) : { ...r, state: s };
};

/** The reducer with the seeded bug. */
export const ignorePinStep: Step = makeStep({ ...referenceHandlers, 'source/unitReleased': releaseIgnoringPin });
