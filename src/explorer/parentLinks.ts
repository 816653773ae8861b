/**
 * Parent links of the visited states, apart from the fingerprint set: for state `i` (numbered
 * in discovery order), the index of the state it was first reached from and the position of the
 * action taken in the parent's `actions(...)` list, from which a counterexample is rebuilt by
 * replay (trace.ts).
 *
 * Layout: two chunked int32 columns, 8 bytes per state. The second packs the action position
 * (low 16 bits) with a 16-bit tag of the state's fingerprint (high 16 bits), so that replay
 * can check, step by step, that it reproduces the state that was stored there (a
 * non-deterministic system is caught with probability 1 - 2^-16 per step) without keeping the
 * 8-byte fingerprint of every state. The rare position that does not fit in 16 bits is kept
 * in a map.
 */

import { Int32Column } from './columns.ts';

/** Position code meaning "look it up in the overflow map". */
const WIDE = 0xffff;

/**
 * Append-only parent links with fingerprint tags.
 *
 * @internal
 */
export class ParentLinks {
  private readonly parents = new Int32Column();
  private readonly via = new Int32Column();
  private readonly wide = new Map<number, number>();

  /** The 16-bit tag of a fingerprint whose lane B is `b`. */
  static tag(b: number): number {
    return b >>> 16;
  }

  /** Number of states linked. */
  get count(): number {
    return this.parents.length;
  }

  /** Bytes held by the columns. */
  get bytes(): number {
    return this.parents.bytes + this.via.bytes;
  }

  /** Appends the links of the next state; `parent` is -1 for an initial state, whose `position` is its place in `initialStates`. */
  push(parent: number, position: number, laneB: number): number {
    const index = this.parents.push(parent);
    if (position >= WIDE) this.wide.set(index, position);
    this.via.push(((laneB >>> 16) << 16) | Math.min(position, WIDE));
    return index;
  }

  /** Parent of state `index`, -1 for an initial state. */
  parentOf(index: number): number {
    return this.parents.get(index);
  }

  /** Position of the action that led to state `index` (its place in `initialStates` for a root). */
  positionOf(index: number): number {
    const p = this.via.get(index) & WIDE;
    return p === WIDE ? (this.wide.get(index) as number) : p;
  }

  /** The fingerprint tag stored for state `index`. */
  tagOf(index: number): number {
    return this.via.get(index) >>> 16;
  }
}
