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
import type { LifecycleContext, LifecycleLeaf } from '../models/lifecycle.ts';
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
 * How xstate's answer for one (leaf, event type) pair is remembered: the named guards of the
 * transitions it could take (the leaf's and its ancestors'), and the outcome for each vector of
 * their values, filled in as they are met.
 *
 * @remarks
 * The chart has no actions and no context updates, and its targets are fixed, so which
 * transition xstate takes for an event, and where it leads, depends on nothing but the state
 * value, the event's type and the values of the guards it evaluates. The guards are the only
 * reader of the concrete state: evaluated here on `before` (the same functions, from the
 * machine's own implementations), they give a key of a few bits, and the pair's outcome is
 * computed by xstate once per key. The statechart is finite, so after a handful of steps REF-1
 * costs a map lookup and the guards. An unguarded pair has the empty vector: one outcome.
 */
interface PairMemo {
  /** The guard functions to evaluate, in a fixed order; null when one is not a plain named function (then xstate decides every time). */
  readonly guards: readonly GuardFn[] | null;
  readonly outcomes: Map<number, ChartOutcome>;
}

type GuardFn = (args: { context: LifecycleContext; event: HandoverEvent }, params: undefined) => boolean;

/** Per leaf, per event type. */
const memo = new Map<string, Map<string, PairMemo>>();

/** The named guard functions xstate could evaluate for `type` in `leaf` (or its ancestors). */
function guardsOf(leaf: string, type: string): readonly GuardFn[] | null {
  const names: string[] = [];
  for (let n: AnyStateNode | undefined = lifecycleMachine.getStateNodeById(`${LIFECYCLE_ID}.${leaf}`); n; n = n.parent)
    for (const t of n.transitions.get(type) ?? []) {
      const g: unknown = t.guard;
      if (g === undefined) continue;
      const name = typeof g === 'string' ? g : typeof g === 'object' && g !== null && 'type' in g && typeof g.type === 'string' ? g.type : null;
      if (name === null) return null;
      if (!names.includes(name)) names.push(name);
    }
  const impl = lifecycleMachine.implementations.guards as Record<string, unknown>;
  const fns: GuardFn[] = [];
  for (const name of names) {
    const f = impl[name];
    // A built-in combinator (and, or, not) is an object, not a function: not memoised.
    if (typeof f !== 'function' || 'check' in f) return null;
    fns.push(f as GuardFn);
  }
  return fns.length > 30 ? null : fns;
}

function pairMemo(from: string, type: string): PairMemo {
  let byType = memo.get(from);
  if (byType === undefined) memo.set(from, (byType = new Map()));
  let m = byType.get(type);
  if (m === undefined) byType.set(type, (m = { guards: guardsOf(from, type), outcomes: new Map() }));
  return m;
}

/** What xstate itself says: the transition taken from `fromValue` on `event`, read by `before`'s guards. */
function xstateOutcome(fromValue: StateValue, from: string, before: ServerState, event: HandoverEvent): ChartOutcome {
  const snapshot = lifecycleMachine.resolveState({ value: fromValue, context: { concrete: before } });
  // getTransitionData, not snapshot.can: can() counts a targetless transition without actions
  // as forbidden, and such transitions are exactly the chart's declared stutters.
  const [taken] = lifecycleMachine.getTransitionData(snapshot, event);
  return taken === undefined
    ? { transition: null, next: from }
    : { transition: describeTransition(taken), next: formatStateValue(transition(lifecycleMachine, snapshot, event)[0].value) };
}

function chartOutcome(fromValue: StateValue, from: string, before: ServerState, event: HandoverEvent): ChartOutcome {
  const m = pairMemo(from, event.type);
  if (m.guards === null) return xstateOutcome(fromValue, from, before, event);
  let key = 0;
  if (m.guards.length > 0) {
    const args = { context: { concrete: before }, event };
    for (let i = 0; i < m.guards.length; i++) if (m.guards[i]!(args, undefined)) key |= 1 << i;
  }
  let outcome = m.outcomes.get(key);
  if (outcome === undefined) m.outcomes.set(key, (outcome = xstateOutcome(fromValue, from, before, event)));
  return outcome;
}

/** The formatted state value of each leaf: the names REF-1 compares, computed once. */
const LEAF_NAMES: ReadonlyMap<string, string> = new Map([...LEAF_VALUES].map(([leaf, v]) => [leaf, formatStateValue(v)]));

/** The state value and its name of a server state's leaf. */
function abstractName(s: ServerState): string {
  const name = LEAF_NAMES.get(abstractLeaf(s));
  if (name === undefined) abstractState(s); // throws the programmer error naming the phase
  return name!;
}

type OutcomeOf = (fromValue: StateValue, from: string, before: ServerState, event: HandoverEvent) => ChartOutcome;

function stepOutcome(before: ServerState, event: HandoverEvent, after: ServerState, outcomeOf: OutcomeOf): AbstractStep {
  const from = abstractName(before);
  const to = abstractName(after);
  const fromValue = LEAF_VALUES.get(abstractLeaf(before))!;
  const { transition: t, next } = outcomeOf(fromValue, from, before, event);
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
 * Maps an accepted reducer step to the chart's transition it takes, computed with xstate's
 * pure `transition` from the abstract state of `before` (remembered per leaf, event type and
 * guard values, see `PairMemo`).
 * @public
 */
export function abstractStep(before: ServerState, event: HandoverEvent, after: ServerState): AbstractStep {
  return stepOutcome(before, event, after, chartOutcome);
}

/**
 * {@link abstractStep} with xstate asked on every call, nothing remembered: the reference the
 * memoised REF-1 is tested against (test/model/fastPath.test.ts).
 * @internal
 */
export function abstractStepUncached(before: ServerState, event: HandoverEvent, after: ServerState): AbstractStep {
  return stepOutcome(before, event, after, xstateOutcome);
}

/**
 * Whether one accepted reducer step refines the chart: null, or an explanation.
 * @public
 */
export function checkRefinement(before: ServerState, event: HandoverEvent, after: ServerState): string | null {
  // The common case allocates nothing: a remembered outcome that leads where the step led.
  const from = abstractName(before);
  const { transition: t, next } = chartOutcome(LEAF_VALUES.get(abstractLeaf(before))!, from, before, event);
  if (t !== null && next === abstractName(after)) return null;
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
