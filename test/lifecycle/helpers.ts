/**
 * Shared by the lifecycle tests: replaying traces and seeded walks of a reducer.
 */
import type { HandoverEvent } from '../../src/model/events.ts';
import { EVENT_KINDS, formatEvent } from '../../src/model/events.ts';
import { enabledTransitions } from '../../src/model/enabled.ts';
import { initialState } from '../../src/model/init.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { ServerState } from '../../src/model/state.ts';
import type { Step } from '../../src/model/step.ts';
import { step as referenceStep } from '../../src/model/step.ts';

/** Freezes a value and everything it holds, so a mutation by a step throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** One accepted step of a trace. */
export interface TraceStep {
  readonly before: ServerState;
  readonly event: HandoverEvent;
  readonly after: ServerState;
}

/** Replays events from a scenario's initial state; throws, naming the event, if one is refused. */
export function replay(scenario: Scenario, events: readonly HandoverEvent[], step: Step = referenceStep): TraceStep[] {
  const out: TraceStep[] = [];
  let s = deepFreeze(initialState(scenario));
  for (const event of events) {
    const r = step(s, event);
    if (!r.ok) throw new Error(`${formatEvent(event)} refused after ${out.length} steps: ${r.rejection.code} ${r.rejection.guard}`);
    const after = deepFreeze(r.state);
    out.push({ before: s, event, after });
    s = after;
  }
  return out;
}

/**
 * A walk driven by a list of choices: at each state, choice c picks an enabled protocol event
 * three times in four (c mod 4 > 0) and any enabled event otherwise, so walks get past the
 * preparation often enough to reach the commit; the walk ends with the choices or a deadlock.
 */
export function walk(scenario: Scenario, choices: readonly number[], step: Step = referenceStep): TraceStep[] {
  const out: TraceStep[] = [];
  let s = deepFreeze(initialState(scenario));
  for (const c of choices) {
    const all = enabledTransitions(s, step);
    if (all.length === 0) break;
    const protocol = all.filter((t) => EVENT_KINDS[t.event.type] === 'protocol');
    const pool = c % 4 !== 0 && protocol.length > 0 ? protocol : all;
    const t = pool[Math.floor(c / 4) % pool.length]!;
    const after = deepFreeze(t.state);
    out.push({ before: s, event: t.event, after });
    s = after;
  }
  return out;
}

/** A trace as one line per event, for failure messages. */
export function formatTrace(events: readonly HandoverEvent[]): string {
  return events.map((e, i) => `  ${i + 1}. ${formatEvent(e)}`).join('\n');
}
