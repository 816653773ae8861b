/**
 * The handover model as a transition system for the explorer: the adapter between the
 * reference reducer (src/model) and the generic breadth-first search (explore.ts).
 *
 * @remarks
 * Two things live here because they know the shape of a {@link ServerState}: the wiring of
 * symmetry reduction over interchangeable units (the permutation itself is in symmetry.ts) and
 * the renderers a command line needs to print handover states and events in a counterexample.
 * The compact canonical encoding the fingerprints are computed from is the model's
 * (src/model/encode.ts); successors come from the model's fast path for the reference reducer
 * (src/model/fastPath.ts) and from `enabledTransitions` with the given step for any other.
 */
import type { ActionProperty } from '../../properties/invariants.ts';
import { refinesLifecycle } from '../../properties/refinement.ts';
import type { Invariant as ModelInvariant } from '../../properties/invariants.ts';
import { invariants as allInvariants } from '../../properties/invariants.ts';
import type { Transition } from '../model/enabled.ts';
import { codecOf } from '../model/encode.ts';
import { EVENT_KINDS, formatEvent } from '../model/events.ts';
import { successorsOf } from '../model/fastPath.ts';
import { initialState } from '../model/init.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ServerState, UnitState } from '../model/state.ts';
import { isActive } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import { step as referenceStep } from '../model/step.ts';
import type { ExploreProgress } from './explore.ts';
import type { TraceStep } from './result.ts';
import { unitSymmetry } from './symmetry.ts';
import type { TransitionSystem } from '../../models/system.ts';

// The encoding is domain code and lives beside the model (src/model/encode.ts); re-exported here,
// where the explorer's users have always found it.
export { encodeState, encodeStateJson } from '../model/encode.ts';

/** Options of {@link handoverSystem}. @public */
export interface HandoverSystemOptions {
  /** The reducer to explore; default the reference one (a mutant's `mutantStep(m)` to check a seeded bug). */
  readonly step?: Step;
  /** The invariants checked on every state; default every invariant of properties/invariants.ts. */
  readonly invariants?: readonly ModelInvariant[];
  /**
   * Adds `canonicalise`: symmetry reduction over interchangeable units (same kind, node, VM and
   * unreassignable flag), see {@link interchangeableUnits}. Default false.
   */
  readonly symmetry?: boolean;
  /**
   * Properties of every step, checked on every generated transition; default the refinement
   * mapping to the lifecycle statechart (REF-1). `[]` for none.
   */
  readonly actionProperties?: readonly ActionProperty[];
}

// ---------------------------------------------------------------------------------------------
// Symmetry
// ---------------------------------------------------------------------------------------------

/**
 * The classes of interchangeable units of a scenario: units whose specification is identical
 * except the id (same kind, node, VM and unreassignable flag), each class in scenario order;
 * only classes of two or more units are listed.
 *
 * @remarks
 * Nothing in the reducer, the enabled events or the invariants tells such units apart but
 * their id, so renaming them maps reachable states to reachable states and preserves every
 * verdict (the reason symmetry reduction is sound here, as for TLC's `Permutations(RM)`).
 * @example
 * ```ts
 * interchangeableUnits(defaultScenario); // [['u1', 'u4']]
 * interchangeableUnits(tiny); // []
 * ```
 * @public
 */
export function interchangeableUnits(sc: Scenario): string[][] {
  const classes = new Map<string, string[]>();
  for (const u of sc.units) {
    const key = JSON.stringify([u.kind, u.node, u.vm, u.unreassignable]);
    const members = classes.get(key);
    if (members === undefined) classes.set(key, [u.id]);
    else members.push(u.id);
  }
  return [...classes.values()].filter((c) => c.length > 1);
}

/**
 * The symmetry canonicaliser of a scenario: maps a state to the representative of its orbit
 * under permutations of each class of {@link interchangeableUnits}.
 *
 * @remarks
 * Units of a class are sorted by their own variables and their membership in the handover's
 * two portions, ids are renamed consistently, and the portions are read as sets (sorted in
 * scenario order). A state already in canonical form is returned as is. See symmetry.ts.
 * @public
 */
export function canonicaliseUnits(sc: Scenario): (s: ServerState) => ServerState {
  return unitSymmetry(sc, interchangeableUnits(sc), codecOf(sc).encodeUnit);
}

// ---------------------------------------------------------------------------------------------
// The transition system
// ---------------------------------------------------------------------------------------------

/**
 * The explorer's terminal states of the handover: no handover under way (none requested yet,
 * or the last one completed or rolled back). A state where stopping is correct: never a
 * deadlock, and the goal of the termination check.
 *
 * @remarks
 * Exported so that the random checker's deadlock and quiescence checks (src/checker/liveness.ts)
 * use the very predicate the explorer does.
 * @public
 */
export function isHandoverTerminal(s: ServerState): boolean {
  return !isActive(s.handover);
}

/**
 * The explorer's fault actions of the handover, by event type: every event that is not a
 * protocol step (environment events and faults; a type the model does not declare too). They
 * neither prevent a deadlock nor count towards termination.
 * @public
 */
export function isHandoverFault(type: string): boolean {
  return (EVENT_KINDS as Readonly<Record<string, string>>)[type] !== 'protocol';
}

/**
 * A scenario of the handover model as a transition system: actions are the enabled transitions
 * (event and next state, computed once), faults and environment events are the `isFault` ones,
 * and terminal states are those with no handover under way.
 *
 * @remarks
 * Deadlock and termination are therefore judged on protocol steps only: a state whose only
 * enabled events are faults or environment events is a deadlock, and termination asks that a
 * completed or rolled-back handover stays reachable without any further fault (fairness on the
 * protocol, none on the environment).
 * @example
 * ```ts
 * const result = explore(handoverSystem(tiny), { checkTermination: true });
 * console.log(formatExploreReport(result, { formatState: formatHandoverState }));
 * ```
 * @public
 */
export function handoverSystem(scenario: Scenario, options: HandoverSystemOptions = {}): TransitionSystem<ServerState, Transition> {
  const step = options.step ?? referenceStep;
  const codec = codecOf(scenario);
  const system: TransitionSystem<ServerState, Transition> = {
    initialStates: [initialState(scenario)],
    actions: successorsOf(step),
    step: (_s, t) => t.state,
    actionName: (t) => t.event.type,
    encode: codec.encode,
    codeUnits: codec.codeUnits,
    invariants: (options.invariants ?? allInvariants).map((inv) => ({ id: inv.id, name: inv.name, check: inv.check })),
    actionInvariants: (options.actionProperties ?? [refinesLifecycle]).map((p) => ({
      id: p.id,
      name: p.name,
      check: (before: ServerState, t: Transition, after: ServerState) => p.check(before, t.event, after),
    })),
    isTerminal: isHandoverTerminal,
    isFault: (t) => isHandoverFault(t.event.type),
  };
  return options.symmetry === true ? { ...system, canonicalise: canonicaliseUnits(scenario) } : system;
}

// ---------------------------------------------------------------------------------------------
// Rendering, for reports and the command line
// ---------------------------------------------------------------------------------------------

const placeShort = (u: UnitState): string =>
  u.place.kind === 'managed' ? u.place.by : u.place.kind === 'free' ? 'free' : 'flight';

/**
 * A one-line rendering of a handover state for counterexample traces: the phase first, then
 * only what varies (units, hypervisors, VMs, channel, budgets used).
 *
 * @remarks
 * A unit reads `u1=hA@n0 w1/h1 copy(n1 v0 dirty) pin(hA)`: who manages it, the node its content
 * is on, versions written and held, then its copy, the source's kept frame (`orig(n0 v0)`) and
 * pin if any; ghost variables are not shown. Meant to be passed as
 * `formatState` to `formatExploreReport`.
 * @example
 * ```ts
 * formatHandoverState(initialState(tiny));
 * // 'no handover | sp e0 | u0=hA@n1 w0/h0 u1=hA@n0 w0/h0 u2=hA@n0 w0/h0 pin(hA) | hA run hB run | vm0 on hA by hA s0 | used f0 s0 g0 a0'
 * ```
 * @public
 */
export function formatHandoverState(s: ServerState): string {
  const h = s.handover;
  const parts: string[] = [];
  if (h === null) parts.push('no handover');
  else {
    const portions = h.classified ? ` R[${h.reassignable.join(',')}] U[${h.unreassignable.join(',')}]` : '';
    const abort = h.abortReason === null ? '' : ` (${h.abortReason})`;
    const sched = `sent ${h.lastSent ?? '-'}x${h.versionsSent} frozen ${h.frozenVersion ?? '-'} commits ${h.commits}`;
    parts.push(`${h.phase}${abort} ${h.vm} ${h.source}->${h.target} e${h.epoch}${portions} ${sched}`);
  }
  parts.push(`sp e${s.sp.epoch}${s.completed + s.rolledBack > 0 ? ` done ${s.completed} rolled back ${s.rolledBack}` : ''}`);
  parts.push(
    s.scenario.units
      .map((spec) => {
        const u = s.units[spec.id];
        if (u === undefined) return `${spec.id}=?`;
        const copy = u.copy === null ? '' : ` copy(${u.copy.node} v${u.copy.version}${u.copy.dirty ? ' dirty' : ''})`;
        const original = u.original === null ? '' : ` orig(${u.original.node} v${u.original.version})`;
        const pin = u.pinnedTo === null ? '' : ` pin(${u.pinnedTo})`;
        return `${spec.id}=${placeShort(u)}@${u.node} w${u.written}/h${u.held}${copy}${original}${pin}`;
      })
      .join(' '),
  );
  parts.push(
    s.scenario.hypervisors
      .map(({ id }) => {
        const hv = s.hypervisors[id];
        if (hv === undefined) return `${id} ?`;
        const config = hv.config === null ? '' : ` cfg e${hv.config.epoch}`;
        const sched = hv.sched === null ? '' : ` sched(${hv.sched.vm} e${hv.sched.epoch} v${hv.sched.version} x${hv.sched.applied})`;
        return `${id} ${hv.status.slice(0, 3)}${config}${sched}`;
      })
      .join(' '),
  );
  parts.push(
    s.scenario.vms
      .map(({ id }) => {
        const v = s.vms[id];
        return v === undefined ? `${id} ?` : `${id} on ${v.holder} by ${v.dispatchedBy.join('+') || 'nobody'} s${v.schedVersion}`;
      })
      .join(' '),
  );
  if (s.channel.length > 0) parts.push(`channel ${s.channel.map((m) => `${m.leg}(e${m.epoch} v${m.version})`).join(' ')}`);
  const u = s.used;
  parts.push(`used f${u.faults} s${u.schedChanges} g${u.guestWrites} a${u.attempts}`);
  return parts.join(' | ');
}

/**
 * The event of a trace step with its parameters, e.g. `source/unitCopied(u1)`
 * (`formatEvent` of src/model/events.ts); `<initial state>` for the first step.
 * @public
 */
export function formatHandoverAction(t: Transition | null): string {
  return t === null ? '<initial state>' : formatEvent(t.event);
}

/**
 * A counterexample as numbered lines, one event with its parameters and one state each:
 * what a command line prints under the verdict.
 * @example
 * ```ts
 * if (result.violation) console.log(formatHandoverTrace(result.violation.trace));
 * ```
 * @public
 */
export function formatHandoverTrace(trace: readonly TraceStep<ServerState, Transition>[]): string {
  return trace.map((t, i) => `${i}: ${formatHandoverAction(t.action)}\n   ${formatHandoverState(t.state)}`).join('\n');
}

/**
 * A one-line progress report for `onProgress`, e.g.
 * `1,200,000 distinct, 4,310,551 generated, depth 31, queue 48,210, 61.2 s`.
 * @public
 */
export function formatProgress(p: ExploreProgress): string {
  const n = (x: number): string => x.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (
    `${n(p.distinctStates)} distinct, ${n(p.statesGenerated)} generated, depth ${p.depth}, ` +
    `queue ${n(p.queueSize)}, ${(p.elapsedMs / 1000).toFixed(1)} s`
  );
}
