/**
 * The reducer as xstate actor logic, for embedding the model in an application or a UI.
 *
 * @remarks
 * `fromTransition` wraps the pure reducer: the actor's context is the server state plus what a
 * host wants to see after each event (the lifecycle phase, the last rejection, the effects, the
 * broken properties). A rejected event is a value, not an error: the server state is kept as
 * it was (the very same object) and the rejection is shown until the next event. Effects stay
 * data, as in the reducer: the actor executes nothing.
 */
import type { ActorSystem, NonReducibleUnknown, TransitionActorLogic } from 'xstate';
import { fromTransition } from 'xstate';
import type { HandoverEvent } from '../model/events.ts';
import { initialState } from '../model/init.ts';
import type { Rejection } from '../model/rejection.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ServerState } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import { step as referenceStep } from '../model/step.ts';
import type { Effect } from '../model/steps/kit.ts';
import type { Invariant, Violation } from '../../properties/invariants.ts';
import { violations } from '../../properties/invariants.ts';
import type { ActionProperty } from '../../properties/invariants.ts';
import { abstractState } from '../../properties/refinement.ts';
import { formatStateValue } from '../../models/lifecycleChart.ts';

/**
 * What a handover actor's snapshot holds (`actor.getSnapshot().context`).
 * @public
 */
export interface HandoverActorContext {
  /** The server state after the last accepted event. */
  readonly state: ServerState;
  /** The state of the lifecycle chart it maps to, e.g. `preparing.consolidating` (REF-1's mapping). */
  readonly lifecycle: string;
  /** The last event received, accepted or not; null before the first. */
  readonly lastEvent: HandoverEvent | null;
  /** Why the last event was refused, or null when it was accepted (or none came yet). */
  readonly lastRejection: Rejection | null;
  /** The effects of the last accepted event, as data. */
  readonly lastEffects: readonly Effect[];
  /**
   * Properties broken by the last accepted step: the invariants checked on its state, then the
   * action properties checked on the step. Kept across a rejection, since the state is too.
   */
  readonly violations: readonly Violation[];
  /** Events accepted and refused so far. */
  readonly accepted: number;
  readonly rejected: number;
}

/** Options of {@link handoverLogic}. @public */
export interface HandoverLogicOptions {
  /** The reducer to run (default: the reference reducer); a mutant for demonstrations. */
  readonly step?: Step;
  /** Invariants checked on the state after each accepted event (default: none). */
  readonly invariants?: readonly Invariant[];
  /** Action properties checked on each accepted step, e.g. REF-1 (default: none). */
  readonly actionProperties?: readonly ActionProperty[];
}

/** The actor logic of a handover. @public */
export type HandoverLogic = TransitionActorLogic<HandoverActorContext, HandoverEvent, NonReducibleUnknown>;

/** The context of a fresh actor: the scenario's initial state, nothing received yet. */
function initialContext(scenario: Scenario, invariants: readonly Invariant[]): HandoverActorContext {
  const state = initialState(scenario);
  return {
    state,
    lifecycle: formatStateValue(abstractState(state)),
    lastEvent: null,
    lastRejection: null,
    lastEffects: [],
    violations: violations(state, invariants),
    accepted: 0,
    rejected: 0,
  };
}

/**
 * The reducer of a scenario as xstate actor logic.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * const actor = createActor(handoverLogic(tiny, { invariants, actionProperties: [refinesLifecycle] })).start();
 * actor.subscribe((snap) => console.log(snap.context.lifecycle, snap.context.lastRejection?.code));
 * actor.send({ type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });
 * actor.send({ type: 'target/vmResumed' }); // refused: lastRejection.code === 'R-07'
 * ```
 * @public
 */
export function handoverLogic(scenario: Scenario, options: HandoverLogicOptions = {}): HandoverLogic {
  const { step = referenceStep, invariants = [], actionProperties = [] } = options;
  return fromTransition<HandoverActorContext, HandoverEvent, ActorSystem<any>, NonReducibleUnknown>(
    (ctx, event) => {
      const r = step(ctx.state, event);
      if (!r.ok) return { ...ctx, lastEvent: event, lastRejection: r.rejection, lastEffects: [], rejected: ctx.rejected + 1 };
      const broken = violations(r.state, invariants);
      for (const p of actionProperties) {
        const explanation = p.check(ctx.state, event, r.state);
        if (explanation !== null) broken.push({ id: p.id, name: p.name, explanation });
      }
      return {
        state: r.state,
        lifecycle: formatStateValue(abstractState(r.state)),
        lastEvent: event,
        lastRejection: null,
        lastEffects: r.effects,
        violations: broken,
        accepted: ctx.accepted + 1,
        rejected: ctx.rejected,
      };
    },
    () => initialContext(scenario, invariants),
  );
}
