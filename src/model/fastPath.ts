/**
 * The checkers' fast path through the reference reducer: the same handlers, asked the same
 * questions, without the work that only untrusted input needs.
 *
 * @remarks
 * Not a second reducer: every successor is still computed by the reference handlers of
 * `referenceHandlers` (step.ts), so a handler changed, added or mutated is what the fast path
 * runs. What it leaves out, for events the checkers form themselves:
 *
 * - the entry check of untrusted events (`eventRejection`, wellFormed.ts): a candidate built by
 *   `candidateEvents` from the scenario and the channel is well-formed by construction and names
 *   identifiers the state's tables hold ({@link trustedStep});
 * - building the scenario's candidate events again in every state: they depend on the scenario
 *   alone and are built once per scenario, the channel's once per channel array (states share
 *   the channel array a step did not change), so the candidate list of a state is shared and
 *   read-only ({@link fastCandidates}).
 *
 * Only the reference reducer with the model's candidates takes the fast path; a custom step (a
 * mutant replaces handlers) or custom candidates go through the given functions unchanged
 * ({@link stepPipeline}), so a mutant is checked exactly as before. The fast path is proven equal
 * to the reference (same candidates in the same order, the same results, the same successor
 * states) on every reachable state of tiny and on random states of default by
 * test/model/fastPath.test.ts. The entry check stays where input comes from outside: the CLI,
 * the monitor, trace replay and any caller of `step`.
 */
import type { HandoverEvent } from './events.ts';
import type { Transition } from './enabled.ts';
import { candidateEvents, channelCandidates, enabledTransitions, scenarioCandidates } from './enabled.ts';
import type { Scenario } from './scenario.ts';
import type { ServerState } from './state.ts';
import type { Step } from './step.ts';
import { makeTrustedStep, referenceHandlers, step as referenceStep, withGhost } from './step.ts';
import { crashOn } from './wellFormed.ts';

/**
 * The reference handlers without the entry check: for candidate events only (see step.ts,
 * `makeTrustedStep`).
 * @internal
 */
export const trustedStep: Step = makeTrustedStep(referenceHandlers);

/** A state's candidates with the reference handler of each (the dispatch done once per list, not once per step). */
interface Candidates {
  readonly events: readonly HandoverEvent[];
  readonly handlers: readonly Step[];
}

/** Per scenario: its own candidates, and the whole list per channel array met. */
interface CandidateCache {
  readonly own: Candidates;
  readonly byChannel: WeakMap<ServerState['channel'], Candidates>;
}

const caches = new WeakMap<Scenario, CandidateCache>();

function withHandlers(events: readonly HandoverEvent[]): Candidates {
  // What the reducer's dispatch table maps each name to (step.ts: the table's entry is the handler itself).
  return { events, handlers: events.map((e) => referenceHandlers[e.type] as unknown as Step) };
}

function candidatesOf(s: ServerState): Candidates {
  let c = caches.get(s.scenario);
  if (c === undefined) caches.set(s.scenario, (c = { own: withHandlers(scenarioCandidates(s.scenario)), byChannel: new WeakMap() }));
  if (s.channel.length === 0) return c.own;
  let list = c.byChannel.get(s.channel);
  if (list === undefined) {
    const out = c.own.events.slice();
    channelCandidates(s.channel, out);
    c.byChannel.set(s.channel, (list = withHandlers(out)));
  }
  return list;
}

/**
 * `candidateEvents(s)`, shared: the same events in the same order, one list per scenario and
 * channel array. Read-only: the list and its events are reused by every state with that channel.
 * @internal
 */
export function fastCandidates(s: ServerState): readonly HandoverEvent[] {
  return candidatesOf(s).events;
}

/**
 * `enabledTransitions(s)` of the reference reducer on the fast path: the same transitions in the
 * same order.
 * @internal
 */
export function fastEnabledTransitions(s: ServerState): Transition[] {
  const out: Transition[] = [];
  const { events: candidates, handlers } = candidatesOf(s);
  // One try for the whole state: a handler that throws ends as trustedStep's would (crashOn).
  try {
    for (let i = 0; i < candidates.length; i++) {
      const event = candidates[i]!;
      const r = withGhost(s, event, handlers[i]!(s, event));
      if (r.ok) out.push({ event, state: r.state });
    }
  } catch (error) {
    throw crashOn(s, error);
  }
  return out;
}

/**
 * The successor function of a reducer: the fast path for the reference reducer, the reference
 * path (`enabledTransitions` with that step) for any other, such as a mutant's.
 * @internal
 */
export function successorsOf(step: Step): (s: ServerState) => Transition[] {
  return step === referenceStep ? fastEnabledTransitions : (s) => enabledTransitions(s, step);
}

/** What a checker steps its candidates with. @internal */
export interface StepPipeline {
  readonly step: Step;
  readonly candidates: (s: ServerState) => readonly HandoverEvent[];
}

/**
 * The pipeline a checker should step candidates with: the fast one when it was given the
 * reference reducer and the model's candidates, else exactly what it was given.
 * @internal
 */
export function stepPipeline(step: Step, candidates: (s: ServerState) => readonly HandoverEvent[]): StepPipeline {
  return step === referenceStep && candidates === candidateEvents ? { step: trustedStep, candidates: fastCandidates } : { step, candidates };
}
