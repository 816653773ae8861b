/**
 * Coverage: how often each event type was taken, in which phase, and how often each rejection
 * code was exercised. A green run that never took some event type checked nothing about it.
 *
 * @remarks
 * Counted over generated runs only (never over fast-check's shrinking or delta debugging,
 * which replay the same events many times).
 */
import type { EventType, HandoverEvent } from '../model/events.ts';
import { EVENT_KINDS, EVENT_TYPES } from '../model/events.ts';
import type { RejectionCode } from '../model/rejection.ts';
import type { Phase, ServerState } from '../model/state.ts';
import { PHASES } from '../model/state.ts';

/** A phase of the handover, or `idle` when none was ever requested. @public */
export type PhaseKey = Phase | 'idle';

/** Every phase key, in protocol order. @public */
export const PHASE_KEYS: readonly PhaseKey[] = ['idle', ...PHASES];

/** The phase a state is in. @public */
export function phaseKey(s: ServerState): PhaseKey {
  return s.handover?.phase ?? 'idle';
}

/** Coverage of a check. @public */
export interface Coverage {
  /** Accepted events per event type (every type present, 0 when never taken). */
  readonly events: Readonly<Record<EventType, number>>;
  /** Events taken (accepted or rejected) per phase of the state they were taken in. */
  readonly phases: Readonly<Record<PhaseKey, number>>;
  /** Accepted environment and fault events per (phase, event type): proof that they strike late too. */
  readonly disruptionsByPhase: Readonly<Record<PhaseKey, Readonly<Partial<Record<EventType, number>>>>>;
  /** Rejected events taken, per rejection code. */
  readonly rejections: Readonly<Partial<Record<RejectionCode, number>>>;
  /** Injection points generated, and how many fired. */
  readonly injections: { readonly planned: number; readonly fired: number };
}

/** A mutable coverage counter. @internal */
export class CoverageCounter {
  private readonly events: Record<string, number> = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0]));
  private readonly phases: Record<string, number> = Object.fromEntries(PHASE_KEYS.map((p) => [p, 0]));
  private readonly disruptions: Record<string, Record<string, number>> = Object.fromEntries(PHASE_KEYS.map((p) => [p, {}]));
  private readonly rejections: Record<string, number> = {};
  private planned = 0;
  private fired = 0;

  /** Counts an accepted event taken in `before`. */
  accepted(before: ServerState, event: HandoverEvent): void {
    const p = phaseKey(before);
    // Every event type and phase key was set to 0 by the constructor.
    this.events[event.type]!++;
    this.phases[p]!++;
    if (EVENT_KINDS[event.type] !== 'protocol') {
      const row = this.disruptions[p]!;
      row[event.type] = (row[event.type] ?? 0) + 1;
    }
  }

  /** Counts a rejected event taken in `s`. */
  rejected(s: ServerState, code: RejectionCode): void {
    this.phases[phaseKey(s)]!++;
    this.rejections[code] = (this.rejections[code] ?? 0) + 1;
  }

  /** Counts a run's injection points and those that fired. */
  injections(planned: number, fired: number): void {
    this.planned += planned;
    this.fired += fired;
  }

  /** An immutable copy. */
  snapshot(): Coverage {
    const sortedCodes = Object.keys(this.rejections).sort();
    return {
      events: { ...this.events } as Record<EventType, number>,
      phases: { ...this.phases } as Record<PhaseKey, number>,
      disruptionsByPhase: Object.fromEntries(PHASE_KEYS.map((p) => [p, { ...this.disruptions[p] }])) as Record<PhaseKey, Partial<Record<EventType, number>>>,
      rejections: Object.fromEntries(sortedCodes.map((c) => [c, this.rejections[c]!])) as Partial<Record<RejectionCode, number>>,
      injections: { planned: this.planned, fired: this.fired },
    };
  }
}

/**
 * What the coverage misses: required event types never taken and phases never visited.
 * @public
 */
export function coverageGaps(c: Coverage, required: readonly EventType[]): { readonly events: EventType[]; readonly phases: PhaseKey[] } {
  return {
    events: required.filter((t) => c.events[t] === 0),
    phases: PHASES.filter((p) => c.phases[p] === 0 && required.length > 0),
  };
}
