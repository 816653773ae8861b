/**
 * The visited set: for every distinct state, its 64-bit fingerprint, the index
 * of the state it was first reached from, and the position of the action taken
 * in the parent's `actions(...)` list. Full states are deliberately absent.
 *
 * Layout per state: four int32 columns (16 bytes) plus an open-addressing
 * table of int32 slots kept at most half full (8 to 16 bytes per state), so
 * 24 to 32 bytes per state overall: 10 million states need about 300 MiB.
 * States are numbered in discovery order, which in a breadth-first search is
 * also non-decreasing depth order; the explorer relies on that.
 */

import { Int32Column } from './columns.ts';

const INITIAL_SLOTS = 1 << 11;

/**
 * Fingerprint-indexed set of visited states with parent links.
 *
 * @internal
 */
export class VisitedStates {
  /** Fingerprint lane A of each state. */
  private readonly laneA = new Int32Column();
  /** Fingerprint lane B of each state. */
  private readonly laneB = new Int32Column();
  /** Index of the parent state, or -1 for an initial state. */
  private readonly parents = new Int32Column();
  /** Position of the action in the parent's action list, or the position in `initialStates` for a root. */
  private readonly actionPositions = new Int32Column();
  /** Open-addressing table of `stateIndex + 1` (0 = empty slot), linear probing. */
  private slots = new Int32Array(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;

  /** Number of distinct states stored. */
  get count(): number {
    return this.parents.length;
  }

  /** The index of the state with fingerprint (a, b), or -1 when unseen. */
  find(a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = b & mask;
    for (;;) {
      const entry = slots[slot] as number;
      if (entry === 0) return -1;
      const index = entry - 1;
      if (this.laneA.get(index) === a && this.laneB.get(index) === b) return index;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Stores a state not yet in the set and returns its index.
   * The caller has just called {@link VisitedStates.find} and got -1.
   */
  add(a: number, b: number, parent: number, actionPosition: number): number {
    const index = this.laneA.push(a);
    this.laneB.push(b);
    this.parents.push(parent);
    this.actionPositions.push(actionPosition);
    if ((index + 1) * 2 > this.slots.length) this.grow();
    else this.place(index, b);
    return index;
  }

  /** Fingerprint lane A of state `index`. */
  laneAOf(index: number): number {
    return this.laneA.get(index);
  }

  /** Fingerprint lane B of state `index`. */
  laneBOf(index: number): number {
    return this.laneB.get(index);
  }

  /** Parent index of state `index`, -1 for an initial state. */
  parentOf(index: number): number {
    return this.parents.get(index);
  }

  /** Action position that led to state `index` (initial-state position for a root). */
  actionOf(index: number): number {
    return this.actionPositions.get(index);
  }

  /** Bytes held by the columns and the table. */
  get bytes(): number {
    return (
      this.laneA.bytes + this.laneB.bytes + this.parents.bytes + this.actionPositions.bytes + this.slots.byteLength
    );
  }

  private place(index: number, b: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let slot = b & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = index + 1;
  }

  /** Doubles the table and re-inserts every state, reading the fingerprints back from the columns. */
  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    const n = this.count;
    for (let i = 0; i < n; i++) this.place(i, this.laneB.get(i));
  }
}
