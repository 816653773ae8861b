/**
 * Which events are enabled in a state, with their parameters: what the checkers walk.
 *
 * @remarks
 * An event is enabled when the reducer accepts it. Candidates are every event the scenario's
 * identifiers and the channel's messages can form; the reducer's guards (and the scenario's
 * bounds, which they read) decide. One source of truth: guards are never restated here.
 */
import type { HandoverEvent } from './events.ts';
import type { Message, ServerState } from './state.ts';
import { isMessage } from './state.ts';
import type { Step } from './step.ts';
import { step as referenceStep } from './step.ts';

/**
 * Every event that can be formed in a state, enabled or not (the random checker draws rejected
 * ones from here to exercise rejections).
 * @public
 */
export function candidateEvents(s: ServerState): HandoverEvent[] {
  const out = scenarioCandidates(s.scenario);
  channelCandidates(s.channel, out);
  return out;
}

/**
 * The candidates a scenario's identifiers form, whatever the state: the first part of
 * {@link candidateEvents}, in its order (the channel's candidates follow).
 * @internal
 */
export function scenarioCandidates(scenario: ServerState['scenario']): HandoverEvent[] {
  const hvs = scenario.hypervisors.map((h) => h.id);
  const out: HandoverEvent[] = [];
  for (const v of scenario.vms)
    for (const source of hvs)
      for (const target of hvs) if (source !== target) out.push({ type: 'sp/handoverRequested', vm: v.id, source, target });
  for (const hv of hvs) {
    out.push({ type: 'sp/hypervisorConfigured', hv });
    out.push({ type: 'sp/hypervisorRestarted', hv });
    out.push({ type: 'sp/hypervisorRetired', hv });
    out.push({ type: 'fault/hypervisorCrashed', hv });
  }
  out.push(
    { type: 'source/unitsClassified' },
    { type: 'source/consolidationFinished' },
    { type: 'source/schedSent' },
    { type: 'source/vmQuiesced' },
    { type: 'source/assignmentStarted' },
    { type: 'sp/commitRecorded' },
    { type: 'target/vmResumed' },
    { type: 'source/rollbackCompleted' },
    { type: 'operator/handoverAborted' },
    { type: 'fault/spReset' },
    { type: 'fault/switchoverTimedOut' },
  );
  for (const u of scenario.units) {
    const unit = u.id;
    out.push(
      { type: 'source/unitCopied', unit },
      { type: 'source/pinDetected', unit },
      { type: 'source/unitReleased', unit },
      { type: 'target/unitAcquired', unit },
      { type: 'source/unitReclaimed', unit },
      { type: 'guest/memoryWritten', unit },
      { type: 'device/unitPinned', unit },
      { type: 'fault/unitTransferFailed', unit },
    );
  }
  for (const v of scenario.vms) out.push({ type: 'scheduler/vmRescheduled', vm: v.id });
  return out;
}

/**
 * The candidates the channel's messages form, appended to `out`: the last part of
 * {@link candidateEvents}.
 * @internal
 */
export function channelCandidates(channel: ServerState['channel'], out: HandoverEvent[]): void {
  let previous: Message | undefined;
  for (const m of channel) {
    // The channel is sorted, so copies of one message are adjacent: name each message once.
    if (previous !== undefined && isMessage(previous, m)) continue;
    previous = m;
    const { leg, epoch, version } = m;
    out.push(
      leg === 'toSp' ? { type: 'sp/schedRelayed', epoch, version } : { type: 'target/schedReceived', epoch, version },
      { type: 'fault/messageLost', leg, epoch, version },
      { type: 'fault/messageDuplicated', leg, epoch, version },
    );
  }
}

/** An enabled event and the state it leads to. @public */
export interface Transition {
  readonly event: HandoverEvent;
  readonly state: ServerState;
}

/**
 * Every enabled event with the state it leads to, in a stable order.
 * @param step - the reducer to ask; a mutant's enabled events are its own.
 * @public
 */
export function enabledTransitions(s: ServerState, step: Step = referenceStep): Transition[] {
  const out: Transition[] = [];
  for (const event of candidateEvents(s)) {
    const r = step(s, event);
    if (r.ok) out.push({ event, state: r.state });
  }
  return out;
}

/**
 * Every event enabled in a state, with its parameters; environment and fault events are
 * bounded by the scenario's budgets (`state.scenario.bounds`).
 * @public
 */
export function enabledEvents(s: ServerState, step: Step = referenceStep): HandoverEvent[] {
  return enabledTransitions(s, step).map((t) => t.event);
}
