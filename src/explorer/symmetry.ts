/**
 * Symmetry reduction over interchangeable units of the handover model: the canonicaliser that
 * maps a state to one representative of its orbit, so the explorer stores one state per orbit.
 *
 * @remarks
 * TLC's `SYMMETRY Permutations(RM)` for our units. Units of one class (same kind, node, VM and
 * unreassignable flag in the scenario) differ only by name; a permutation of a class renames
 * them everywhere a unit is named: the `units` record and the handover's two portions (no other
 * variable names a unit: messages, hypervisors and VMs do not). The representative sorts the
 * members of each class by everything the state says about each of them, which is a complete
 * invariant of the orbit: two states are in one orbit exactly when they have the same
 * representative. The portions are read as sets (sorted in scenario order), because no guard or
 * effect depends on their order, only the wording of some explanations.
 */
import type { Scenario, UnitId } from '../model/scenario.ts';
import type { Handover, ServerState, UnitState } from '../model/state.ts';

/**
 * A canonicaliser for the given classes of interchangeable units.
 *
 * @param sc - the scenario (its unit order is the canonical order)
 * @param classes - classes of interchangeable unit ids, each of two or more units
 * @param unitKey - an injective encoding of one unit's variables (the per-unit part of the
 *   state encoding); members of a class are sorted by it
 * @returns a function returning the orbit representative of a state (the state itself when it
 *   is already canonical)
 * @internal
 */
export function unitSymmetry(
  sc: Scenario,
  classes: readonly (readonly UnitId[])[],
  unitKey: (u: UnitState | undefined) => string,
): (s: ServerState) => ServerState {
  const unitIds = sc.units.map((u) => u.id);
  const position = new Map(unitIds.map((id, i) => [id, i]));
  /** Scenario order; identifiers the scenario does not know go last, by name (never in practice). */
  const before = (a: UnitId, b: UnitId): number =>
    (position.get(a) ?? unitIds.length) - (position.get(b) ?? unitIds.length) || (a < b ? -1 : a > b ? 1 : 0);
  const isSorted = (ids: readonly UnitId[]): boolean => {
    for (let i = 1; i < ids.length; i++) if (before(ids[i - 1] as UnitId, ids[i] as UnitId) > 0) return false;
    return true;
  };
  /** What the handover says of a unit: the two portions it may be listed in, as one code unit. */
  const membership = (h: Handover | null, id: UnitId): string =>
    h === null ? '' : String.fromCharCode((h.reassignable.includes(id) ? 1 : 0) | (h.unreassignable.includes(id) ? 2 : 0));

  return (s) => {
    const h = s.handover;
    /** New id of each moved unit (old id -> new id), and its inverse; null while nothing moves. */
    let renamed: Map<UnitId, UnitId> | null = null;
    let source: Map<UnitId, UnitId> | null = null;
    for (const members of classes) {
      const keys = members.map((id) => unitKey(s.units[id]) + membership(h, id));
      // Stable sort: members with equal keys keep their order, so a state already sorted is
      // left alone (equal keys mean equal units, so either order gives the same representative).
      const order = members.map((_, i) => i).sort((i, j) => {
        const a = keys[i] as string;
        const b = keys[j] as string;
        return a < b ? -1 : a > b ? 1 : 0;
      });
      for (let k = 0; k < order.length; k++) {
        const from = order[k] as number;
        if (from === k) continue;
        renamed ??= new Map();
        source ??= new Map();
        renamed.set(members[from] as UnitId, members[k] as UnitId);
        source.set(members[k] as UnitId, members[from] as UnitId);
      }
    }
    if (renamed === null || source === null) {
      if (h === null || (isSorted(h.reassignable) && isSorted(h.unreassignable))) return s;
      return { ...s, handover: { ...h, reassignable: [...h.reassignable].sort(before), unreassignable: [...h.unreassignable].sort(before) } };
    }
    const units: Record<UnitId, UnitState> = {};
    for (const id of unitIds) {
      const u = s.units[source.get(id) ?? id];
      if (u !== undefined) units[id] = u;
    }
    const map = renamed;
    const rename = (ids: readonly UnitId[]): UnitId[] => ids.map((id) => map.get(id) ?? id).sort(before);
    return {
      ...s,
      units,
      handover: h === null ? null : { ...h, reassignable: rename(h.reassignable), unreassignable: rename(h.unreassignable) },
    };
  };
}
