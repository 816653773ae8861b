/**
 * Two-phase commit, after Lamport's TwoPhase.tla (TLA+ video course, lecture
 * 6; tlaplus/Examples specifications/transaction_commit/TwoPhase.tla, the
 * version whose `tmState` ends "committed" or "aborted").
 *
 * A transaction manager (TM) and resource managers (RMs) exchange messages
 * through `msgs`, a set to which messages are only added: a message once sent
 * can be received any number of times, which models loss, duplication and
 * reordering at once. RMs spontaneously decide to prepare or to abort; the TM
 * commits once every RM has told it "Prepared", and may abort at any time
 * before that.
 *
 * Left out, as in TwoPhase.tla: the TM's "Prepare" request, timeouts and
 * crashes. The spec refines TCommit.tla (TCConsistent is TCommit's invariant);
 * that refinement is not checked here.
 *
 * Checked configurations (test/explorer/twoPhaseCommit.test.ts):
 *   RM = 3: 288 distinct states (TLC's figure), 1 146 generated, depth 10 steps
 *           (TLC's depth counts the initial state as 1, so it reads one more);
 *           80 orbits under RM permutations (symmetry reduction).
 *   RM = 1..7: 12, 56, 288, 1 568, 8 832, 50 816, 296 448 distinct states;
 *           with symmetry 12, 34, 80, 166, 314, 553, 920 (1..5 asserted in tests,
 *           6 and 7 measured by bench/explorer-classic.ts).
 *   RM = 3, variant 'commitOnFirstPrepared': TCConsistent violated in 5 steps.
 *
 * departure: actions keep their TLA+ names (not `actor/eventName`) so counts
 * compare line by line with TLC; RMs are numbered 0..n-1 instead of a
 * model-value set; sets are sorted arrays so that states stay plain JSON.
 */

import type { Invariant, TransitionSystem } from '../system.ts';

/**
 * An RM's view of the transaction.
 *
 * @public
 */
export type RmState = 'working' | 'prepared' | 'committed' | 'aborted';

/**
 * The TM's view of the transaction.
 *
 * @public
 */
export type TmState = 'init' | 'committed' | 'aborted';

/**
 * A message: an RM's "Prepared", or the TM's decision.
 *
 * @public
 */
export type Message =
  | { readonly type: 'Prepared'; readonly rm: number }
  | { readonly type: 'Commit' }
  | { readonly type: 'Abort' };

/**
 * A state of TwoPhase.tla.
 *
 * @public
 */
export interface TwoPhaseState {
  /** `rmState[r]`: the state of RM r, for r in 0..n-1. */
  readonly rmState: readonly RmState[];
  /** The TM's state. */
  readonly tmState: TmState;
  /** RMs from which the TM has received "Prepared", ascending without duplicates (a set). */
  readonly tmPrepared: readonly number[];
  /** Messages ever sent: "Prepared" ones by ascending RM, then "Commit", then "Abort" (a set). */
  readonly msgs: readonly Message[];
}

/**
 * The actions of TwoPhase.tla's `Next`, with their RM parameter.
 *
 * @public
 */
export type TwoPhaseAction =
  | { readonly type: 'TMCommit' }
  | { readonly type: 'TMAbort' }
  | { readonly type: 'TMRcvPrepared'; readonly rm: number }
  | { readonly type: 'RMPrepare'; readonly rm: number }
  | { readonly type: 'RMChooseToAbort'; readonly rm: number }
  | { readonly type: 'RMRcvCommitMsg'; readonly rm: number }
  | { readonly type: 'RMRcvAbortMsg'; readonly rm: number };

/**
 * Which spec to build.
 *
 * @remarks
 * `'commitOnFirstPrepared'` is a deliberately broken TM that commits as soon
 * as one RM has prepared instead of all of them, so that an RM still working
 * may abort while another commits; TCConsistent must catch it.
 * @public
 */
export type TwoPhaseVariant = 'TwoPhase' | 'commitOnFirstPrepared';

/**
 * Parameters of {@link twoPhaseCommit}.
 *
 * @public
 */
export interface TwoPhaseOptions {
  /** Number of resource managers (TLA+ constant `RM`), at least 1. */
  readonly rms: number;
  /** Default `'TwoPhase'`. */
  readonly variant?: TwoPhaseVariant;
  /**
   * Attach {@link canonicaliseTwoPhase} so the explorer reduces by RM
   * permutations; default false, as TLC checks without SYMMETRY unless asked.
   */
  readonly symmetry?: boolean;
}

const RM_STATES: readonly RmState[] = ['working', 'prepared', 'committed', 'aborted'];
const TM_STATES: readonly TmState[] = ['init', 'committed', 'aborted'];
/** One letter per RM state, for the encoding. */
const RM_LETTER: Readonly<Record<RmState, string>> = { working: 'w', prepared: 'p', committed: 'c', aborted: 'a' };
const TM_LETTER: Readonly<Record<TmState, string>> = { init: 'i', committed: 'c', aborted: 'a' };
const COMMIT: Message = { type: 'Commit' };
const ABORT: Message = { type: 'Abort' };

/** Sort key giving the set order of messages documented on {@link TwoPhaseState.msgs}. */
function messageKey(m: Message): number {
  return m.type === 'Prepared' ? m.rm : m.type === 'Commit' ? -2 : -1;
}

function compareMessages(x: Message, y: Message): number {
  const kx = messageKey(x);
  const ky = messageKey(y);
  // Prepared messages (keys >= 0) first, then Commit (-2), then Abort (-1).
  if (kx >= 0 && ky >= 0) return kx - ky;
  if (kx >= 0) return -1;
  if (ky >= 0) return 1;
  return kx - ky;
}

function hasMessage(msgs: readonly Message[], m: Message): boolean {
  return msgs.some((x) => compareMessages(x, m) === 0);
}

/** `msgs \cup {m}`, keeping the set order; returns `msgs` itself when `m` is already in. */
function sendMessage(msgs: readonly Message[], m: Message): readonly Message[] {
  if (hasMessage(msgs, m)) return msgs;
  return [...msgs, m].sort(compareMessages);
}

/** `[rmState EXCEPT ![r] = value]`. */
function setRm(rmState: readonly RmState[], r: number, value: RmState): readonly RmState[] {
  const next = rmState.slice();
  next[r] = value;
  return next;
}

/**
 * The initial state `TPInit`: every RM working, TM in "init", nothing sent.
 *
 * @public
 */
export function twoPhaseInit(rms: number): TwoPhaseState {
  return { rmState: Array.from({ length: rms }, (): RmState => 'working'), tmState: 'init', tmPrepared: [], msgs: [] };
}

/**
 * One step of TwoPhase.tla: the successor of `s` under `a`, or `null` when the
 * action's guard is false in `s`.
 *
 * @public
 */
export function twoPhaseStep(
  s: TwoPhaseState,
  a: TwoPhaseAction,
  variant: TwoPhaseVariant = 'TwoPhase',
): TwoPhaseState | null {
  // departure: a switch rather than ts-pattern, because this is the explorer's hot
  // loop in the benchmark; TypeScript still rejects a missing case, since the
  // function has no return after the switch.
  switch (a.type) {
    // The TM receives a "Prepared" message from RM r.
    case 'TMRcvPrepared': {
      if (s.tmState !== 'init' || !hasMessage(s.msgs, { type: 'Prepared', rm: a.rm })) return null;
      if (s.tmPrepared.includes(a.rm)) return s;
      return { ...s, tmPrepared: [...s.tmPrepared, a.rm].sort((x, y) => x - y) };
    }
    // The TM commits: in TwoPhase once every RM has prepared; in the broken variant once any has.
    case 'TMCommit': {
      const allPrepared = s.tmPrepared.length === s.rmState.length;
      const enough = variant === 'TwoPhase' ? allPrepared : s.tmPrepared.length > 0;
      if (s.tmState !== 'init' || !enough) return null;
      return { ...s, tmState: 'committed', msgs: sendMessage(s.msgs, COMMIT) };
    }
    // The TM spontaneously aborts.
    case 'TMAbort': {
      if (s.tmState !== 'init') return null;
      return { ...s, tmState: 'aborted', msgs: sendMessage(s.msgs, ABORT) };
    }
    // RM r prepares and tells the TM.
    case 'RMPrepare': {
      if (s.rmState[a.rm] !== 'working') return null;
      const msgs = sendMessage(s.msgs, { type: 'Prepared', rm: a.rm });
      return { ...s, rmState: setRm(s.rmState, a.rm, 'prepared'), msgs };
    }
    // RM r spontaneously decides to abort.
    case 'RMChooseToAbort': {
      if (s.rmState[a.rm] !== 'working') return null;
      return { ...s, rmState: setRm(s.rmState, a.rm, 'aborted') };
    }
    // RM r receives the TM's "Commit" (possibly again).
    case 'RMRcvCommitMsg': {
      if (!hasMessage(s.msgs, COMMIT)) return null;
      return s.rmState[a.rm] === 'committed' ? s : { ...s, rmState: setRm(s.rmState, a.rm, 'committed') };
    }
    // RM r receives the TM's "Abort" (possibly again).
    case 'RMRcvAbortMsg': {
      if (!hasMessage(s.msgs, ABORT)) return null;
      return s.rmState[a.rm] === 'aborted' ? s : { ...s, rmState: setRm(s.rmState, a.rm, 'aborted') };
    }
  }
}

/**
 * Every action of `Next` for `rms` RMs, in a fixed order: TMCommit, TMAbort,
 * then for each RM TMRcvPrepared, RMPrepare, RMChooseToAbort, RMRcvCommitMsg,
 * RMRcvAbortMsg.
 *
 * @public
 */
export function twoPhaseActions(rms: number): readonly TwoPhaseAction[] {
  const list: TwoPhaseAction[] = [{ type: 'TMCommit' }, { type: 'TMAbort' }];
  for (let rm = 0; rm < rms; rm++) {
    list.push(
      { type: 'TMRcvPrepared', rm },
      { type: 'RMPrepare', rm },
      { type: 'RMChooseToAbort', rm },
      { type: 'RMRcvCommitMsg', rm },
      { type: 'RMRcvAbortMsg', rm },
    );
  }
  return list;
}

/**
 * Canonical string of a state: RM letters, TM letter, prepared RMs, messages.
 *
 * @public
 */
export function encodeTwoPhase(s: TwoPhaseState): string {
  let out = '';
  for (const r of s.rmState) out += RM_LETTER[r];
  out += TM_LETTER[s.tmState] + '|' + s.tmPrepared.join(',') + '|';
  for (const m of s.msgs) out += m.type === 'Prepared' ? `P${m.rm},` : m.type === 'Commit' ? 'C,' : 'A,';
  return out;
}

/**
 * Symmetry reduction over RM identities: the representative of the orbit of
 * `s` under all permutations of the RMs.
 *
 * @remarks
 * RMs are interchangeable in TwoPhase.tla (no action or invariant names a
 * particular one), so permuting them maps behaviours to behaviours. An RM is
 * fully described by the triple (its state, whether the TM has its
 * "Prepared", whether its "Prepared" was sent); sorting RMs by that triple and
 * renumbering them gives one state per orbit. Two states get the same
 * representative exactly when some permutation maps one to the other.
 * @public
 */
export function canonicaliseTwoPhase(s: TwoPhaseState): TwoPhaseState {
  const n = s.rmState.length;
  const prepared = new Uint8Array(n);
  for (const r of s.tmPrepared) prepared[r] = 1;
  const sent = new Uint8Array(n);
  for (const m of s.msgs) if (m.type === 'Prepared') sent[m.rm] = 1;
  const keyOf = (r: number): number =>
    RM_STATES.indexOf(s.rmState[r] as RmState) * 4 + (prepared[r] as number) * 2 + (sent[r] as number);
  const order = Array.from({ length: n }, (_, r) => r).sort((x, y) => keyOf(x) - keyOf(y) || x - y);
  // order[newId] = oldId
  const rmState = order.map((old) => s.rmState[old] as RmState);
  const tmPrepared: number[] = [];
  const msgs: Message[] = [];
  order.forEach((old, id) => {
    if (prepared[old] === 1) tmPrepared.push(id);
    if (sent[old] === 1) msgs.push({ type: 'Prepared', rm: id });
  });
  if (hasMessage(s.msgs, COMMIT)) msgs.push(COMMIT);
  if (hasMessage(s.msgs, ABORT)) msgs.push(ABORT);
  return { rmState, tmState: s.tmState, tmPrepared, msgs };
}

function isRmId(r: unknown, rms: number): boolean {
  return Number.isInteger(r) && (r as number) >= 0 && (r as number) < rms;
}

/** True when `xs` is strictly ascending under `cmp`, i.e. a set in canonical order. */
function strictlyAscending<T>(xs: readonly T[], cmp: (x: T, y: T) => number): boolean {
  return xs.every((x, i) => i === 0 || cmp(xs[i - 1] as T, x) < 0);
}

/**
 * TPTypeOK for `rms` RMs, with one explanation per clause so a violation names
 * the broken one.
 *
 * @public
 */
export function twoPhaseTypeOK(rms: number): Invariant<TwoPhaseState> {
  return {
    id: 'TP-1',
    name: 'TPTypeOK',
    check: (s) => {
      if (s.rmState.length !== rms || !s.rmState.every((r) => RM_STATES.includes(r))) {
        return `rmState ${JSON.stringify(s.rmState)} is not a function from the ${rms} RMs to RM states`;
      }
      if (!TM_STATES.includes(s.tmState)) return `tmState ${JSON.stringify(s.tmState)} is not a TM state`;
      if (!s.tmPrepared.every((r) => isRmId(r, rms)) || !strictlyAscending(s.tmPrepared, (x, y) => x - y)) {
        return `tmPrepared ${JSON.stringify(s.tmPrepared)} is not a set of RMs`;
      }
      const wellFormed = s.msgs.every((m) => m.type !== 'Prepared' || isRmId(m.rm, rms));
      if (!wellFormed || !strictlyAscending(s.msgs, compareMessages)) {
        return `msgs ${JSON.stringify(s.msgs)} is not a set of messages`;
      }
      return null;
    },
  };
}

/**
 * TCConsistent: no RM has committed while another has aborted.
 *
 * @public
 */
export const tcConsistent: Invariant<TwoPhaseState> = {
  id: 'TP-2',
  name: 'TCConsistent',
  check: (s) => {
    const committed = s.rmState.indexOf('committed');
    const aborted = s.rmState.indexOf('aborted');
    return committed >= 0 && aborted >= 0 ? `rm${committed} committed while rm${aborted} aborted` : null;
  },
};

/**
 * TwoPhase.tla with `rms` RMs as a transition system checking TPTypeOK and
 * TCConsistent, with RM-permutation symmetry available.
 *
 * @remarks
 * A state is terminal when every RM has decided (committed or aborted); the
 * actions still enabled there only re-deliver messages. There are no fault
 * actions: message loss is already in the set-of-messages model.
 * @example
 * ```ts
 * explore(twoPhaseCommit({ rms: 3 })).distinctStates; // 288
 * ```
 * @public
 */
export function twoPhaseCommit(options: TwoPhaseOptions): TransitionSystem<TwoPhaseState, TwoPhaseAction> {
  const { rms } = options;
  if (!Number.isInteger(rms) || rms < 1) {
    throw new RangeError(`twoPhaseCommit: rms must be a positive integer, got ${rms}`);
  }
  const variant = options.variant ?? 'TwoPhase';
  const all = twoPhaseActions(rms);
  const system: TransitionSystem<TwoPhaseState, TwoPhaseAction> = {
    initialStates: [twoPhaseInit(rms)],
    actions: () => all,
    step: (s, a) => twoPhaseStep(s, a, variant),
    actionName: (a) => a.type,
    encode: encodeTwoPhase,
    invariants: [twoPhaseTypeOK(rms), tcConsistent],
    isTerminal: (s) => s.rmState.every((r) => r === 'committed' || r === 'aborted'),
  };
  return options.symmetry === true ? { ...system, canonicalise: canonicaliseTwoPhase } : system;
}
