/**
 * The handover's lifecycle at the level of phases: the abstract specification that the
 * reducer refines, as an xstate v5 statechart.
 *
 * @remarks
 * Read it like an abstract TLA+ spec that a detailed one refines. Its states are the phases of
 * `src/model/state.ts` (plus `idle`, before the first request); its events are the reducer's
 * own events; a transition says which event may move a handover from which phase to which.
 * Everything below the phase is left out: units, messages, epochs and budgets. The reducer is
 * checked against this chart in both directions: every accepted step is one of its transitions
 * (`properties/refinement.ts`, REF-1) and every transition is taken by some reducer trace
 * (`test/lifecycle/coverage.test.ts`). The diagram in docs/lifecycle.md is drawn from it.
 *
 * One source of phases: the leaves are `PHASES` plus `idle`, and the two composites are cut
 * from `PHASES` by its protocol order (`preparing` runs up to the freeze, `switching` from the
 * freeze to the commit point), so a phase added to `PHASES` appears here, in the refinement
 * mapping and in the diagram without being listed again. The rules below name phases only as
 * places where an event does something, and the compiler checks every name.
 *
 * Events that keep the phase (a unit copied, a message relayed, a fault after the commit) are
 * declared as targetless transitions in the phases where the reducer accepts them, not left
 * out: the chart is then the complete table of which event is expected in which phase, the
 * refinement check catches an event accepted where it has no business (a stutter in the wrong
 * phase), and the coverage test proves every such declaration is real. They are targetless
 * rather than self-transitions because nothing is exited or entered: the phase simply stays.
 *
 * The reducer's `isPreCommit` needs no guard here: it is a predicate of the phase alone, so
 * the chart says it by where the abort rules are declared (on `preparing` and `switching`,
 * the pre-commit composites). The one transition that depends on more than the phase is the
 * end of configuration, guarded by `bothConfigured`, the reducer's own condition.
 */
import { setup } from 'xstate';
import type { EventType, HandoverEvent } from '../src/model/events.ts';
import type { Phase, ServerState } from '../src/model/state.ts';
import { PHASES } from '../src/model/state.ts';
import { isConfigured } from '../src/model/steps/kit.ts';

/** The id of the machine, and so the prefix of every state node id (`lifecycle.preparing`). @public */
export const LIFECYCLE_ID = 'lifecycle';

/** A leaf of the chart: a phase of the handover, or `idle` before the first request. @public */
export type LifecycleLeaf = 'idle' | Phase;

/** A composite of the chart: a group of consecutive phases. @public */
export type LifecycleComposite = 'preparing' | 'switching';

/** Any state of the chart, by name (leaf names are unique, so a name is enough). @public */
export type LifecycleState = LifecycleLeaf | LifecycleComposite;

/** The phases from `from` (included) to `to` (excluded), in protocol order. */
function phasesBetween(from: Phase, to: Phase): readonly Phase[] {
  return PHASES.slice(PHASES.indexOf(from), PHASES.indexOf(to));
}

/**
 * The phases each composite groups, cut from `PHASES` by protocol order: preparing runs until
 * the freeze (C1.3, C1.6, C1.8, C1.4), switching from the freeze to the commit point (C1.2, C1.9).
 * @public
 */
export const COMPOSITES: { readonly [C in LifecycleComposite]: readonly Phase[] } = {
  preparing: phasesBetween('configuring', 'quiesced'),
  switching: phasesBetween('quiesced', 'committed'),
};

/** The guards of the chart, named after the reducer's conditions. @public */
export type LifecycleGuard = 'bothConfigured';

/**
 * One rule of the chart: in a state, an event leads to another state or keeps the phase.
 * @public
 */
export interface LifecycleRule {
  /** Where the rule is declared: a leaf, a composite (all its phases) or `'*'` (every state). */
  readonly in: LifecycleState | '*';
  readonly on: EventType;
  /** The state the event leads to (a composite enters its first phase), or null: the phase stays. */
  readonly to: LifecycleState | null;
  readonly guard?: LifecycleGuard;
  /** The claim elements or faults it comes from, or `departure` (failure handling is not in the patent). */
  readonly cites: string;
}

/**
 * The rules of the chart, grouped by where they are declared.
 *
 * @remarks
 * A rule declared on a composite holds in each of its phases unless a phase declares its own
 * for the same event (xstate takes the deepest). Rules on `'*'` are the events that can happen
 * whatever the phase: the scheduler and the guest of any VM, the SP channel (messages outlive
 * the attempt that sent them) and the restart of a crashed hypervisor.
 * @public
 */
export const LIFECYCLE_RULES: readonly LifecycleRule[] = [
  { in: '*', on: 'scheduler/vmRescheduled', to: null, cites: 'F13, F20' },
  { in: '*', on: 'guest/memoryWritten', to: null, cites: 'F10' },
  { in: '*', on: 'sp/schedRelayed', to: null, cites: 'C1.4, F17' },
  { in: '*', on: 'target/schedReceived', to: null, cites: 'C1.4, F17' },
  { in: '*', on: 'fault/messageLost', to: null, cites: 'F04' },
  { in: '*', on: 'fault/messageDuplicated', to: null, cites: 'F17' },
  { in: '*', on: 'sp/hypervisorRestarted', to: null, cites: 'departure' },

  { in: 'idle', on: 'sp/handoverRequested', to: 'preparing', cites: 'C1.1' },

  { in: 'preparing', on: 'operator/handoverAborted', to: 'aborting', cites: 'F06' },
  { in: 'preparing', on: 'fault/hypervisorCrashed', to: 'aborting', cites: 'F01, F03' },
  { in: 'preparing', on: 'fault/spReset', to: 'aborting', cites: 'F05' },
  { in: 'preparing', on: 'device/unitPinned', to: null, cites: 'F15' },
  { in: 'configuring', on: 'sp/hypervisorConfigured', to: 'classifying', guard: 'bothConfigured', cites: 'C1.3' },
  { in: 'configuring', on: 'sp/hypervisorConfigured', to: null, cites: 'C1.3' },
  { in: 'classifying', on: 'source/unitsClassified', to: 'consolidating', cites: 'C1.6' },
  { in: 'consolidating', on: 'source/unitCopied', to: null, cites: 'C1.8, F.2' },
  { in: 'consolidating', on: 'source/pinDetected', to: null, cites: 'F15' },
  { in: 'consolidating', on: 'source/consolidationFinished', to: 'synchronising', cites: 'C1.8' },
  { in: 'synchronising', on: 'source/unitCopied', to: null, cites: 'F10' },
  { in: 'synchronising', on: 'source/pinDetected', to: null, cites: 'F15' },
  { in: 'synchronising', on: 'source/schedSent', to: null, cites: 'C1.4, F.3' },
  { in: 'synchronising', on: 'source/vmQuiesced', to: 'switching', cites: 'C1.4, F13' },

  { in: 'switching', on: 'operator/handoverAborted', to: 'aborting', cites: 'F06' },
  { in: 'switching', on: 'fault/hypervisorCrashed', to: 'aborting', cites: 'F01, F03' },
  { in: 'switching', on: 'fault/spReset', to: 'aborting', cites: 'F05' },
  { in: 'switching', on: 'fault/switchoverTimedOut', to: 'aborting', cites: 'F19' },
  { in: 'switching', on: 'device/unitPinned', to: null, cites: 'F15' },
  { in: 'switching', on: 'source/pinDetected', to: null, cites: 'F15' },
  { in: 'switching', on: 'source/schedSent', to: null, cites: 'C1.4, F.3, F04' },
  { in: 'quiesced', on: 'source/unitCopied', to: null, cites: 'F10' },
  { in: 'quiesced', on: 'source/assignmentStarted', to: 'assigning', cites: 'C1.8, C1.9' },
  { in: 'assigning', on: 'source/unitReleased', to: null, cites: 'C1.2, C1.9, F.1' },
  { in: 'assigning', on: 'target/unitAcquired', to: null, cites: 'C1.2, C1.9' },
  { in: 'assigning', on: 'fault/unitTransferFailed', to: 'aborting', cites: 'F07' },
  { in: 'assigning', on: 'sp/commitRecorded', to: 'committed', cites: 'C1.1' },

  { in: 'committed', on: 'target/vmResumed', to: 'completed', cites: 'C1.5, C1.10' },
  { in: 'committed', on: 'sp/hypervisorConfigured', to: null, cites: 'C1.3, F02, F05' },
  { in: 'committed', on: 'source/schedSent', to: null, cites: 'C1.4, F05' },
  { in: 'committed', on: 'fault/hypervisorCrashed', to: null, cites: 'F02' },
  { in: 'committed', on: 'fault/spReset', to: null, cites: 'F05' },
  { in: 'committed', on: 'fault/switchoverTimedOut', to: null, cites: 'F19' },
  { in: 'committed', on: 'device/unitPinned', to: null, cites: 'F15' },

  { in: 'completed', on: 'sp/handoverRequested', to: 'preparing', cites: 'F12' },
  { in: 'completed', on: 'sp/hypervisorRetired', to: null, cites: 'F16' },

  { in: 'aborting', on: 'source/unitReclaimed', to: null, cites: 'F07' },
  { in: 'aborting', on: 'source/rollbackCompleted', to: 'rolledBack', cites: 'departure' },
  { in: 'aborting', on: 'fault/hypervisorCrashed', to: null, cites: 'F01, F03' },
  { in: 'aborting', on: 'fault/spReset', to: null, cites: 'F05' },
  { in: 'aborting', on: 'device/unitPinned', to: null, cites: 'F15' },

  { in: 'rolledBack', on: 'sp/handoverRequested', to: 'preparing', cites: 'F11' },
];

/**
 * What the chart's guards read: the concrete state the current abstract state stands for.
 *
 * @remarks
 * The refinement check puts the reducer's state before the step here, so `bothConfigured` is
 * decided by the reducer's own condition. With no concrete state (the chart walked on its own,
 * as `xstate/graph` does) the guard holds: the abstract chart may always move on.
 * @public
 */
export interface LifecycleContext {
  readonly concrete: ServerState | null;
}

/** The composite a leaf sits in, or null for a leaf at the top level. */
function parentOf(leaf: LifecycleLeaf): LifecycleComposite | null {
  for (const c of Object.keys(COMPOSITES) as LifecycleComposite[])
    if ((COMPOSITES[c] as readonly string[]).includes(leaf)) return c;
  return null;
}

/** The path of a state from the root, e.g. `['preparing', 'configuring']`. @public */
export function lifecyclePath(state: LifecycleState): readonly string[] {
  if (state === 'preparing' || state === 'switching') return [state];
  const parent = parentOf(state);
  return parent === null ? [state] : [parent, state];
}

const target = (state: LifecycleState): string => `#${[LIFECYCLE_ID, ...lifecyclePath(state)].join('.')}`;

const lifecycleSetup = setup({
  types: {
    context: {} as LifecycleContext,
    events: {} as HandoverEvent,
  },
  guards: {
    /**
     * After this configuration both the source and the target are configured in the SP's
     * current epoch (C1.3): the reducer's condition for leaving `configuring`.
     */
    bothConfigured: ({ context, event }) => {
      const s = context.concrete;
      if (s === null) return true;
      const h = s.handover;
      if (h === null || event.type !== 'sp/hypervisorConfigured') return false;
      return [h.source, h.target].every((hv) => hv === event.hv || isConfigured(s, hv));
    },
  },
});

type MachineConfig = Parameters<typeof lifecycleSetup.createMachine>[0];
type StatesConfig = NonNullable<MachineConfig['states']>;
type OnConfig = Record<string, { target?: string; guard?: LifecycleGuard; description: string }[]>;

/** The `on` block of one state: its rules, in table order (xstate tries them in order). */
function onOf(state: LifecycleState | '*'): OnConfig {
  const on: OnConfig = {};
  for (const r of LIFECYCLE_RULES) {
    if (r.in !== state) continue;
    const t = {
      ...(r.to === null ? {} : { target: target(r.to) }),
      ...(r.guard === undefined ? {} : { guard: r.guard }),
      description: r.cites,
    };
    (on[r.on] ??= []).push(t);
  }
  return on;
}

function leafConfig(leaf: LifecycleLeaf): { on: OnConfig } {
  return { on: onOf(leaf) };
}

function compositeConfig(c: LifecycleComposite): { initial: string; on: OnConfig; states: Record<string, { on: OnConfig }> } {
  const phases = COMPOSITES[c];
  const first = phases[0];
  if (first === undefined) throw new Error(`programmer error: composite ${c} has no phase`);
  return { initial: first, on: onOf(c), states: Object.fromEntries(phases.map((p) => [p, leafConfig(p)])) };
}

/** The top level in protocol order: idle, then each phase or the composite that holds it. */
function topLevel(): Record<string, unknown> {
  const states: Record<string, unknown> = { idle: leafConfig('idle') };
  for (const p of PHASES) {
    const parent = parentOf(p);
    if (parent === null) states[p] = leafConfig(p);
    else if (!(parent in states)) states[parent] = compositeConfig(parent);
  }
  return states;
}

/**
 * The lifecycle statechart of a handover (xstate v5).
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 * const [s0] = initialTransition(lifecycleMachine);
 * const [s1] = transition(lifecycleMachine, s0, { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });
 * s1.value; // { preparing: 'configuring' }
 * ```
 * @public
 */
export const lifecycleMachine = lifecycleSetup.createMachine({
  id: LIFECYCLE_ID,
  description: 'The lifecycle of a VM handover at the level of phases (docs/lifecycle.md).',
  initial: 'idle',
  context: { concrete: null },
  on: onOf('*') as NonNullable<MachineConfig['on']>,
  // Built from PHASES and LIFECYCLE_RULES, whose names the compiler checks; xstate's config
  // type cannot follow a computed object, hence the one cast.
  states: topLevel() as StatesConfig,
});

/** The type of the lifecycle machine. @public */
export type LifecycleMachine = typeof lifecycleMachine;
