/**
 * Cost of one reducer step, and why the dispatch is built once.
 *
 * Run: npx tsx bench/step.ts
 * Prints µs per `step` call for the reference reducer against a reducer that runs the 29-arm
 * ts-pattern match on every call (the first design), and µs per step early and late in a long
 * walk (a step's cost must not grow with the history). It also prices the entry check that
 * `makeStep` runs before dispatch (src/model/wellFormed.ts): alone, and as the difference
 * between a step and a call of the handler straight from the table (no check, no try).
 */
import { match } from 'ts-pattern';
import { scenarios } from '../models/scenarios/index.ts';
import { candidateEvents, enabledTransitions } from '../src/model/enabled.ts';
import type { HandoverEvent } from '../src/model/events.ts';
import { initialState } from '../src/model/init.ts';
import type { ServerState } from '../src/model/state.ts';
import { referenceHandlers, step } from '../src/model/step.ts';
import type { StepResult } from '../src/model/steps/kit.ts';
import { eventRejection } from '../src/model/wellFormed.ts';

/** The handler straight from the table: what a step cost before the entry check. */
function unchecked(s: ServerState, e: HandoverEvent): StepResult {
  return (referenceHandlers[e.type] as (s: ServerState, e: HandoverEvent) => StepResult)(s, e);
}

/** The first design: a fresh match expression per call. */
function perCallMatch(s: ServerState, e: HandoverEvent): StepResult {
  const h = referenceHandlers;
  return match<HandoverEvent, StepResult>(e)
    .with({ type: 'sp/handoverRequested' }, (x) => h['sp/handoverRequested'](s, x))
    .with({ type: 'sp/hypervisorConfigured' }, (x) => h['sp/hypervisorConfigured'](s, x))
    .with({ type: 'source/unitsClassified' }, (x) => h['source/unitsClassified'](s, x))
    .with({ type: 'source/unitCopied' }, (x) => h['source/unitCopied'](s, x))
    .with({ type: 'source/pinDetected' }, (x) => h['source/pinDetected'](s, x))
    .with({ type: 'source/consolidationFinished' }, (x) => h['source/consolidationFinished'](s, x))
    .with({ type: 'source/schedSent' }, (x) => h['source/schedSent'](s, x))
    .with({ type: 'sp/schedRelayed' }, (x) => h['sp/schedRelayed'](s, x))
    .with({ type: 'target/schedReceived' }, (x) => h['target/schedReceived'](s, x))
    .with({ type: 'source/vmQuiesced' }, (x) => h['source/vmQuiesced'](s, x))
    .with({ type: 'source/assignmentStarted' }, (x) => h['source/assignmentStarted'](s, x))
    .with({ type: 'source/unitReleased' }, (x) => h['source/unitReleased'](s, x))
    .with({ type: 'target/unitAcquired' }, (x) => h['target/unitAcquired'](s, x))
    .with({ type: 'sp/commitRecorded' }, (x) => h['sp/commitRecorded'](s, x))
    .with({ type: 'target/vmResumed' }, (x) => h['target/vmResumed'](s, x))
    .with({ type: 'source/unitReclaimed' }, (x) => h['source/unitReclaimed'](s, x))
    .with({ type: 'source/rollbackCompleted' }, (x) => h['source/rollbackCompleted'](s, x))
    .with({ type: 'sp/hypervisorRestarted' }, (x) => h['sp/hypervisorRestarted'](s, x))
    .with({ type: 'sp/hypervisorRetired' }, (x) => h['sp/hypervisorRetired'](s, x))
    .with({ type: 'operator/handoverAborted' }, (x) => h['operator/handoverAborted'](s, x))
    .with({ type: 'scheduler/vmRescheduled' }, (x) => h['scheduler/vmRescheduled'](s, x))
    .with({ type: 'guest/memoryWritten' }, (x) => h['guest/memoryWritten'](s, x))
    .with({ type: 'device/unitPinned' }, (x) => h['device/unitPinned'](s, x))
    .with({ type: 'fault/hypervisorCrashed' }, (x) => h['fault/hypervisorCrashed'](s, x))
    .with({ type: 'fault/spReset' }, (x) => h['fault/spReset'](s, x))
    .with({ type: 'fault/messageLost' }, (x) => h['fault/messageLost'](s, x))
    .with({ type: 'fault/messageDuplicated' }, (x) => h['fault/messageDuplicated'](s, x))
    .with({ type: 'fault/unitTransferFailed' }, (x) => h['fault/unitTransferFailed'](s, x))
    .with({ type: 'fault/switchoverTimedOut' }, (x) => h['fault/switchoverTimedOut'](s, x))
    .exhaustive();
}

/** A deterministic walk that prefers protocol progress, returning its states. */
function walk(n: number): ServerState[] {
  let s = initialState(scenarios.default!);
  const out = [s];
  let seed = 1;
  for (let i = 0; i < n; i++) {
    const ts = enabledTransitions(s);
    if (ts.length === 0) s = initialState(scenarios.default!);
    else {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      s = ts[seed % ts.length]!.state;
    }
    out.push(s);
  }
  return out;
}

function usPerCall(states: readonly ServerState[], f: (s: ServerState, e: HandoverEvent) => unknown, repeat: number): number {
  const work = states.map((s) => [s, candidateEvents(s)] as const);
  let calls = 0;
  const t0 = performance.now();
  for (let r = 0; r < repeat; r++)
    for (const [s, es] of work)
      for (const e of es) {
        f(s, e);
        calls++;
      }
  return ((performance.now() - t0) * 1000) / calls;
}

const states = walk(2000);
usPerCall(states.slice(0, 200), step, 3); // warm up
const memo = usPerCall(states, step, 5);
const perCall = usPerCall(states, perCallMatch, 5);
const direct = usPerCall(states, unchecked, 5);
const entry = usPerCall(states, eventRejection, 5);
const early = usPerCall(states.slice(0, 200), step, 20);
const late = usPerCall(states.slice(-200), step, 20);
console.log('| measure | µs per step call |');
console.log('|---|---|');
console.log(`| reference reducer (dispatch table built once by an exhaustive match) | ${memo.toFixed(2)} |`);
console.log(`| ts-pattern match built on every call (first design) | ${perCall.toFixed(2)} (${(perCall / memo).toFixed(1)}x) |`);
console.log(`| handler called straight from the table (no entry check, no try) | ${direct.toFixed(2)} (${(direct / memo).toFixed(2)}x) |`);
console.log(`| entry check alone (eventRejection) | ${entry.toFixed(2)} (${((entry / memo) * 100).toFixed(0)}% of a step) |`);
console.log(`| first 200 states of a 2,000-step walk | ${early.toFixed(2)} |`);
console.log(`| last 200 states of the same walk | ${late.toFixed(2)} |`);
