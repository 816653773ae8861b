/**
 * Trace validation with hidden steps: find a run of the reducer that explains a log.
 *
 * @remarks
 * The search is breadth-first over the pairs (position in the log, state), as TLC's trace
 * validation explores the product of the specification and the trace. After record i the
 * frontier holds every state some run explains records 1..i with; for record i + 1 each of them
 * takes up to `maxHidden` hidden steps (events of the hidden types, in any order), then one event
 * the record stands for, and must then agree with the record's pins. States are deduplicated by
 * the explorer's fingerprint of their canonical encoding (src/explorer/handover.ts, fingerprint.ts)
 * together with their position, so a state reached along two paths is expanded once per position.
 * A log conforms when the frontier is never empty; the run reported is the first found, which
 * takes the fewest hidden steps at each record. Otherwise it diverges at the first record no
 * run explains, and the candidate states that came closest are reported with what they disagree
 * on: the reducer's rejection of the event, or the pins. The reconstructed run is then checked
 * as `check` checks a step (every invariant, REF-1, the oracle).
 */
import { EVENT_TYPES, formatEvent } from '../model/events.ts';
import type { EventType, HandoverEvent } from '../model/events.ts';
import { candidateEvents } from '../model/enabled.ts';
import { initialState } from '../model/init.ts';
import type { Rejection } from '../model/rejection.ts';
import { REJECTION_CODES } from '../model/rejection.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ServerState } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import { step as referenceStep } from '../model/step.ts';
import type { Violation } from '../../properties/invariants.ts';
import type { Properties } from '../checker/properties.ts';
import { checkInitial, checkStep, STEP_PROPERTIES } from '../checker/properties.ts';
import { encodeState } from '../model/encode.ts';
import { formatHandoverState } from '../explorer/handover.ts';
import { fingerprintLanes } from '../explorer/fingerprint.ts';
import { FingerprintSet } from '../explorer/fingerprintSet.ts';
import type { Trace } from '../trace/trace.ts';
import type { EventPattern, LogStep } from './mapping.ts';
import { formatPattern, matchesPattern } from './mapping.ts';
import type { PinMismatch } from './observation.ts';
import { formatPinMismatch, pinMismatch } from './observation.ts';

/** Default bound on unlogged events between two records. @public */
export const DEFAULT_MAX_HIDDEN = 2;

/** How many candidate states a divergence reports. @public */
export const CLOSEST_CANDIDATES = 3;

/** Options of {@link validateSteps}. @public */
export interface ValidateOptions {
  /** Most hidden steps before each record (default {@link DEFAULT_MAX_HIDDEN}). */
  readonly maxHidden?: number;
  /** The event types a hidden step may be (default every type). */
  readonly hidden?: ReadonlySet<EventType>;
  /** The reducer the log is explained by; default the reference one (tests give a mutant). */
  readonly step?: Step;
  /** What the reconstructed run is checked with; default {@link STEP_PROPERTIES}, as `check` and `monitor`. */
  readonly properties?: Properties;
}

/** Counts of a validation. @public */
export interface ValidationStats {
  readonly records: number;
  /** Events of the reconstructed (or, on divergence, the explained) run. */
  readonly steps: number;
  /** Of those, the unlogged ones. */
  readonly hiddenSteps: number;
  /** Distinct (position, state) pairs the search reached. */
  readonly states: number;
  /** The largest frontier: states that explained a prefix of the log equally well. */
  readonly maxFrontier: number;
  readonly elapsedMs: number;
}

/** Why a candidate state could not take a record's event. @public */
export type Disagreement =
  | { readonly kind: 'rejected'; readonly event: HandoverEvent; readonly rejection: Rejection }
  | { readonly kind: 'pins'; readonly event: HandoverEvent | null; readonly mismatches: readonly PinMismatch[] }
  | { readonly kind: 'noEvent'; readonly pattern: EventPattern };

/** A state that came close to explaining the record a log diverges at. @public */
export interface Candidate {
  /** The hidden events it took after the previous record. */
  readonly hidden: readonly HandoverEvent[];
  readonly state: ServerState;
  /** What it disagrees on, closest first. */
  readonly disagreements: readonly Disagreement[];
}

/** The outcome of validating a log. @public */
export type ValidationResult =
  | { readonly status: 'conforms'; readonly run: Trace; readonly stats: ValidationStats }
  | {
      readonly status: 'diverges';
      /** 0-based index of the record no run explains. */
      readonly index: number;
      /** Its line in the log. */
      readonly line: number;
      readonly record: LogStep;
      /** A run explaining every record before it. */
      readonly run: Trace;
      readonly closest: readonly Candidate[];
      readonly stats: ValidationStats;
    }
  | {
      readonly status: 'violation';
      /** The record whose step (or a hidden step before it) broke the property. */
      readonly index: number;
      readonly line: number;
      readonly violation: Violation;
      /** The reconstructed run up to the violating state, with the violation. */
      readonly run: Trace;
      readonly stats: ValidationStats;
    };

/** A state of the search: how it was reached, for the run. */
interface Node {
  readonly state: ServerState;
  readonly event: HandoverEvent | null;
  readonly parent: Node | null;
  /** The record whose event this is, or -1 for a hidden step (and the initial state). */
  readonly record: number;
  /** Hidden steps since the previous record. */
  readonly depth: number;
}

/** Fingerprints of (position, state) pairs: the canonical encoding, then the position (the encoding is prefix-free). */
class Seen {
  private readonly set = new FingerprintSet();
  private readonly lanes = new Int32Array(2);
  /** Adds the pair; true when it is new. */
  add(position: number, s: ServerState): boolean {
    fingerprintLanes(`${encodeState(s)}${position}`, this.lanes);
    return this.set.insert(this.lanes[0]!, this.lanes[1]!) === -1;
  }
  get count(): number {
    return this.set.count;
  }
}

const runOf = (scenario: Scenario, initial: ServerState, last: Node | null): { trace: Trace; nodes: Node[] } => {
  const nodes: Node[] = [];
  for (let n = last; n !== null && n.event !== null; n = n.parent) nodes.push(n);
  nodes.reverse();
  return { trace: { scenario, initial, steps: nodes.map((n) => ({ event: n.event!, state: n.state })) }, nodes };
};

/**
 * Explains a mapped log with a run of the reducer, allowing hidden steps between records.
 * @example
 * ```ts
 * const r = validateSteps(tiny, steps, { maxHidden: 2 });
 * if (r.status === 'diverges') console.log(formatValidation(r));
 * ```
 * @public
 */
export function validateSteps(scenario: Scenario, steps: readonly LogStep[], options: ValidateOptions = {}): ValidationResult {
  const started = performance.now();
  const maxHidden = options.maxHidden ?? DEFAULT_MAX_HIDDEN;
  if (!Number.isInteger(maxHidden) || maxHidden < 0) throw new RangeError(`maxHidden must be a non-negative integer, got ${maxHidden}`);
  const hidden = options.hidden ?? new Set(EVENT_TYPES);
  const step = options.step ?? referenceStep;
  const initial = initialState(scenario);
  const seen = new Seen();
  const root: Node = { state: initial, event: null, parent: null, record: -1, depth: 0 };
  seen.add(0, initial);
  let frontier: Node[] = [root];
  let maxFrontier = 1;
  const stats = (run: Trace, nodes: readonly Node[]): ValidationStats => ({
    records: steps.length,
    steps: run.steps.length,
    hiddenSteps: nodes.slice(0, run.steps.length).filter((n) => n.record < 0).length,
    states: seen.count,
    maxFrontier,
    elapsedMs: performance.now() - started,
  });
  for (let i = 0; i < steps.length; i++) {
    const record = steps[i]!;
    const next: Node[] = [];
    const considered: Node[] = [];
    const visible = (n: Node): void => {
      if (record.events.length === 0) {
        if (pinMismatch(n.state, record.pins).length === 0 && seen.add(i + 1, n.state)) next.push(n.depth === 0 ? n : { ...n, depth: 0 });
        return;
      }
      for (const e of candidateEvents(n.state)) {
        if (!record.events.some((p) => matchesPattern(e, p))) continue;
        const r = step(n.state, e);
        if (r.ok && pinMismatch(r.state, record.pins).length === 0 && seen.add(i + 1, r.state))
          next.push({ state: r.state, event: e, parent: n, record: i, depth: 0 });
      }
    };
    let level = frontier;
    for (let d = 0; ; d++) {
      for (const n of level) {
        considered.push(n);
        visible(n);
      }
      if (d === maxHidden) break;
      const deeper: Node[] = [];
      for (const n of level)
        for (const e of candidateEvents(n.state)) {
          if (!hidden.has(e.type)) continue;
          const r = step(n.state, e);
          if (r.ok && seen.add(i, r.state)) deeper.push({ state: r.state, event: e, parent: n, record: -1, depth: d + 1 });
        }
      if (deeper.length === 0) break;
      level = deeper;
    }
    if (next.length === 0) {
      const { trace, nodes } = runOf(scenario, initial, frontier[0]!);
      return {
        status: 'diverges',
        index: i,
        line: record.line,
        record,
        run: trace,
        closest: closest(considered, record, step),
        stats: stats(trace, nodes),
      };
    }
    frontier = next;
    if (next.length > maxFrontier) maxFrontier = next.length;
  }
  const { trace, nodes } = runOf(scenario, initial, frontier[0]!);
  const broken = checkRun(trace, nodes, options.properties ?? STEP_PROPERTIES);
  if (broken !== null) {
    const run: Trace = { ...trace, steps: trace.steps.slice(0, broken.at + 1), violation: broken.violation };
    const index = broken.record;
    return { status: 'violation', index, line: steps[index]?.line ?? 0, violation: broken.violation, run, stats: stats(run, nodes) };
  }
  return { status: 'conforms', run: trace, stats: stats(trace, nodes) };
}

/** The first property the run breaks, with the step (0-based) and the record it belongs to. */
function checkRun(trace: Trace, nodes: readonly Node[], properties: Properties): { at: number; record: number; violation: Violation } | null {
  const start = checkInitial(properties, trace.initial);
  if (start.violation !== null) return { at: -1, record: 0, violation: start.violation };
  let monitors = start.monitors;
  let before = trace.initial;
  for (const [k, s] of trace.steps.entries()) {
    const checked = checkStep(properties, before, s.event, s.state, monitors);
    if (checked.violation !== null) {
      // A hidden step belongs to the record it precedes.
      let record = -1;
      for (let j = k; j < nodes.length && record < 0; j++) record = nodes[j]!.record;
      return { at: k, record: Math.max(record, 0), violation: checked.violation };
    }
    monitors = checked.monitors;
    before = s.state;
  }
  return null;
}

/** The weight of a disagreement: a rejected event is farther than any number of wrong pins. */
const distance = (d: Disagreement): number => (d.kind === 'pins' ? d.mismatches.length : d.kind === 'rejected' ? 1000 : 2000);

/** What each considered state disagrees on; the closest few, fewest hidden steps first among equals. */
function closest(considered: readonly Node[], record: LogStep, step: Step): Candidate[] {
  const scored = considered.map((n, order) => {
    const ds: Disagreement[] = [];
    if (record.events.length === 0) ds.push({ kind: 'pins', event: null, mismatches: pinMismatch(n.state, record.pins) });
    else {
      const formable = candidateEvents(n.state);
      for (const p of record.events) {
        const es = formable.filter((e) => matchesPattern(e, p));
        if (es.length === 0) ds.push({ kind: 'noEvent', pattern: p });
        for (const e of es) {
          const r = step(n.state, e);
          ds.push(r.ok ? { kind: 'pins', event: e, mismatches: pinMismatch(r.state, record.pins) } : { kind: 'rejected', event: e, rejection: r.rejection });
        }
      }
    }
    ds.sort((a, b) => distance(a) - distance(b));
    return { n, ds, order, score: Math.min(...ds.map(distance)) };
  });
  scored.sort((a, b) => a.score - b.score || a.n.depth - b.n.depth || a.order - b.order);
  return scored.slice(0, CLOSEST_CANDIDATES).map(({ n, ds }) => {
    const hiddenEvents: HandoverEvent[] = [];
    for (let m: Node | null = n; m !== null && m.record < 0 && m.event !== null; m = m.parent) hiddenEvents.push(m.event);
    return { hidden: hiddenEvents.reverse(), state: n.state, disagreements: ds };
  });
}

/** One line for a disagreement. @public */
export function formatDisagreement(d: Disagreement): string {
  if (d.kind === 'noEvent') return `no event ${formatPattern(d.pattern)} can be formed in this state`;
  if (d.kind === 'rejected')
    return `${formatEvent(d.event)} is rejected: ${d.rejection.code} ${REJECTION_CODES[d.rejection.code]}; failed guard: ${d.rejection.guard}`;
  const after = d.event === null ? 'the state' : `after ${formatEvent(d.event)}`;
  return `${after}: ${d.mismatches.map(formatPinMismatch).join('; ')}`;
}

/** A candidate state, its hidden steps and what it disagrees on, as lines. @public */
export function formatCandidate(c: Candidate, rank: number): string[] {
  const hiddenText = c.hidden.length === 0 ? 'no hidden step' : `hidden: ${c.hidden.map(formatEvent).join(', ')}`;
  return [`  candidate ${rank} (${hiddenText})`, `    state: ${formatHandoverState(c.state)}`, ...c.disagreements.slice(0, 3).map((d) => `    ${formatDisagreement(d)}`)];
}
