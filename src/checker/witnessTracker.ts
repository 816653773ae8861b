/**
 * Tracks witnesses along runs: which stage each witness has reached in the current run, and
 * in which run each witness was first fully reached.
 */
import type { HandoverEvent } from '../model/events.ts';
import type { ServerState } from '../model/state.ts';
import type { Witness } from '../../properties/witnesses.ts';

/** Whether and when a witness was reached. @public */
export interface WitnessOutcome {
  readonly id: string;
  readonly name: string;
  readonly reached: boolean;
  /** The first run (1-based) in which it was reached, or null. */
  readonly firstRun: number | null;
  /** How many runs reached it. */
  readonly runs: number;
}

/** A mutable tracker. @internal */
export class WitnessTracker {
  private readonly stage: number[];
  private readonly firstRun: (number | null)[];
  private readonly count: number[];
  private run = 0;

  constructor(private readonly witnesses: readonly Witness[]) {
    this.stage = witnesses.map(() => 0);
    this.firstRun = witnesses.map(() => null);
    this.count = witnesses.map(() => 0);
  }

  /** Starts a run at its initial state. */
  start(initial: ServerState): void {
    this.run++;
    this.stage.fill(0);
    for (let i = 0; i < this.witnesses.length; i++) this.advance(i, null, null, initial);
  }

  /** Sees an accepted step. */
  accepted(before: ServerState, event: HandoverEvent, after: ServerState): void {
    for (let i = 0; i < this.witnesses.length; i++) {
      const reset = this.witnesses[i]!.resetOn;
      if (reset !== undefined && this.stage[i]! < this.witnesses[i]!.stages.length && reset(before, event, after)) this.stage[i] = 0;
      this.advance(i, before, event, after);
    }
  }

  private advance(i: number, before: ServerState | null, event: HandoverEvent | null, after: ServerState): void {
    const stages = this.witnesses[i]!.stages;
    while (this.stage[i]! < stages.length) {
      const st = stages[this.stage[i]!]!;
      const holds = st.kind === 'state' ? st.holds(after) : before !== null && event !== null && st.holds(before, event, after);
      if (!holds) return;
      this.stage[i]!++;
      if (this.stage[i] === stages.length) {
        this.count[i]!++;
        this.firstRun[i] ??= this.run;
        return;
      }
      // "Then" means a later step, except between two state stages, which one state may meet.
      if (st.kind === 'action' || stages[this.stage[i]!]!.kind === 'action') return;
    }
  }

  /** The outcomes so far. */
  outcomes(): WitnessOutcome[] {
    return this.witnesses.map((w, i) => ({ id: w.id, name: w.name, reached: this.firstRun[i] !== null, firstRun: this.firstRun[i] ?? null, runs: this.count[i]! }));
  }
}
