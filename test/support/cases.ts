/**
 * The shape of the per-step tables of test/model/cases/: for each event type, the cases where
 * the reference reducer accepts it (with the effect asserted) and one case per rejection code
 * its guards can return.
 */
import type { EventOf, EventType } from '../../src/model/events.ts';
import type { RejectionCode } from '../../src/model/rejection.ts';
import type { ServerState } from '../../src/model/state.ts';
import type { Effect } from '../../src/model/steps/kit.ts';

/** A case where the step is enabled. @internal */
export interface AcceptedCase<T extends EventType> {
  /** What the case proves, for the test title, citing C1.x / F.x / Fxx. */
  readonly proves: string;
  /** Builds the state before the event (usually `drive(scenario, prefix)`). */
  readonly state: () => ServerState;
  readonly event: EventOf<T>;
  /** Asserts the effect of the step on the state and the effects returned. */
  readonly then: (before: ServerState, after: ServerState, effects: readonly Effect[]) => void;
}

/** A case where the step is refused with a given code. @internal */
export interface RejectedCase<T extends EventType> {
  readonly code: RejectionCode;
  /** The situation, for the test title. */
  readonly when: string;
  readonly state: () => ServerState;
  readonly event: EventOf<T>;
  /**
   * The state is hand-built from a reachable one (see test/support/patch.ts): the guard is
   * defensive and no reference run reaches it.
   */
  readonly handBuilt?: true;
}

/** The accepted and rejected cases of one step. @internal */
export interface StepCases<T extends EventType> {
  readonly accepted: readonly AcceptedCase<T>[];
  readonly rejected: readonly RejectedCase<T>[];
}

/** A total table over a set of event types: a missing event does not compile. @internal */
export type CaseTable<T extends EventType> = { readonly [K in T]: StepCases<K> };
