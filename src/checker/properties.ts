/**
 * What the checker checks on every step: invariants (state predicates), action properties
 * (predicates over a step) and monitors (stateful observers such as the independent oracle).
 *
 * @remarks
 * Invariants come first, then action properties, then monitors, so that the id a violation
 * reports is the most specific one: an invariant names the broken clause, the oracle only the
 * field on which two descriptions disagree. A property that throws is reported as a violation
 * of that property (a checker must never die of the thing it checks).
 */
import type { HandoverEvent } from '../model/events.ts';
import type { ServerState } from '../model/state.ts';
import type { ActionProperty, Invariant, Violation } from '../../properties/invariants.ts';
import { invariants as allInvariants } from '../../properties/invariants.ts';
import { refinesLifecycle } from '../../properties/refinement.ts';
import type { OracleState } from '../../models/oracle.ts';
import { disagreement, initialOracle, oracleStep } from '../../models/oracle.ts';
import { formatEvent } from '../model/events.ts';

/** Action properties are declared beside the invariants (one record shape for both). @public */
export type { ActionProperty } from '../../properties/invariants.ts';

/** A monitor's verdict: its next state, or what went wrong. @public */
export type MonitorStep<M> = { readonly ok: true; readonly state: M } | { readonly ok: false; readonly explanation: string };

/**
 * A stateful observer that runs along each run beside the reducer: it starts from the initial
 * state and sees every accepted step.
 * @public
 */
export interface Monitor<M = unknown> {
  readonly id: string;
  readonly name: string;
  /** The monitor's state for a run's initial state, or a violation already there. */
  start(initial: ServerState): MonitorStep<M>;
  /** The monitor's next state after an accepted step, or a violation. */
  next(m: M, before: ServerState, event: HandoverEvent, after: ServerState): MonitorStep<M>;
}

function compared(o: OracleState, s: ServerState): MonitorStep<OracleState> {
  const d = disagreement(o, s);
  return d === null ? { ok: true, state: o } : { ok: false, explanation: d };
}

/**
 * The independent ownership oracle of `models/oracle.ts` as a monitor, id `ORACLE`: after each
 * accepted step the reducer's projected view must agree with it.
 * @public
 */
export const oracleMonitor: Monitor<OracleState> = {
  id: 'ORACLE',
  name: 'AgreesWithOwnershipOracle',
  start: (initial) => compared(initialOracle(initial.scenario), initial),
  next: (o, _before, event, after) => {
    const r = oracleStep(o, event, after.scenario);
    if (!r.ok) return { ok: false, explanation: `${formatEvent(event)} accepted, but ${r.objection}` };
    return compared(r.state, after);
  },
};

/** The monitors' states along one run. @public */
export type MonitorStates = readonly unknown[];

/** The outcome of checking one state or step. @public */
export interface Checked {
  readonly violation: Violation | null;
  readonly monitors: MonitorStates;
}

const threw = (err: unknown): string => `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;

function evaluate(inv: Invariant, s: ServerState): Violation | null {
  let explanation: string | null;
  try {
    explanation = inv.check(s);
  } catch (err) {
    explanation = threw(err);
  }
  return explanation === null ? null : { id: inv.id, name: inv.name, explanation };
}

function firstInvariant(invariants: readonly Invariant[], s: ServerState): Violation | null {
  for (const inv of invariants) {
    const v = evaluate(inv, s);
    if (v !== null) return v;
  }
  return null;
}

/**
 * Every invariant broken in a state, in order (one that throws counts as broken).
 * @internal
 */
export function brokenInvariants(invariants: readonly Invariant[], s: ServerState): Violation[] {
  return invariants.flatMap((inv) => evaluate(inv, s) ?? []);
}

/** The everything-to-check of a run, shared by generation, replay and delta debugging. @public */
export interface Properties {
  readonly invariants: readonly Invariant[];
  readonly actionProperties: readonly ActionProperty[];
  readonly monitors: readonly Monitor[];
}

/**
 * What `vm-handover check` checks on every step, and `monitor` on every event: every invariant,
 * the refinement REF-1 and the independent oracle. One record, so the two cannot drift apart.
 * @public
 */
export const STEP_PROPERTIES: Properties = {
  invariants: allInvariants,
  actionProperties: [refinesLifecycle],
  monitors: [oracleMonitor as Monitor],
};

/**
 * Checks the initial state: invariants, then each monitor's start.
 * @public
 */
export function checkInitial(p: Properties, s: ServerState): Checked {
  const inv = firstInvariant(p.invariants, s);
  const states: unknown[] = [];
  for (const m of p.monitors) {
    let r: MonitorStep<unknown>;
    try {
      r = m.start(s);
    } catch (err) {
      r = { ok: false, explanation: threw(err) };
    }
    if (!r.ok) return { violation: inv ?? { id: m.id, name: m.name, explanation: r.explanation }, monitors: states };
    states.push(r.state);
  }
  return { violation: inv, monitors: states };
}

/**
 * Checks an accepted step: invariants on the new state, action properties, then monitors.
 * @public
 */
export function checkStep(p: Properties, before: ServerState, event: HandoverEvent, after: ServerState, monitors: MonitorStates): Checked {
  const inv = firstInvariant(p.invariants, after);
  if (inv !== null) return { violation: inv, monitors };
  for (const a of p.actionProperties) {
    let explanation: string | null;
    try {
      explanation = a.check(before, event, after);
    } catch (err) {
      explanation = threw(err);
    }
    if (explanation !== null) return { violation: { id: a.id, name: a.name, explanation }, monitors };
  }
  const next: unknown[] = [];
  for (let i = 0; i < p.monitors.length; i++) {
    const m = p.monitors[i]!;
    let r: MonitorStep<unknown>;
    try {
      r = m.next(monitors[i], before, event, after);
    } catch (err) {
      r = { ok: false, explanation: threw(err) };
    }
    if (!r.ok) return { violation: { id: m.id, name: m.name, explanation: r.explanation }, monitors };
    next.push(r.state);
  }
  return { violation: null, monitors: next };
}
