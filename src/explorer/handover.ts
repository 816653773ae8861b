/**
 * The handover model as a transition system for the explorer.
 */
import type { Invariant as ModelInvariant } from '../../properties/invariants.ts';
import { invariants as allInvariants } from '../../properties/invariants.ts';
import type { Transition } from '../model/enabled.ts';
import { enabledTransitions } from '../model/enabled.ts';
import { EVENT_KINDS } from '../model/events.ts';
import type { Scenario } from '../model/scenario.ts';
import { initialState } from '../model/init.ts';
import type { ServerState } from '../model/state.ts';
import { isActive } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import { step as referenceStep } from '../model/step.ts';
import type { TransitionSystem } from './system.ts';

/** Options of {@link handoverSystem}. @public */
export interface HandoverSystemOptions {
  readonly step?: Step;
  readonly invariants?: readonly ModelInvariant[];
}

/**
 * Canonical encoding of a state for fingerprints: every variable, in a fixed order, without the
 * constants (shared by every state of a run).
 * @public
 */
export function encodeState(s: ServerState): string {
  return JSON.stringify([s.units, s.hypervisors, s.vms, s.sp.epoch, s.channel, s.handover, s.completed, s.rolledBack, s.used]);
}

/**
 * A scenario of the handover model as a transition system: actions are the enabled transitions
 * (event and next state, computed once), faults and environment events are the `isFault` ones,
 * and terminal states are those with no handover under way.
 * @public
 */
export function handoverSystem(scenario: Scenario, options: HandoverSystemOptions = {}): TransitionSystem<ServerState, Transition> {
  const step = options.step ?? referenceStep;
  return {
    initialStates: [initialState(scenario)],
    actions: (s) => enabledTransitions(s, step),
    step: (_s, t) => t.state,
    actionName: (t) => t.event.type,
    encode: encodeState,
    invariants: (options.invariants ?? allInvariants).map((inv) => ({ id: inv.id, name: inv.name, check: inv.check })),
    isTerminal: (s) => !isActive(s.handover),
    isFault: (t) => EVENT_KINDS[t.event.type] !== 'protocol',
  };
}
