/**
 * Scripted runs checked as a model checker would check them: every invariant on every state
 * passed through, and every scripted event offered by `enabledEvents` in the state before it.
 */
import { expect } from 'vitest';
import { violations } from '../../properties/invariants.ts';
import { enabledEvents } from '../../src/model/enabled.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { formatEvent } from '../../src/model/events.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { ServerState } from '../../src/model/state.ts';
import type { Run } from './drive.ts';
import { run } from './drive.ts';

/** A broken invariant found along a run, with where it was found. @internal */
export interface Finding {
  readonly after: string;
  readonly at: number;
  readonly id: string;
  readonly explanation: string;
}

/** Every invariant violation along a run (empty when every state is good). @internal */
export function findingsAlong(r: Run): Finding[] {
  return r.states.flatMap((s, at) =>
    violations(s).map((v) => ({ at, after: at === 0 ? '(initial)' : formatEvent(r.events[at - 1]!), id: v.id, explanation: v.explanation })),
  );
}

/**
 * Runs a script (throwing if an event is rejected), asserts that every state satisfies every
 * invariant and that each event was enabled, and returns the run.
 * @internal
 */
export function checkedRun(from: Scenario | ServerState, events: readonly HandoverEvent[]): Run {
  const r = run(from, events);
  expect(findingsAlong(r)).toEqual([]);
  const notOffered = r.events.flatMap((e, i) => (enabledEvents(r.states[i]!).some((x) => sameEvent(x, e)) ? [] : [`#${i} ${formatEvent(e)}`]));
  expect(notOffered).toEqual([]);
  return r;
}

/** Structural equality of two events (field order does not matter). @internal */
export function sameEvent(a: HandoverEvent, b: HandoverEvent): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}
