/**
 * A transposition table for the driver: the expansion of a state (every candidate stepped) is
 * remembered under the state's canonical encoding, so a state that runs reach again is not
 * expanded again.
 *
 * @remarks
 * Why: the profile of `check` on `default` (docs/performance.md, "Random checker") puts half
 * the time in stepping every candidate of every state, and random runs revisit states all the
 * time: they all start from the same initial state and share the protocol's early steps, and
 * runs that differ in one environment event converge again. With a few thousand states kept,
 * about half the expansions are hits.
 *
 * Why it is sound: the reducer is pure (house rule), so equal states have equal expansions,
 * and the encoding is injective on states that satisfy TypeOK (`encodeState`, tested in the
 * explorer). The driver expands only states that passed every invariant, INV-0 TypeOK
 * included; a state that broke one ended its run before. The table lives in one check: one
 * scenario, one `step`, one candidate function. Successor states are shared between runs,
 * which is safe because states are readonly values.
 *
 * What it costs: an encoding per state expanded (about 1 µs on default, against about 28 µs
 * for an expansion), and memory: two generations of at most `capacity` entries each; when the
 * young one is full the old one is dropped, so the states kept are the recently and the often
 * used ones. What it gives up: a rejected candidate is checked to leave its state untouched
 * (REJECT) the first time its state is expanded, not on each revisit of an equal state.
 */
import { encodeState } from '../explorer/handover.ts';
import type { HandoverEvent } from '../model/events.ts';
import type { ServerState } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import type { Expansion } from './transitions.ts';
import { expand } from './transitions.ts';

/** Entries per generation by default (two generations: about 10,000 states, a few tens of MB on default). @internal */
export const DEFAULT_SUCCESSOR_CACHE = 5000;

/** Expands states, remembering the expansions of recently seen states. @internal */
export class Successors {
  private young = new Map<string, Expansion>();
  private old = new Map<string, Expansion>();
  /** Expansions computed, and expansions answered from the table. */
  misses = 0;
  hits = 0;

  /**
   * @param capacity - entries per generation; 0 expands every state afresh (the reference path).
   */
  constructor(
    private readonly step: Step,
    private readonly candidates: (s: ServerState) => readonly HandoverEvent[],
    private readonly capacity: number,
  ) {}

  /** The expansion of `s`, from the table or computed. */
  expand(s: ServerState): Expansion {
    if (this.capacity === 0) {
      this.misses++;
      return expand(this.step, this.candidates, s);
    }
    let key: string;
    try {
      key = encodeState(s);
    } catch {
      // A state the encoding cannot read is no TypeOK state: expanded afresh, never remembered.
      this.misses++;
      return expand(this.step, this.candidates, s);
    }
    let x = this.young.get(key);
    if (x !== undefined) {
      this.hits++;
      return x;
    }
    x = this.old.get(key);
    if (x !== undefined) this.hits++;
    else {
      this.misses++;
      x = expand(this.step, this.candidates, s);
      // A broken contract ends the run; keep it out of the table so it is reported afresh.
      if (x.broken !== null) return x;
    }
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, x);
    return x;
  }
}
