/**
 * Assertions on one step of the reference reducer: accepted with its effects, or rejected with
 * a code and the very same state object.
 */
import { expect } from 'vitest';
import type { HandoverEvent } from '../../src/model/events.ts';
import type { Rejection, RejectionCode } from '../../src/model/rejection.ts';
import type { ServerState } from '../../src/model/state.ts';
import type { Step } from '../../src/model/step.ts';
import { step as referenceStep } from '../../src/model/step.ts';
import type { Effect } from '../../src/model/steps/kit.ts';
import { deepFreeze } from './freeze.ts';

/**
 * Asserts that `event` is rejected in `state` with `code`, that the rejection names the step,
 * and that the state returned is the very same object; returns the rejection.
 * @internal
 */
export function expectRejected(state: ServerState, event: HandoverEvent, code: RejectionCode, reducer: Step = referenceStep): Rejection {
  const r = reducer(deepFreeze(state), event);
  if (r.ok) throw new Error(`expected ${event.type} to be rejected with ${code}, but it was accepted`);
  expect(r.rejection.code).toBe(code);
  expect(r.rejection.step).toBe(event.type);
  expect(r.rejection.guard.length).toBeGreaterThan(0);
  expect(r.state).toBe(state);
  return r.rejection;
}

/** Asserts that `event` is accepted in `state`; returns the next (deep-frozen) state and the effects. @internal */
export function expectAccepted(
  state: ServerState,
  event: HandoverEvent,
  reducer: Step = referenceStep,
): { readonly state: ServerState; readonly effects: readonly Effect[] } {
  const r = reducer(deepFreeze(state), event);
  if (!r.ok) throw new Error(`expected ${event.type} to be accepted, rejected with ${r.rejection.code} (${r.rejection.guard})`);
  expect(r.state).not.toBe(state);
  return { state: deepFreeze(r.state), effects: r.effects };
}
