/**
 * Observations: what an implementation can say about the specification's state, in the
 * specification's vocabulary, and how a state is checked against it.
 *
 * @remarks
 * A pin names one real state variable (never a ghost or history variable, which an
 * implementation has no counterpart of): who has a VM (C1.1), where a unit is (C1.2, C1.9), a
 * VM's scheduling version (C1.4), the phase of the handover. The vocabulary is closed, so a
 * mapping file is checked against it and the model may grow ghost fields without breaking a
 * user's mapping. Log validation and model-based driving compare states with the same function,
 * {@link pinMismatch}.
 */
import type { HypervisorId, UnitId, VmId } from '../model/scenario.ts';
import type { Phase, Place, ServerState } from '../model/state.ts';

/** The kinds of {@link Pin}, by the variable they name. @public */
export const PIN_VARIABLES = ['vm.holder', 'vm.schedVersion', 'unit.place', 'phase'] as const;

/** The phase a pin names: a handover's phase, or `none` before the first request. @public */
export type ObservedPhase = Phase | 'none';

/**
 * One state variable an observation fixes.
 *
 * @remarks `unit.place` with `equals: 'managed'` and no `by` says only that some hypervisor manages it.
 * @public
 */
export type Pin =
  | { readonly var: 'vm.holder'; readonly vm: VmId; readonly equals: HypervisorId }
  | { readonly var: 'vm.schedVersion'; readonly vm: VmId; readonly equals: number }
  | { readonly var: 'unit.place'; readonly unit: UnitId; readonly equals: Place['kind']; readonly by?: HypervisorId }
  | { readonly var: 'phase'; readonly equals: ObservedPhase };

/**
 * What an implementation reports after an event (model-based driving) or what a log record says
 * (validation, after its mapping): the state variables it fixes and, optionally, whether the
 * implementation took the event at all.
 * @public
 */
export interface Observation {
  /** False when the implementation refused the event; absent when it does not say. */
  readonly accepted?: boolean;
  readonly pins: readonly Pin[];
}

/** The path of a pin's variable in the state, as diffs and reports write it: `vms.vm0.holder`. @public */
export function pinPath(p: Pin): string {
  switch (p.var) {
    case 'vm.holder':
      return `vms.${p.vm}.holder`;
    case 'vm.schedVersion':
      return `vms.${p.vm}.schedVersion`;
    case 'unit.place':
      return `units.${p.unit}.place`;
    case 'phase':
      return 'handover.phase';
  }
}

const placeText = (kind: string, by: string | undefined): string => (kind === 'managed' ? (by === undefined ? 'managed' : `managed(${by})`) : kind);

/** The value a pin asks for, as text. @public */
export function pinValue(p: Pin): string {
  return p.var === 'unit.place' ? placeText(p.equals, p.by) : String(p.equals);
}

/** The value the state has where a pin looks, as text (`absent` when the state lacks it). @public */
export function stateValue(s: ServerState, p: Pin): string {
  switch (p.var) {
    case 'vm.holder':
      return s.vms[p.vm]?.holder ?? 'absent';
    case 'vm.schedVersion':
      return String(s.vms[p.vm]?.schedVersion ?? 'absent');
    case 'unit.place': {
      const place = s.units[p.unit]?.place;
      return place === undefined ? 'absent' : placeText(place.kind, place.kind === 'managed' ? place.by : undefined);
    }
    case 'phase':
      return s.handover?.phase ?? 'none';
  }
}

/** Whether a state has the value a pin asks for. @public */
export function pinHolds(s: ServerState, p: Pin): boolean {
  if (p.var === 'unit.place') {
    const place = s.units[p.unit]?.place;
    if (place === undefined || place.kind !== p.equals) return false;
    return p.by === undefined || (place.kind === 'managed' && place.by === p.by);
  }
  return stateValue(s, p) === pinValue(p);
}

/** One pin a state disagrees with: where, what the observation says, what the state has. @public */
export interface PinMismatch {
  readonly path: string;
  readonly observed: string;
  readonly state: string;
}

/** The pins a state disagrees with, in the order given. @public */
export function pinMismatch(s: ServerState, pins: readonly Pin[]): PinMismatch[] {
  const out: PinMismatch[] = [];
  for (const p of pins) if (!pinHolds(s, p)) out.push({ path: pinPath(p), observed: pinValue(p), state: stateValue(s, p) });
  return out;
}

/** One line per mismatch: `vms.vm0.holder: observed hB, the specification has hA`. @public */
export function formatPinMismatch(m: PinMismatch): string {
  return `${m.path}: observed ${m.observed}, the specification has ${m.state}`;
}

/**
 * Every pin of a state: what a complete observation of it says. An implementation under
 * `checkImplementation` may report any subset.
 * @public
 */
export function observeState(s: ServerState): Pin[] {
  const pins: Pin[] = [];
  for (const v of s.scenario.vms) {
    const vm = s.vms[v.id];
    if (vm === undefined) continue;
    pins.push({ var: 'vm.holder', vm: v.id, equals: vm.holder }, { var: 'vm.schedVersion', vm: v.id, equals: vm.schedVersion });
  }
  for (const u of s.scenario.units) {
    const place = s.units[u.id]?.place;
    if (place === undefined) continue;
    pins.push(place.kind === 'managed' ? { var: 'unit.place', unit: u.id, equals: 'managed', by: place.by } : { var: 'unit.place', unit: u.id, equals: place.kind });
  }
  pins.push({ var: 'phase', equals: s.handover?.phase ?? 'none' });
  return pins;
}
