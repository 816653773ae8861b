/**
 * The handover model as a transition system for the explorer: the adapter between the
 * reference reducer (src/model) and the generic breadth-first search (explore.ts).
 *
 * @remarks
 * Three things live here because they know the shape of a {@link ServerState}: the compact
 * canonical encoding the fingerprints are computed from, the wiring of symmetry reduction over
 * interchangeable units (the permutation itself is in symmetry.ts), and the renderers a
 * command line needs to print handover states and events in a counterexample.
 */
import type { ActionProperty } from '../../properties/invariants.ts';
import { refinesLifecycle } from '../../properties/refinement.ts';
import type { Invariant as ModelInvariant } from '../../properties/invariants.ts';
import { invariants as allInvariants } from '../../properties/invariants.ts';
import type { Transition } from '../model/enabled.ts';
import { enabledTransitions } from '../model/enabled.ts';
import { EVENT_KINDS, formatEvent } from '../model/events.ts';
import { initialState } from '../model/init.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Handover, HypervisorState, Message, OutcomeGhost, Place, ServerState, UnitCopy, UnitOriginal, UnitState, VmState } from '../model/state.ts';
import { isActive, PHASES } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import { step as referenceStep } from '../model/step.ts';
import type { ExploreProgress } from './explore.ts';
import type { TraceStep } from './result.ts';
import { unitSymmetry } from './symmetry.ts';
import type { TransitionSystem } from './system.ts';

/** Options of {@link handoverSystem}. @public */
export interface HandoverSystemOptions {
  /** The reducer to explore; default the reference one (a mutant's `mutantStep(m)` to check a seeded bug). */
  readonly step?: Step;
  /** The invariants checked on every state; default every invariant of properties/invariants.ts. */
  readonly invariants?: readonly ModelInvariant[];
  /**
   * Adds `canonicalise`: symmetry reduction over interchangeable units (same kind, node, VM and
   * unreassignable flag), see {@link interchangeableUnits}. Default false.
   */
  readonly symmetry?: boolean;
  /**
   * Properties of every step, checked on every generated transition; default the refinement
   * mapping to the lifecycle statechart (REF-1). `[]` for none.
   */
  readonly actionProperties?: readonly ActionProperty[];
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/*
 * The encoding is a string of UTF-16 code units, one per identifier, enum, flag or small
 * number, in a fixed order that follows the scenario (units, hypervisors and VMs in scenario
 * order). Every field is written so that it can be read back knowing only where it starts
 * (prefix-free), hence the whole string is injective: two states have equal encodings exactly
 * when their variables are equal. Identifiers become their index in the scenario and numbers
 * their value, both as a single code unit below ESCAPE; the rare value that does not fit
 * (an identifier the scenario does not know, a number that is negative, fractional or huge)
 * follows an escape code as text. Code units stay below the surrogate range, so the string is
 * well-formed whatever the state.
 */

/** Smallest code unit used as an escape: indices and numbers below it take one code unit. */
const ESCAPE = 0xd000;
/** A number follows as decimal text, closed by TEXT_END. */
const NUMBER_TEXT = 0xd000;
/** Closes a number written as text (never a character of `String(n)`). */
const TEXT_END = 0xd001;
/** null (an absent identifier, number, copy, configuration or handover). */
const NULL = 0xd002;
/** An identifier the scenario does not name follows: its length as a number, then its characters. */
const NAMED = 0xd003;
/** A record entry the scenario names but the state lacks. */
const ABSENT = 0xd004;

/** Identifier-to-index tables of one scenario: the constants every encoding refers to. */
interface ScenarioIndex {
  readonly units: ReadonlyMap<string, number>;
  readonly hypervisors: ReadonlyMap<string, number>;
  readonly nodes: ReadonlyMap<string, number>;
  readonly vms: ReadonlyMap<string, number>;
}

const indexTable = (ids: readonly string[]): ReadonlyMap<string, number> => new Map(ids.map((id, i) => [id, i]));

const STATUSES: readonly HypervisorState['status'][] = ['running', 'crashed', 'retired'];
const LEGS: readonly Message['leg'][] = ['toSp', 'toTarget'];
const ABORT_REASONS: readonly NonNullable<Handover['abortReason']>[] = [
  'operator',
  'sourceCrashed',
  'targetCrashed',
  'spReset',
  'transferFailed',
  'timeout',
];

/**
 * Appends code units for one state. Built once per scenario; the arrays are reused between
 * states, so encoding allocates only the resulting string.
 */
class Writer {
  /** Code units of the encoding being written. */
  private codes: number[] = [];
  private length = 0;

  constructor(private readonly index: ScenarioIndex) {}

  /** The code units written since the last `take`, as a string; resets the writer. */
  take(): string {
    const codes = this.codes;
    codes.length = this.length;
    this.length = 0;
    // Apply over a plain array: for strings of this length it is several times faster than
    // concatenating one-character strings and as fast as a TextDecoder, which would also replace
    // a lone surrogate in a name and so lose injectivity (bench/explorer-handover.ts, "Encoding").
    return String.fromCharCode.apply(null, codes);
  }

  code(c: number): void {
    this.codes[this.length++] = c;
  }

  flag(b: boolean): void {
    this.code(b ? 1 : 0);
  }

  number(n: number): void {
    if (Number.isInteger(n) && n >= 0 && n < ESCAPE) this.code(n);
    else {
      this.code(NUMBER_TEXT);
      this.text(String(n));
      this.code(TEXT_END);
    }
  }

  nullableNumber(n: number | null): void {
    if (n === null) this.code(NULL);
    else this.number(n);
  }

  private text(t: string): void {
    for (let i = 0; i < t.length; i++) this.code(t.charCodeAt(i));
  }

  /** An identifier as its index in `table`, or by name when the scenario does not know it. */
  private id(table: ReadonlyMap<string, number>, id: string | null): void {
    if (id === null) {
      this.code(NULL);
      return;
    }
    const i = table.get(id);
    if (i !== undefined && i < ESCAPE) this.code(i);
    else {
      this.code(NAMED);
      this.number(id.length);
      this.text(id);
    }
  }

  /** An enum value as its position in `values`, by name when it is not one of them. */
  choice<T extends string>(values: readonly T[], v: T): void {
    const i = values.indexOf(v);
    if (i >= 0) this.code(i);
    else {
      this.code(NAMED);
      this.number(v.length);
      this.text(v);
    }
  }

  unitId(id: string | null): void {
    this.id(this.index.units, id);
  }
  hvId(id: string | null): void {
    this.id(this.index.hypervisors, id);
  }
  nodeId(id: string | null): void {
    this.id(this.index.nodes, id);
  }
  vmId(id: string | null): void {
    this.id(this.index.vms, id);
  }

  unitIds(ids: readonly string[]): void {
    this.number(ids.length);
    for (const id of ids) this.unitId(id);
  }

  unit(u: UnitState | undefined): void {
    if (u === undefined) {
      this.code(ABSENT);
      return;
    }
    this.place(u.place);
    this.nodeId(u.node);
    this.vmId(u.vm);
    this.hvId(u.pinnedTo);
    this.number(u.written);
    this.number(u.held);
    this.copy(u.copy);
    this.original(u.original);
    const b = u.ghost.before;
    if (b === null) this.code(NULL);
    else {
      this.place(b.place);
      this.nodeId(b.node);
      this.hvId(b.pinnedTo);
      this.copy(b.copy);
      this.original(b.original);
    }
    const at = u.ghost.copiedAt;
    this.number(at.length);
    for (const v of at) this.number(v);
  }

  place(p: Place): void {
    // 0 free, 1 in flight, 2 managed (then by whom).
    if (p.kind === 'managed') {
      this.code(2);
      this.hvId(p.by);
    } else this.code(p.kind === 'free' ? 0 : 1);
  }

  copy(c: UnitCopy | null): void {
    if (c === null) this.code(NULL);
    else {
      this.nodeId(c.node);
      this.number(c.version);
      this.flag(c.dirty);
    }
  }

  original(o: UnitOriginal | null): void {
    if (o === null) this.code(NULL);
    else {
      this.nodeId(o.node);
      this.number(o.version);
    }
  }

  config(c: HypervisorState['config']): void {
    if (c === null) this.code(NULL);
    else this.number(c.epoch);
  }

  sched(g: HypervisorState['sched']): void {
    if (g === null) this.code(NULL);
    else {
      this.vmId(g.vm);
      this.number(g.epoch);
      this.number(g.version);
      this.number(g.applied);
    }
  }

  /** The outcome ghost (state.ts, OutcomeGhost). */
  outcome(g: OutcomeGhost): void {
    const b = g.before;
    if (b === null) this.code(NULL);
    else {
      this.hvId(b.holder);
      this.number(b.dispatchedBy.length);
      for (const d of b.dispatchedBy) this.hvId(d);
      this.config(b.source.config);
      this.sched(b.source.sched);
      this.config(b.target.config);
      this.sched(b.target.sched);
    }
    this.nullableNumber(g.frozenAt);
    if (g.commit === null) this.code(NULL);
    else {
      this.number(g.commit.spEpoch);
      const t = g.commit.targetSched;
      if (t === null) this.code(NULL);
      else {
        this.number(t.epoch);
        this.number(t.version);
      }
    }
    // A flag first: a resume holding no version (null inside) is not the absence of a resume.
    if (g.resume === null) this.code(NULL);
    else {
      this.code(1);
      this.nullableNumber(g.resume.version);
    }
  }

  hypervisor(h: HypervisorState | undefined): void {
    if (h === undefined) {
      this.code(ABSENT);
      return;
    }
    this.choice(STATUSES, h.status);
    this.config(h.config);
    this.sched(h.sched);
  }

  vm(v: VmState | undefined): void {
    if (v === undefined) {
      this.code(ABSENT);
      return;
    }
    this.hvId(v.holder);
    this.number(v.dispatchedBy.length);
    for (const d of v.dispatchedBy) this.hvId(d);
    this.number(v.schedVersion);
  }

  message(m: Message): void {
    this.choice(LEGS, m.leg);
    this.hvId(m.to);
    this.vmId(m.vm);
    this.number(m.epoch);
    this.number(m.version);
  }

  handover(h: Handover | null): void {
    if (h === null) {
      this.code(NULL);
      return;
    }
    this.vmId(h.vm);
    this.hvId(h.source);
    this.hvId(h.target);
    this.number(h.epoch);
    this.choice(PHASES, h.phase);
    this.nodeId(h.targetNode);
    this.unitIds(h.reassignable);
    this.unitIds(h.unreassignable);
    this.flag(h.classified);
    this.nullableNumber(h.lastSent);
    this.number(h.versionsSent);
    this.nullableNumber(h.frozenVersion);
    this.number(h.commits);
    if (h.abortReason === null) this.code(NULL);
    else this.choice(ABORT_REASONS, h.abortReason);
    this.nullableNumber(h.resumedWith);
    const g = h.ghost;
    // The five history flags as one code unit: a bit each.
    this.code(
      (g.partialTransfer ? 1 : 0) | (g.schedRaced ? 2 : 0) | (g.recopied ? 4 : 0) | (g.spReset ? 8 : 0) | (g.pinDetected ? 16 : 0),
    );
  }
}

/** A state encoder bound to one scenario, plus the per-unit encoder symmetry reduction sorts by. */
interface ScenarioCodec {
  readonly encode: (s: ServerState) => string;
  readonly encodeUnit: (u: UnitState | undefined) => string;
}

function makeCodec(sc: Scenario): ScenarioCodec {
  const index: ScenarioIndex = {
    units: indexTable(sc.units.map((u) => u.id)),
    hypervisors: indexTable(sc.hypervisors.map((h) => h.id)),
    nodes: indexTable(sc.nodes),
    vms: indexTable(sc.vms.map((v) => v.id)),
  };
  const unitIds = sc.units.map((u) => u.id);
  const hvIds = sc.hypervisors.map((h) => h.id);
  const vmIds = sc.vms.map((v) => v.id);
  const w = new Writer(index);
  const encode = (s: ServerState): string => {
    for (const id of unitIds) w.unit(s.units[id]);
    for (const id of hvIds) w.hypervisor(s.hypervisors[id]);
    for (const id of vmIds) w.vm(s.vms[id]);
    w.number(s.sp.epoch);
    w.number(s.channel.length);
    for (const m of s.channel) w.message(m);
    w.handover(s.handover);
    w.number(s.completed);
    w.number(s.rolledBack);
    const used = s.used;
    w.number(used.faults);
    w.number(used.schedChanges);
    w.number(used.guestWrites);
    w.number(used.attempts);
    w.outcome(s.ghost);
    return w.take();
  };
  const encodeUnit = (u: UnitState | undefined): string => {
    w.unit(u);
    return w.take();
  };
  return { encode, encodeUnit };
}

const codecs = new WeakMap<Scenario, ScenarioCodec>();

/** The codec of a scenario, built on first use (a scenario is shared by reference by all its states). */
function codecOf(sc: Scenario): ScenarioCodec {
  let c = codecs.get(sc);
  if (c === undefined) {
    c = makeCodec(sc);
    codecs.set(sc, c);
  }
  return c;
}

/**
 * Canonical encoding of a state for fingerprints: every variable, in a fixed order, without the
 * constants (the scenario, shared by every state of a run).
 *
 * @remarks
 * Injective: equal states give equal strings and different states different strings (arrays
 * are compared in order, as `JSON.stringify` would). Units, hypervisors and VMs are read in
 * scenario order, so the key order of the state's records does not matter. It is about 66 code
 * units for `tiny` against about 1,040 characters of JSON, three times faster to build and
 * cheaper to hash, which halves the time of a whole exploration of tiny (docs/performance.md).
 * @example
 * ```ts
 * encodeState(initialState(tiny)) === encodeState(initialState(tiny)); // true
 * ```
 * @public
 */
export function encodeState(s: ServerState): string {
  return codecOf(s.scenario).encode(s);
}

/**
 * The JSON encoding the explorer used before {@link encodeState}: kept as the reference the
 * compact encoding is tested and benchmarked against.
 * @internal
 */
export function encodeStateJson(s: ServerState): string {
  return JSON.stringify([s.units, s.hypervisors, s.vms, s.sp.epoch, s.channel, s.handover, s.completed, s.rolledBack, s.used, s.ghost]);
}

// ---------------------------------------------------------------------------------------------
// Symmetry
// ---------------------------------------------------------------------------------------------

/**
 * The classes of interchangeable units of a scenario: units whose specification is identical
 * except the id (same kind, node, VM and unreassignable flag), each class in scenario order;
 * only classes of two or more units are listed.
 *
 * @remarks
 * Nothing in the reducer, the enabled events or the invariants tells such units apart but
 * their id, so renaming them maps reachable states to reachable states and preserves every
 * verdict (the reason symmetry reduction is sound here, as for TLC's `Permutations(RM)`).
 * @example
 * ```ts
 * interchangeableUnits(defaultScenario); // [['u1', 'u4']]
 * interchangeableUnits(tiny); // []
 * ```
 * @public
 */
export function interchangeableUnits(sc: Scenario): string[][] {
  const classes = new Map<string, string[]>();
  for (const u of sc.units) {
    const key = JSON.stringify([u.kind, u.node, u.vm, u.unreassignable]);
    const members = classes.get(key);
    if (members === undefined) classes.set(key, [u.id]);
    else members.push(u.id);
  }
  return [...classes.values()].filter((c) => c.length > 1);
}

/**
 * The symmetry canonicaliser of a scenario: maps a state to the representative of its orbit
 * under permutations of each class of {@link interchangeableUnits}.
 *
 * @remarks
 * Units of a class are sorted by their own variables and their membership in the handover's
 * two portions, ids are renamed consistently, and the portions are read as sets (sorted in
 * scenario order). A state already in canonical form is returned as is. See symmetry.ts.
 * @public
 */
export function canonicaliseUnits(sc: Scenario): (s: ServerState) => ServerState {
  return unitSymmetry(sc, interchangeableUnits(sc), codecOf(sc).encodeUnit);
}

// ---------------------------------------------------------------------------------------------
// The transition system
// ---------------------------------------------------------------------------------------------

/**
 * A scenario of the handover model as a transition system: actions are the enabled transitions
 * (event and next state, computed once), faults and environment events are the `isFault` ones,
 * and terminal states are those with no handover under way.
 *
 * @remarks
 * Deadlock and termination are therefore judged on protocol steps only: a state whose only
 * enabled events are faults or environment events is a deadlock, and termination asks that a
 * completed or rolled-back handover stays reachable without any further fault (fairness on the
 * protocol, none on the environment).
 * @example
 * ```ts
 * const result = explore(handoverSystem(tiny), { checkTermination: true });
 * console.log(formatExploreReport(result, { formatState: formatHandoverState }));
 * ```
 * @public
 */
export function handoverSystem(scenario: Scenario, options: HandoverSystemOptions = {}): TransitionSystem<ServerState, Transition> {
  const step = options.step ?? referenceStep;
  const system: TransitionSystem<ServerState, Transition> = {
    initialStates: [initialState(scenario)],
    actions: (s) => enabledTransitions(s, step),
    step: (_s, t) => t.state,
    actionName: (t) => t.event.type,
    encode: codecOf(scenario).encode,
    invariants: (options.invariants ?? allInvariants).map((inv) => ({ id: inv.id, name: inv.name, check: inv.check })),
    actionInvariants: (options.actionProperties ?? [refinesLifecycle]).map((p) => ({
      id: p.id,
      name: p.name,
      check: (before: ServerState, t: Transition, after: ServerState) => p.check(before, t.event, after),
    })),
    isTerminal: (s) => !isActive(s.handover),
    isFault: (t) => EVENT_KINDS[t.event.type] !== 'protocol',
  };
  return options.symmetry === true ? { ...system, canonicalise: canonicaliseUnits(scenario) } : system;
}

// ---------------------------------------------------------------------------------------------
// Rendering, for reports and the command line
// ---------------------------------------------------------------------------------------------

const placeShort = (u: UnitState): string =>
  u.place.kind === 'managed' ? u.place.by : u.place.kind === 'free' ? 'free' : 'flight';

/**
 * A one-line rendering of a handover state for counterexample traces: the phase first, then
 * only what varies (units, hypervisors, VMs, channel, budgets used).
 *
 * @remarks
 * A unit reads `u1=hA@n0 w1/h1 copy(n1 v0 dirty) pin(hA)`: who manages it, the node its content
 * is on, versions written and held, then its copy, the source's kept frame (`orig(n0 v0)`) and
 * pin if any; ghost variables are not shown. Meant to be passed as
 * `formatState` to `formatExploreReport`.
 * @example
 * ```ts
 * formatHandoverState(initialState(tiny));
 * // 'no handover | sp e0 | u0=hA@n1 w0/h0 u1=hA@n0 w0/h0 u2=hA@n0 w0/h0 pin(hA) | hA run hB run | vm0 on hA by hA s0 | used f0 s0 g0 a0'
 * ```
 * @public
 */
export function formatHandoverState(s: ServerState): string {
  const h = s.handover;
  const parts: string[] = [];
  if (h === null) parts.push('no handover');
  else {
    const portions = h.classified ? ` R[${h.reassignable.join(',')}] U[${h.unreassignable.join(',')}]` : '';
    const abort = h.abortReason === null ? '' : ` (${h.abortReason})`;
    const sched = `sent ${h.lastSent ?? '-'}x${h.versionsSent} frozen ${h.frozenVersion ?? '-'} commits ${h.commits}`;
    parts.push(`${h.phase}${abort} ${h.vm} ${h.source}->${h.target} e${h.epoch}${portions} ${sched}`);
  }
  parts.push(`sp e${s.sp.epoch}${s.completed + s.rolledBack > 0 ? ` done ${s.completed} rolled back ${s.rolledBack}` : ''}`);
  parts.push(
    s.scenario.units
      .map((spec) => {
        const u = s.units[spec.id];
        if (u === undefined) return `${spec.id}=?`;
        const copy = u.copy === null ? '' : ` copy(${u.copy.node} v${u.copy.version}${u.copy.dirty ? ' dirty' : ''})`;
        const original = u.original === null ? '' : ` orig(${u.original.node} v${u.original.version})`;
        const pin = u.pinnedTo === null ? '' : ` pin(${u.pinnedTo})`;
        return `${spec.id}=${placeShort(u)}@${u.node} w${u.written}/h${u.held}${copy}${original}${pin}`;
      })
      .join(' '),
  );
  parts.push(
    s.scenario.hypervisors
      .map(({ id }) => {
        const hv = s.hypervisors[id];
        if (hv === undefined) return `${id} ?`;
        const config = hv.config === null ? '' : ` cfg e${hv.config.epoch}`;
        const sched = hv.sched === null ? '' : ` sched(${hv.sched.vm} e${hv.sched.epoch} v${hv.sched.version} x${hv.sched.applied})`;
        return `${id} ${hv.status.slice(0, 3)}${config}${sched}`;
      })
      .join(' '),
  );
  parts.push(
    s.scenario.vms
      .map(({ id }) => {
        const v = s.vms[id];
        return v === undefined ? `${id} ?` : `${id} on ${v.holder} by ${v.dispatchedBy.join('+') || 'nobody'} s${v.schedVersion}`;
      })
      .join(' '),
  );
  if (s.channel.length > 0) parts.push(`channel ${s.channel.map((m) => `${m.leg}(e${m.epoch} v${m.version})`).join(' ')}`);
  const u = s.used;
  parts.push(`used f${u.faults} s${u.schedChanges} g${u.guestWrites} a${u.attempts}`);
  return parts.join(' | ');
}

/**
 * The event of a trace step with its parameters, e.g. `source/unitCopied(u1)`
 * (`formatEvent` of src/model/events.ts); `<initial state>` for the first step.
 * @public
 */
export function formatHandoverAction(t: Transition | null): string {
  return t === null ? '<initial state>' : formatEvent(t.event);
}

/**
 * A counterexample as numbered lines, one event with its parameters and one state each:
 * what a command line prints under the verdict.
 * @example
 * ```ts
 * if (result.violation) console.log(formatHandoverTrace(result.violation.trace));
 * ```
 * @public
 */
export function formatHandoverTrace(trace: readonly TraceStep<ServerState, Transition>[]): string {
  return trace.map((t, i) => `${i}: ${formatHandoverAction(t.action)}\n   ${formatHandoverState(t.state)}`).join('\n');
}

/**
 * A one-line progress report for `onProgress`, e.g.
 * `1,200,000 distinct, 4,310,551 generated, depth 31, queue 48,210, 61.2 s`.
 * @public
 */
export function formatProgress(p: ExploreProgress): string {
  const n = (x: number): string => x.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (
    `${n(p.distinctStates)} distinct, ${n(p.statesGenerated)} generated, depth ${p.depth}, ` +
    `queue ${n(p.queueSize)}, ${(p.elapsedMs / 1000).toFixed(1)} s`
  );
}
