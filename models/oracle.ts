/**
 * An independent oracle: a deliberately simple ownership model of the handover, written from
 * the claim and not from the reducer.
 *
 * @remarks
 * The reducer in `src/model/` is detailed: epochs, messages, copies, budgets, guards. This
 * oracle knows only who has each VM, who dispatches it, where each unit is (managed by whom,
 * in flight, free), which units are pinned, and which scheduling version is current. It reads
 * the scenario and the events the reducer ACCEPTED, and moves its own small state with its own
 * transition function; it never imports the reducer's handlers or kit. After every accepted
 * step the checker projects the reducer's state onto the same fields ({@link projectServer})
 * and compares. Two independent descriptions that agree are the point: a bug must be written
 * twice, in two different ways, to go unnoticed.
 *
 * The oracle also objects to an accepted event that makes no sense in its own terms (a second
 * commit point, a rollback after the commit, a unit acquired that was never released): the
 * reducer accepted something the simple model forbids. Faults and messages move nothing the
 * oracle tracks, except that a crashed hypervisor stops dispatching (F01, F02).
 *
 * Cites C1.1 (one holder per period), C1.2 and C1.9 (units pass from source to target),
 * C1.4 (scheduling version), C1.5 (the target runs the VM), C1.7 (unreassignable stays),
 * F07 (rollback reclaims every unit), F15 (a pinned unit stays), F16 (retire only when empty).
 */
import type { HandoverEvent } from '../src/model/events.ts';
import type { HypervisorId, Scenario, UnitId, VmId } from '../src/model/scenario.ts';
import type { ServerState } from '../src/model/state.ts';

/** The oracle's handover: which VM moves where, and what moves with it. @public */
export interface OracleHandover {
  readonly vm: VmId;
  readonly source: HypervisorId;
  readonly target: HypervisorId;
  /** The units that move (C1.9), fixed at classification (C1.6); null before it. */
  readonly moving: readonly UnitId[] | null;
  /** The units that stay coupled to the source (C1.7). */
  readonly staying: readonly UnitId[];
  readonly committed: boolean;
  /** The scheduling version when the source stopped dispatching (C1.4): what the target must run with. */
  readonly frozen: number | null;
  readonly ended: boolean;
}

/** The oracle's whole state: plain data, keyed like the reducer's fields it is compared with. @public */
export interface OracleState {
  /** Who has each VM (C1.1). */
  readonly holder: Readonly<Record<VmId, HypervisorId>>;
  /** Who dispatches each VM's processors now (at most one, C1.5). */
  readonly dispatchers: Readonly<Record<VmId, readonly HypervisorId[]>>;
  /** The current scheduling version of each VM (C1.4). */
  readonly schedVersion: Readonly<Record<VmId, number>>;
  /** Where each unit is: `managed by hX`, `in flight` or `free`. */
  readonly place: Readonly<Record<UnitId, string>>;
  /** The hypervisor each unit is coupled to for good, or null (C1.7, F15). */
  readonly pinned: Readonly<Record<UnitId, HypervisorId | null>>;
  /** Retired hypervisors (F16). */
  readonly retired: readonly HypervisorId[];
  readonly handover: OracleHandover | null;
  /** The scheduling version the last completed handover's target resumed with. */
  readonly resumedWith: number | null;
}

/** The oracle's verdict on one accepted event. @public */
export type OracleStep =
  | { readonly ok: true; readonly state: OracleState }
  | { readonly ok: false; readonly objection: string };

const managed = (hv: HypervisorId): string => `managed by ${hv}`;
const IN_FLIGHT = 'in flight';

/**
 * The oracle's initial state for a scenario, read from the scenario alone.
 * @public
 */
export function initialOracle(scenario: Scenario): OracleState {
  const holder: Record<VmId, HypervisorId> = {};
  const dispatchers: Record<VmId, readonly HypervisorId[]> = {};
  const schedVersion: Record<VmId, number> = {};
  for (const v of scenario.vms) {
    holder[v.id] = v.holder;
    dispatchers[v.id] = [v.holder];
    schedVersion[v.id] = 0;
  }
  const place: Record<UnitId, string> = {};
  const pinned: Record<UnitId, HypervisorId | null> = {};
  for (const u of scenario.units) {
    const h = u.vm === null ? undefined : holder[u.vm];
    place[u.id] = h === undefined ? 'free' : managed(h);
    pinned[u.id] = u.unreassignable && h !== undefined ? h : null;
  }
  return { holder, dispatchers, schedVersion, place, pinned, retired: [], handover: null, resumedWith: null };
}

const objection = (text: string): OracleStep => ({ ok: false, objection: text });
const accept = (state: OracleState): OracleStep => ({ ok: true, state });

function withPlace(o: OracleState, unit: UnitId, where: string): OracleState {
  return { ...o, place: { ...o.place, [unit]: where } };
}

function withDispatchers(o: OracleState, vm: VmId, hvs: readonly HypervisorId[]): OracleState {
  return { ...o, dispatchers: { ...o.dispatchers, [vm]: hvs } };
}

/** The VM a unit belongs to, from the scenario (possession never changes, C1.1). */
function vmOfUnit(scenario: Scenario, unit: UnitId): VmId | null {
  return scenario.units.find((u) => u.id === unit)?.vm ?? null;
}

/**
 * The oracle's transition on an event the reducer accepted: its new state, or an objection
 * when the simple model forbids the event.
 * @param scenario - the constants (which unit belongs to which VM).
 * @public
 */
export function oracleStep(o: OracleState, event: HandoverEvent, scenario: Scenario): OracleStep {
  const h = o.handover;
  const live = h !== null && !h.ended ? h : null;
  switch (event.type) {
    case 'sp/handoverRequested':
      return accept({
        ...o,
        handover: { vm: event.vm, source: event.source, target: event.target, moving: null, staying: [], committed: false, frozen: null, ended: false },
      });
    case 'source/unitsClassified': {
      if (live === null) return objection('units classified with no handover under way');
      const mine = scenario.units.filter((u) => u.vm === live.vm && o.place[u.id] === managed(live.source)).map((u) => u.id);
      return accept({
        ...o,
        handover: { ...live, moving: mine.filter((u) => o.pinned[u] === null), staying: mine.filter((u) => o.pinned[u] !== null) },
      });
    }
    case 'device/unitPinned': {
      const vm = vmOfUnit(scenario, event.unit);
      if (vm === null) return objection(`unit ${event.unit} pinned but possessed by no VM`);
      return accept({ ...o, pinned: { ...o.pinned, [event.unit]: o.holder[vm] ?? null } });
    }
    case 'source/pinDetected': {
      if (live?.moving == null) return objection(`pin of ${event.unit} detected before classification`);
      return accept({
        ...o,
        handover: { ...live, moving: live.moving.filter((u) => u !== event.unit), staying: [...live.staying, event.unit] },
      });
    }
    case 'source/vmQuiesced': {
      if (live === null) return objection('VM quiesced with no handover under way');
      const vm = live.vm;
      const next = withDispatchers(o, vm, (o.dispatchers[vm] ?? []).filter((x) => x !== live.source));
      return accept({ ...next, handover: { ...live, frozen: o.schedVersion[vm] ?? 0 } });
    }
    case 'source/unitReleased': {
      if (live?.moving == null || !live.moving.includes(event.unit))
        return objection(`unit ${event.unit} released but it is not in the portion that moves`);
      if (o.pinned[event.unit] !== null) return objection(`unit ${event.unit} released but it is pinned to ${o.pinned[event.unit]}`);
      if (o.place[event.unit] !== managed(live.source))
        return objection(`unit ${event.unit} released but it is ${o.place[event.unit]}, not managed by ${live.source}`);
      return accept(withPlace(o, event.unit, IN_FLIGHT));
    }
    case 'target/unitAcquired': {
      if (live === null) return objection(`unit ${event.unit} acquired with no handover under way`);
      if (o.place[event.unit] !== IN_FLIGHT) return objection(`unit ${event.unit} acquired but it is ${o.place[event.unit]}, not in flight`);
      return accept(withPlace(o, event.unit, managed(live.target)));
    }
    case 'source/unitReclaimed': {
      if (live === null) return objection(`unit ${event.unit} reclaimed with no handover under way`);
      if (live.committed) return objection(`unit ${event.unit} reclaimed after the commit point`);
      return accept(withPlace(o, event.unit, managed(live.source)));
    }
    case 'sp/commitRecorded': {
      if (live === null) return objection('commit recorded with no handover under way');
      if (live.committed) return objection(`a second commit point recorded for ${live.vm}`);
      const away = (live.moving ?? []).find((u) => o.place[u] !== managed(live.target));
      if (away !== undefined) return objection(`commit recorded while unit ${away} is ${o.place[away]}`);
      return accept({ ...o, holder: { ...o.holder, [live.vm]: live.target }, handover: { ...live, committed: true } });
    }
    case 'target/vmResumed': {
      if (live === null) return objection('VM resumed with no handover under way');
      if (!live.committed) return objection(`${live.target} resumed ${live.vm} before the commit point`);
      const next = withDispatchers(o, live.vm, [...(o.dispatchers[live.vm] ?? []), live.target]);
      return accept({ ...next, handover: { ...live, ended: true }, resumedWith: live.frozen });
    }
    case 'source/rollbackCompleted': {
      if (live === null) return objection('rollback completed with no handover under way');
      if (live.committed) return objection(`rollback of ${live.vm} completed after the commit point`);
      // The expectation, not a mirror: every unit of the handover is back with the source (F07).
      let next = o;
      for (const u of [...(live.moving ?? []), ...live.staying]) next = withPlace(next, u, managed(live.source));
      next = withDispatchers(next, live.vm, [live.source]);
      return accept({ ...next, handover: { ...live, ended: true } });
    }
    case 'fault/hypervisorCrashed': {
      // Every VM the crashed hypervisor dispatched stops (F01, F02, F03).
      let next = o;
      for (const [vm, hvs] of Object.entries(o.dispatchers)) if (hvs.includes(event.hv)) next = withDispatchers(next, vm, hvs.filter((x) => x !== event.hv));
      return accept(next);
    }
    case 'sp/hypervisorRestarted': {
      // A restarted hypervisor runs again the stopped VMs it has, except the one a handover under
      // way decides about: that one resumes by the protocol (rollback or resume).
      let next = o;
      for (const [vm, holder] of Object.entries(o.holder))
        if (holder === event.hv && live?.vm !== vm && (o.dispatchers[vm] ?? []).length === 0) next = withDispatchers(next, vm, [event.hv]);
      return accept(next);
    }
    case 'sp/hypervisorRetired': {
      const unit = Object.keys(o.place).find((u) => o.place[u] === managed(event.hv));
      if (unit !== undefined) return objection(`${event.hv} retired while it manages unit ${unit}`);
      const vm = Object.keys(o.holder).find((v) => o.holder[v] === event.hv);
      if (vm !== undefined) return objection(`${event.hv} retired while it has ${vm}`);
      return accept({ ...o, retired: [...o.retired, event.hv] });
    }
    case 'scheduler/vmRescheduled':
      return accept({ ...o, schedVersion: { ...o.schedVersion, [event.vm]: (o.schedVersion[event.vm] ?? 0) + 1 } });
    // Nothing the oracle tracks moves on these: configuration, copies, messages, budgets and
    // the switch into rollback are the reducer's business; their outcome shows up above.
    case 'sp/hypervisorConfigured':
    case 'source/unitCopied':
    case 'source/consolidationFinished':
    case 'source/schedSent':
    case 'sp/schedRelayed':
    case 'target/schedReceived':
    case 'source/assignmentStarted':
    case 'operator/handoverAborted':
    case 'guest/memoryWritten':
    case 'fault/spReset':
    case 'fault/messageLost':
    case 'fault/messageDuplicated':
    case 'fault/unitTransferFailed':
    case 'fault/switchoverTimedOut':
      return accept(o);
  }
}

/** The fields both descriptions give, as `field -> value` text, in a stable order. @public */
export type Projection = ReadonlyArray<readonly [field: string, value: string]>;

const placeText = (p: ServerState['units'][string]['place']): string =>
  p.kind === 'managed' ? managed(p.by) : p.kind === 'free' ? 'free' : IN_FLIGHT;

/**
 * The reducer's view of the fields the oracle knows.
 * @public
 */
export function projectServer(s: ServerState): Projection {
  const out: [string, string][] = [];
  for (const v of s.scenario.vms) {
    const vm = s.vms[v.id];
    out.push([`vms.${v.id}.holder`, vm?.holder ?? '?']);
    out.push([`vms.${v.id}.dispatchedBy`, `[${vm?.dispatchedBy.join(', ') ?? '?'}]`]);
    out.push([`vms.${v.id}.schedVersion`, String(vm?.schedVersion ?? '?')]);
  }
  for (const u of s.scenario.units) {
    const unit = s.units[u.id];
    out.push([`units.${u.id}.place`, unit === undefined ? '?' : placeText(unit.place)]);
  }
  for (const hv of s.scenario.hypervisors) out.push([`hypervisors.${hv.id}.retired`, String(s.hypervisors[hv.id]?.status === 'retired')]);
  const h = s.handover;
  out.push(['handover.resumedWith', h?.phase === 'completed' ? String(h.resumedWith) : '-']);
  return out;
}

/**
 * The oracle's view of the same fields, in the same order.
 * @public
 */
export function projectOracle(o: OracleState, scenario: Scenario): Projection {
  const out: [string, string][] = [];
  for (const v of scenario.vms) {
    out.push([`vms.${v.id}.holder`, o.holder[v.id] ?? '?']);
    out.push([`vms.${v.id}.dispatchedBy`, `[${(o.dispatchers[v.id] ?? []).join(', ')}]`]);
    out.push([`vms.${v.id}.schedVersion`, String(o.schedVersion[v.id] ?? '?')]);
  }
  for (const u of scenario.units) out.push([`units.${u.id}.place`, o.place[u.id] ?? '?']);
  for (const hv of scenario.hypervisors) out.push([`hypervisors.${hv.id}.retired`, String(o.retired.includes(hv.id))]);
  const h = o.handover;
  out.push(['handover.resumedWith', h !== null && h.ended && h.committed ? String(o.resumedWith) : '-']);
  return out;
}

/**
 * The first field on which the reducer and the oracle disagree, as an explanation, or null.
 * @public
 */
export function disagreement(o: OracleState, s: ServerState): string | null {
  const mine = projectOracle(o, s.scenario);
  const theirs = projectServer(s);
  for (let i = 0; i < mine.length; i++) {
    const [field, expected] = mine[i]!;
    const got = theirs[i]?.[1];
    if (got !== expected) return `${field}: the reducer says ${got ?? 'nothing'}, the oracle says ${expected}`;
  }
  return null;
}
