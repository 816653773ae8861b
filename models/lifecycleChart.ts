/**
 * Reading the lifecycle statechart back from xstate: its leaves, its transitions, and the
 * names they go by in checks, tests and the diagram.
 *
 * @remarks
 * Everything here walks the machine xstate built (`machine.root` and its state nodes), never
 * the rule table it was built from, so what is checked and drawn is what xstate will run.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, StateValue } from 'xstate';
import { pathToStateValue } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import type { EventType } from '../src/model/events.ts';
import type { LifecycleLeaf } from './lifecycle.ts';
import { lifecycleMachine } from './lifecycle.ts';

/**
 * One transition of the chart as declared: where, on which event, under which guard, to where.
 * @public
 */
export interface AbstractTransition {
  /** A stable, readable id, e.g. `preparing.configuring --sp/hypervisorConfigured [bothConfigured]--> preparing.classifying`. */
  readonly id: string;
  /** The state that declares it, as a dotted path; `*` for the root (every state). */
  readonly from: string;
  readonly event: EventType;
  /** The guard's name, or null when unguarded. */
  readonly guard: string | null;
  /** The state it leads to, as a dotted path, or null: targetless, the phase stays. */
  readonly to: string | null;
  /** The claim elements or faults it comes from (the transition's description). */
  readonly cites: string;
}

/** The dotted path of a state node; `*` for the root. @public */
export function nodeName(node: AnyStateNode): string {
  return node.path.length === 0 ? '*' : node.path.join('.');
}

/**
 * A state value as a dotted path, e.g. `{ preparing: 'configuring' }` as `preparing.configuring`.
 * @public
 */
export function formatStateValue(value: StateValue): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value);
  const [first] = entries;
  // The chart has no parallel states, so a compound value has exactly one child.
  if (entries.length !== 1 || first === undefined) throw new Error(`programmer error: not a single-leaf value: ${JSON.stringify(value)}`);
  const [key, child] = first;
  return child === undefined ? key : `${key}.${formatStateValue(child)}`;
}

function guardName(t: AnyTransitionDefinition): string | null {
  const g: unknown = t.guard;
  if (g === undefined) return null;
  if (typeof g === 'string') return g;
  if (typeof g === 'object' && g !== null && 'type' in g && typeof g.type === 'string') return g.type;
  // An inline function guard has no name worth printing; the chart uses named guards only.
  throw new Error(`programmer error: transition on ${String(t.eventType)} has an unnamed guard`);
}

/** The declared transition a definition stands for. @public */
export function describeTransition(t: AnyTransitionDefinition): AbstractTransition {
  const from = nodeName(t.source);
  const event = t.eventType as EventType;
  const guard = guardName(t);
  const targets = t.target ?? [];
  if (targets.length > 1) throw new Error(`programmer error: ${from} on ${event} has several targets`);
  const to = targets[0] === undefined ? null : nodeName(targets[0]);
  const id = `${from} --${event}${guard === null ? '' : ` [${guard}]`}--> ${to ?? '(stays)'}`;
  return { id, from, event, guard, to, cites: t.description ?? '' };
}

/** Every state node of a machine, the root first, in document order. @public */
export function stateNodes(machine: AnyStateMachine = lifecycleMachine): AnyStateNode[] {
  // xstate/graph lists the descendants only; the root declares the rules of every state.
  return [machine.root, ...getStateNodes(machine.root)];
}

/**
 * Every transition of the chart, in document order (root first, then each state's, then its
 * children's); for each event in the order xstate tries them.
 * @public
 */
export function abstractTransitions(machine: AnyStateMachine = lifecycleMachine): AbstractTransition[] {
  const out: AbstractTransition[] = [];
  for (const node of stateNodes(machine))
    for (const defs of node.transitions.values()) for (const t of defs) out.push(describeTransition(t));
  return out;
}

/**
 * The state value of every leaf of the lifecycle chart, read from the machine: the one place
 * the refinement mapping learns where a phase sits.
 * @public
 */
export const LEAF_VALUES: ReadonlyMap<LifecycleLeaf, StateValue> = new Map(
  stateNodes(lifecycleMachine)
    .filter((n) => n.type === 'atomic')
    .map((n) => [n.key as LifecycleLeaf, pathToStateValue(n.path)]),
);
