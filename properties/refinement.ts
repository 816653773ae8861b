/**
 * REF-1: the reducer refines the lifecycle statechart of `models/lifecycle.ts`.
 *
 * @remarks
 * The refinement mapping sends a server state to a state of the chart: `idle` while no
 * handover was ever requested, otherwise the handover's phase inside its composite (a phase
 * and a leaf of the chart are the same name, so the mapping is read from the machine, not
 * listed). The property is an action property, a predicate of a step `(before, event, after)`:
 * the chart, put in the abstract state of `before` with `before` as the concrete state its
 * guards read, must have a transition for the event, and xstate's pure `transition` must lead
 * to the abstract state of `after`. A targetless transition is the chart's stutter: the phase
 * stays. This is stricter than TLA+'s `[Next]_vars`, which lets any step stutter: here a
 * stutter must be declared in the phase it happens in, so an event accepted in a phase where
 * it has no business is caught even when it changes no phase.
 *
 * The abstract machine is driven from the abstract state of `before` at every step, never kept
 * in step with the reducer on the side, so a check of one step needs nothing but that step.
 */
import type { AnyStateNode, StateValue } from 'xstate';
import { transition } from 'xstate';
import type { HandoverEvent } from '../src/model/events.ts';
import { formatEvent } from '../src/model/events.ts';
import type { ServerState } from '../src/model/state.ts';
import type { ActionProperty } from './invariants.ts';
import type { LifecycleLeaf } from '../models/lifecycle.ts';
import { LIFECYCLE_ID, lifecycleMachine } from '../models/lifecycle.ts';
import type { AbstractTransition } from '../models/lifecycleChart.ts';
import { describeTransition, formatStateValue, LEAF_VALUES } from '../models/lifecycleChart.ts';


/** The leaf of the chart a server state maps to: `idle`, or the handover's phase. @public */
export function abstractLeaf(s: ServerState): LifecycleLeaf {
  return s.handover === null ? 'idle' : s.handover.phase;
}

/**
 * The refinement mapping: the state value of the chart that a server state stands for.
 *
 * @example
 * ```ts
 * abstractState(initialState(tiny)); // 'idle'
 * abstractState(afterRequest);       // { preparing: 'configuring' }
 * ```
 * @public
 */
export function abstractState(s: ServerState): StateValue {
  const leaf = abstractLeaf(s);
  const value = LEAF_VALUES.get(leaf);
  // TypeOK (INV-0) rules out unknown phases; reaching here with one is a programmer error.
  if (value === undefined) throw new Error(`programmer error: phase ${leaf} is not a state of the lifecycle chart`);
  return value;
}

/**
 * What one accepted reducer step is at the abstract level: the chart's transition it takes,
 * or why there is none.
 * @public
 */
export type AbstractStep =
  | { readonly ok: true; readonly from: string; readonly to: string; readonly transition: AbstractTransition }
  | { readonly ok: false; readonly from: string; readonly to: string; readonly explanation: string };

/** What the chart does with an event in a state: the transition it takes (or none) and where it leads. */
interface ChartOutcome {
  readonly transition: AbstractTransition | null;
  readonly next: string;
}

/**
 * Outcomes of (state, event type) pairs whose candidate transitions have no guard. Only guards
 * read the concrete state, so for those pairs xstate's answer never changes: it is computed
 * once and remembered, which makes REF-1 cheap enough to run on every step of the explorer.
 */
const unguardedOutcomes = new Map<string, ChartOutcome>();

/** Whether any transition xstate could take for `type` in `leaf` (or its ancestors) is guarded. */
function isGuarded(leaf: string, type: string): boolean {
  for (let n: AnyStateNode | undefined = lifecycleMachine.getStateNodeById(`${LIFECYCLE_ID}.${leaf}`); n; n = n.parent)
    if (n.transitions.get(type)?.some((t) => t.guard !== undefined)) return true;
  return false;
}

function chartOutcome(fromValue: StateValue, from: string, before: ServerState, event: HandoverEvent): ChartOutcome {
  const key = `${from} ${event.type}`;
  const known = unguardedOutcomes.get(key);
  if (known !== undefined) return known;
  const snapshot = lifecycleMachine.resolveState({ value: fromValue, context: { concrete: before } });
  // getTransitionData, not snapshot.can: can() counts a targetless transition without actions
  // as forbidden, and such transitions are exactly the chart's declared stutters.
  const [taken] = lifecycleMachine.getTransitionData(snapshot, event);
  const outcome: ChartOutcome =
    taken === undefined
      ? { transition: null, next: from }
      : { transition: describeTransition(taken), next: formatStateValue(transition(lifecycleMachine, snapshot, event)[0].value) };
  if (!isGuarded(from, event.type)) unguardedOutcomes.set(key, outcome);
  return outcome;
}

/**
 * Maps an accepted reducer step to the chart's transition it takes, computed with xstate's
 * pure `transition` from the abstract state of `before`.
 * @public
 */
export function abstractStep(before: ServerState, event: HandoverEvent, after: ServerState): AbstractStep {
  const fromValue = abstractState(before);
  const from = formatStateValue(fromValue);
  const to = formatStateValue(abstractState(after));
  const { transition: t, next } = chartOutcome(fromValue, from, before, event);
  if (t === null)
    return {
      ok: false,
      from,
      to,
      explanation: `${formatEvent(event)} was accepted in ${from}${to === from ? '' : ` and led to ${to}`}, but the lifecycle has no transition on ${event.type} in ${from}`,
    };
  if (next !== to)
    return { ok: false, from, to, explanation: `${formatEvent(event)} led from ${from} to ${to}; the lifecycle leads to ${next} (${t.id})` };
  return { ok: true, from, to, transition: t };
}

/**
 * Whether one accepted reducer step refines the chart: null, or an explanation.
 * @public
 */
export function checkRefinement(before: ServerState, event: HandoverEvent, after: ServerState): string | null {
  const r = abstractStep(before, event, after);
  return r.ok ? null : r.explanation;
}

/**
 * REF-1 RefinesLifecycle, as a record the random checker and the explorer run on every step.
 * @public
 */
export const refinesLifecycle: ActionProperty = {
  id: 'REF-1',
  name: 'RefinesLifecycle',
  statement:
    'Every accepted step is a transition of the lifecycle statechart from the abstract state before it to the abstract state after it, or a stutter the chart declares in that state.',
  cites: ['C1.1', 'C1.3', 'C1.4', 'C1.5', 'C1.6', 'C1.8', 'C1.9'],
  check: checkRefinement,
};
