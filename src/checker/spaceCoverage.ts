/**
 * Coverage against the exhaustive space: which share of the explorer's reachable states (and
 * of an abstraction of them) the random checker's runs reach for a given budget.
 *
 * @remarks
 * The explorer gives the reachable set as fingerprints (its own visited-set table and
 * fingerprint function, so "the same state" means what it means to the explorer). The runs are
 * those `vm-handover check --runs N --seed S` takes (the same batches, in this thread), watched
 * by a monitor that sees every state they reach: the initial one, each accepted step, and the
 * quiescence drive's steps. A state the runs reach that the explorer does not is counted apart
 * (`outside`); with the reference reducer there is none, and a test asserts it.
 *
 * The abstraction {@link abstractState} keeps what the protocol's guards read and forgets what
 * only multiplies states: the phase, where each unit is and how current its content and copy
 * are, and the scheduling versions as their relations.
 */
import { explore, handoverSystem } from '../explorer/index.ts';
import { encodeState } from '../model/encode.ts';
import { fingerprintLanes, stateFingerprinter } from '../explorer/fingerprint.ts';
import { FingerprintSet } from '../explorer/fingerprintSet.ts';
import type { ServerState } from '../model/state.ts';
import type { CheckOptions } from './options.ts';
import { resolveOptions } from './options.ts';
import type { Monitor } from './properties.ts';
import { oracleMonitor } from './properties.ts';
import { checkBatches } from './parallel.ts';
import type { CheckResult } from './result.ts';

/** The name of {@link abstractState}, as reports print it. @public */
export const ABSTRACTION = 'phase x unit places x versions';

const versionRelation = (a: number | null, b: number | null): string => (a === null || b === null ? '-' : a === b ? '=' : a < b ? '<' : '>');

/**
 * A state's abstract key: the phase (with the abort reason), each unit's place (free, in
 * flight, managed by the source, the target or another) with its content (`held` behind
 * `written` or not) and its copy (none, clean, dirty), and the scheduling versions as relations:
 * the VM's current version against the last one sent, the frozen one, and the target's.
 *
 * @remarks
 * Why these: they are what the guards of the protocol steps read (phase, unit places, the
 * consolidation test of copies, the version tests of sending, freezing and resuming). Left out:
 * epochs, the channel's messages, the budgets used, hypervisor configuration and ghosts, which
 * multiply the concrete states (tiny has 268,382) but not the situations a step meets.
 * @public
 */
export function abstractState(s: ServerState): string {
  const h = s.handover;
  const phase = h === null ? 'idle' : h.abortReason === null ? h.phase : `${h.phase}(${h.abortReason})`;
  const role = (by: string): string => (h === null ? 'hv' : by === h.source ? 'src' : by === h.target ? 'tgt' : 'hv');
  const units = s.scenario.units.map(({ id }) => {
    const u = s.units[id];
    if (u === undefined) return '?';
    const place = u.place.kind === 'managed' ? role(u.place.by) : u.place.kind === 'free' ? 'free' : 'flight';
    const copy = u.copy === null ? '' : u.copy.dirty ? '+dirty' : u.copy.version === u.held ? '+copy' : '+stale';
    return `${place}${u.held < u.written ? '!' : ''}${copy}${u.pinnedTo === null ? '' : '#'}`;
  });
  const vm = h === null ? undefined : s.vms[h.vm];
  const current = vm?.schedVersion ?? null;
  const targetSched = h === null ? null : (s.hypervisors[h.target]?.sched?.version ?? null);
  const versions = h === null ? '' : `sent${versionRelation(h.lastSent, current)} frozen${versionRelation(h.frozenVersion, current)} target${versionRelation(targetSched, current)}`;
  return `${phase} | ${units.join(' ')} | ${versions}`;
}

/** Options of {@link spaceCoverage}: those of `check` (scenario, runs, seed, mutant, ...). @public */
export interface SpaceCoverageOptions extends Omit<CheckOptions, 'step' | 'path' | 'shouldStop'> {
  /** Runs per batch, as `checkBatches` (default 100, as `vm-handover check`). */
  readonly batchRuns?: number;
  /** Called with the explorer's progress (distinct states so far). */
  readonly onExploreProgress?: (distinct: number) => void;
}

/** One share: how many of the reachable ones the runs reached. @public */
export interface Share {
  readonly reachable: number;
  readonly reached: number;
  /** `reached / reachable`, 0 when nothing is reachable. */
  readonly share: number;
}

/** What {@link spaceCoverage} measured. @public */
export interface SpaceCoverage {
  readonly scenario: string;
  readonly mutant: string | null;
  readonly seed: number;
  readonly runs: number;
  /** The explorer's reachable states, and how many the runs reached. */
  readonly states: Share;
  /** The same, of the abstract states ({@link abstractState}). */
  readonly abstract: Share & { readonly name: string };
  /** Distinct states the runs reached that the explorer did not: 0 unless something is wrong. */
  readonly outside: number;
  /** The random check itself (its verdict, witnesses, coverage of events). */
  readonly check: CheckResult;
  /** Up to 10 abstract states the explorer reached and the runs did not, in discovery order. */
  readonly unreachedExamples: readonly string[];
  readonly exploreMs: number;
  readonly checkMs: number;
}

const share = (reached: number, reachable: number): Share => ({ reachable, reached, share: reachable === 0 ? 0 : reached / reachable });

/**
 * Explores a scenario completely, runs the random checker's runs on it, and reports the share of
 * the reachable states (and of the abstract states) the runs reached.
 *
 * @remarks
 * Meant for scenarios the explorer finishes (`tiny`); throws a RangeError when the exploration
 * stops short of the whole space (a share of an unknown whole is no figure).
 * @example
 * ```ts
 * const c = await spaceCoverage({ scenario: tiny, seed: 42, runs: 1000 });
 * console.log(`${(100 * c.states.share).toFixed(1)} % of ${c.states.reachable} states`);
 * ```
 * @public
 */
export async function spaceCoverage(options: SpaceCoverageOptions): Promise<SpaceCoverage> {
  const config = resolveOptions(options);
  const system = handoverSystem(config.scenario, { step: config.step });
  const lanes = new Int32Array(2);
  const fingerprint = stateFingerprinter(system, undefined, lanes);
  const reachable = new FingerprintSet();
  const abstractReachable = new Map<string, number>();
  let exploreStarted = performance.now();
  const x = explore(system, {
    checkDeadlock: false,
    ...(options.onExploreProgress === undefined ? {} : { onProgress: (p) => options.onExploreProgress!(p.distinctStates), progressEvery: 20_000 }),
    onState: (s) => {
      fingerprint(s);
      reachable.insert(lanes[0]!, lanes[1]!);
      const k = abstractState(s);
      if (!abstractReachable.has(k)) abstractReachable.set(k, abstractReachable.size);
    },
  });
  const exploreMs = performance.now() - exploreStarted;
  // A violation stops the search as a bound does: either way the whole is unknown.
  if (!x.complete || x.violation !== undefined)
    throw new RangeError(`spaceCoverage: the explorer did not finish ${config.scenario.name} (${x.status}, ${x.distinctStates} states): no reachable set to measure against`);

  const reachedKeys = new Set<string>();
  const abstractReached = new Set<string>();
  const see = (s: ServerState): void => {
    let key: string;
    try {
      key = encodeState(s);
    } catch {
      return;
    }
    reachedKeys.add(key);
    abstractReached.add(abstractState(s));
  };
  const watcher: Monitor<null> = {
    id: 'SPACE-COVERAGE',
    name: 'RecordsReachedStates',
    start: (s) => {
      see(s);
      return { ok: true, state: null };
    },
    next: (_m, _before, _event, after) => {
      see(after);
      return { ok: true, state: null };
    },
  };
  exploreStarted = performance.now();
  const { result } = await checkBatches({
    ...options,
    workers: 1,
    monitors: [...(options.monitors ?? [oracleMonitor as Monitor]), watcher as Monitor],
  });
  const checkMs = performance.now() - exploreStarted;

  let reached = 0;
  let outside = 0;
  for (const key of reachedKeys) {
    fingerprintLanes(key, lanes);
    if (reachable.has(lanes[0]!, lanes[1]!)) reached++;
    else outside++;
  }
  let abstractHit = 0;
  for (const k of abstractReached) if (abstractReachable.has(k)) abstractHit++;
  const unreachedExamples = [...abstractReachable.keys()].filter((k) => !abstractReached.has(k)).slice(0, 10);
  return {
    scenario: config.scenario.name,
    mutant: config.mutant?.id ?? null,
    seed: result.seed,
    runs: result.runs,
    states: share(reached, reachable.count),
    abstract: { name: ABSTRACTION, ...share(abstractHit, abstractReachable.size) },
    outside,
    check: result,
    unreachedExamples,
    exploreMs,
    checkMs,
  };
}
