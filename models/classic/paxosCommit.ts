/**
 * Paxos Commit, after Gray and Lamport's PaxosCommit.tla (tlaplus/Examples,
 * specifications/transaction_commit/PaxosCommit.tla): each resource manager's
 * prepare/abort decision is an instance of Paxos consensus run by a set of acceptors, so
 * that the commit survives the failure of a leader; the leader decides Commit once every
 * instance has chosen "prepared", Abort once one has chosen "aborted".
 *
 * As in the TLA+ spec: `msgs` is the set of every message ever sent (loss, duplication and
 * reordering at once), receipt is not modelled (an action is enabled when the messages it needs
 * are in `msgs`), leader selection is not modelled (any process may act as a leader), RMs
 * prepare spontaneously, and only safety is specified.
 *
 * Constants: `RM` = `rms` resource managers r1..rn, `Acceptor` = `acceptors` acceptors
 * a1..ak, `Majority` = every set of floor(k/2)+1 acceptors (for three acceptors the three
 * pairs, as in PaxosCommit.cfg), `Ballot` = {0, 1}.
 *
 * Variables, packed (why: 1.3 million states and 17 million generated successors must fit in
 * seconds, so a state is a few small integers, not a record of records):
 *   rmState[rm]          2 bits each: working, prepared, committed, aborted
 *   aState[ins][acc]     4 bits each: mbal (1 bit, Ballot = {0, 1}) and the pair (bal, val),
 *                        one of (-1, none), (0, prepared), (0, aborted), (1, prepared), (1, aborted)
 *   msgs                 one bit per message that can be sent: phase1a(ins, bal 1),
 *                        phase1b(ins, mbal 1, (bal, val) with bal <= 0, acc), phase2a(ins, bal, val),
 *                        phase2b(acc, ins, bal, val), Commit, Abort
 * in words of 30 bits, so every word stays a small integer of V8 (no heap number). phase1b
 * messages exist only for mbal = 1 and bal <= 0 because that is all the spec can send: Phase1b
 * needs a phase1a message (bal in Ballot \ {0} = {1}) and an acceptor with mbal < 1, hence
 * mbal = 0 and bal <= mbal. {@link decodePaxos} gives the TLA+ record back.
 *
 * Counting as TLC does: one successor per true disjunct and per witness of an existential, so
 * the action list carries the witnesses: Phase2a(bal, rm) one action per majority MS; Decide's
 * Commit one per choice of (b, MS) for every RM (TLC unrolls `\A rm` into a conjunction of
 * `Decided(rm, "prepared")`, each an `\E b, MS`), its Abort one per (rm, b, MS); Phase1b(acc) one
 * per phase1a message, Phase2b(acc) one per phase2a message. The `\E m \in mset : m.acc = ac` of
 * Phase2a has at most one witness per acceptor (an acceptor sends one phase1b per instance, when
 * raising mbal from 0 to 1), and so does Phase2a's CHOOSE (an instance has at most one phase2a
 * message of ballot 0: RMPrepare and RMChooseToAbort both need rmState = "working" and leave it).
 *
 * Checked configuration, PaxosCommit.cfg (RM = {r1, r2}, three acceptors, Ballot = {0, 1}),
 * INVARIANT PCTypeOK: 1,321,761 distinct states, 16,959,159 generated, depth 27 steps (TLC's
 * 28 counts the initial state), TLC's published figures (manifest.json of tlaplus/Examples);
 * asserted by bench/explorer-paxos.ts. Smaller configurations are asserted against an
 * independent record-based transcription in test/explorer/paxosCommit.test.ts.
 *
 * departure: actions keep their TLA+ names (not `actor/eventName`) so counts compare with TLC;
 * ids are numbers 0..n-1 (r1 is 0); TCConsistent (TCommit's invariant, which PaxosCommit
 * implements) is checked besides PCTypeOK; the refinement of TCommit itself is not checked.
 */

import type { Invariant, TransitionSystem } from '../system.ts';

/**
 * A packed state of PaxosCommit.tla: `words` small integers (layout in the module comment).
 * @public
 */
export type PaxosState = readonly number[];

/** Parameters of {@link paxosCommit}. @public */
export interface PaxosOptions {
  /** Number of resource managers (`RM`), 1 to 4; default 2 as in PaxosCommit.cfg. */
  readonly rms?: number;
  /** Number of acceptors (`Acceptor`), 1 to 5; default 3 as in PaxosCommit.cfg. */
  readonly acceptors?: number;
  /**
   * Default `'PaxosCommit'`. `'commitOnFirstPrepared'` is a deliberately broken leader that
   * decides Commit once the first RM's instance has chosen "prepared" (the Commit witness of
   * r1 only), so that another RM may abort; TCConsistent must catch it.
   */
  readonly variant?: 'PaxosCommit' | 'commitOnFirstPrepared';
}

/** The value of an RM or an acceptor's `val`, as the TLA+ strings. @public */
export type RmStateName = 'working' | 'prepared' | 'committed' | 'aborted';

/** A message of `Message` in PaxosCommit.tla, with numeric ids. @public */
export type PaxosMessage =
  | { readonly type: 'phase1a'; readonly ins: number; readonly bal: number }
  | {
      readonly type: 'phase1b';
      readonly ins: number;
      readonly mbal: number;
      readonly bal: number;
      readonly val: 'prepared' | 'aborted' | 'none';
      readonly acc: number;
    }
  | { readonly type: 'phase2a'; readonly ins: number; readonly bal: number; readonly val: 'prepared' | 'aborted' }
  | { readonly type: 'phase2b'; readonly acc: number; readonly ins: number; readonly bal: number; readonly val: 'prepared' | 'aborted' }
  | { readonly type: 'Commit' }
  | { readonly type: 'Abort' };

/** A state as the TLA+ variables, for reports and tests. @public */
export interface PaxosRecord {
  readonly rmState: readonly RmStateName[];
  /** `aState[ins][acc]`. */
  readonly aState: readonly (readonly { readonly mbal: number; readonly bal: number; readonly val: 'prepared' | 'aborted' | 'none' }[])[];
  /** The messages sent, in the order of the packed layout (a set). */
  readonly msgs: readonly PaxosMessage[];
}

/**
 * An action of `PCNext` with its parameters and, for existentials, its witness.
 * @public
 */
export type PaxosAction =
  | { readonly type: 'RMPrepare' | 'RMChooseToAbort' | 'RMRcvCommitMsg' | 'RMRcvAbortMsg'; readonly rm: number }
  | { readonly type: 'Phase1a'; readonly bal: 1; readonly rm: number }
  | { readonly type: 'Phase2a'; readonly bal: 1; readonly rm: number; readonly ms: readonly number[] }
  | { readonly type: 'Decide'; readonly decision: 'Commit'; readonly witnesses: readonly { readonly b: number; readonly ms: readonly number[] }[] }
  | { readonly type: 'Decide'; readonly decision: 'Abort'; readonly rm: number; readonly b: number; readonly ms: readonly number[] }
  | { readonly type: 'Phase1b'; readonly acc: number; readonly m: PaxosMessage & { readonly type: 'phase1a' } }
  | { readonly type: 'Phase2b'; readonly acc: number; readonly m: PaxosMessage & { readonly type: 'phase2a' } };

const RM_NAMES: readonly RmStateName[] = ['working', 'prepared', 'committed', 'aborted'];
const WORKING = 0;
const PREPARED = 1;
const COMMITTED = 2;
const ABORTED = 3;
/** Bits per word: 30, so that words are V8 small integers. */
const WORD_BITS = 30;
/** `val` codes inside messages: 0 prepared, 1 aborted. */
const VALS = ['prepared', 'aborted'] as const;

/** A bit (or a field's lowest bit) in the packed state. */
interface Bit {
  readonly word: number;
  readonly shift: number;
}

/** Where every variable lives in the packed state of one configuration. */
interface Layout {
  readonly rms: number;
  readonly acceptors: number;
  readonly words: number;
  readonly majorities: readonly (readonly number[])[];
  readonly rm: readonly Bit[];
  /** aState[ins][acc], 4 bits: mbal in the lowest, then the (bal, val) code. */
  readonly acc: readonly (readonly Bit[])[];
  readonly phase1a: readonly Bit[];
  /** phase1b[ins][bv][acc], bv the (bal, val) code 0..2 (bal <= 0). */
  readonly phase1b: readonly (readonly (readonly Bit[])[])[];
  /** phase2a[ins][bal][val]. */
  readonly phase2a: readonly (readonly (readonly Bit[])[])[];
  /** phase2b[acc][ins][bal][val]. */
  readonly phase2b: readonly (readonly (readonly (readonly Bit[])[])[])[];
  readonly commit: Bit;
  readonly abort: Bit;
}

/** Every `size`-element subset of 0..n-1, in lexicographic order. */
function subsets(n: number, size: number): number[][] {
  if (size === 0) return [[]];
  const out: number[][] = [];
  for (let first = 0; first <= n - size; first++) for (const rest of subsets(n - first - 1, size - 1)) out.push([first, ...rest.map((x) => x + first + 1)]);
  return out;
}

function layoutOf(rms: number, acceptors: number): Layout {
  let word = 0;
  let shift = 0;
  const field = (width: number): Bit => {
    if (shift + width > WORD_BITS) {
      word++;
      shift = 0;
    }
    const bit = { word, shift };
    shift += width;
    return bit;
  };
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  const rm = range(rms).map(() => field(2));
  const acc = range(rms).map(() => range(acceptors).map(() => field(4)));
  const phase1a = range(rms).map(() => field(1));
  const phase1b = range(rms).map(() => range(3).map(() => range(acceptors).map(() => field(1))));
  const phase2a = range(rms).map(() => range(2).map(() => range(2).map(() => field(1))));
  const phase2b = range(acceptors).map(() => range(rms).map(() => range(2).map(() => range(2).map(() => field(1)))));
  const commit = field(1);
  const abort = field(1);
  return {
    rms,
    acceptors,
    words: word + 1,
    majorities: subsets(acceptors, Math.floor(acceptors / 2) + 1),
    rm,
    acc,
    phase1a,
    phase1b,
    phase2a,
    phase2b,
    commit,
    abort,
  };
}

const has = (s: PaxosState, b: Bit): boolean => (((s[b.word] as number) >>> b.shift) & 1) === 1;
const get = (s: PaxosState, b: Bit, mask: number): number => ((s[b.word] as number) >>> b.shift) & mask;
/** `s` with the bits of `value` (already masked) in place of the field at `b`. */
function set(t: number[], b: Bit, mask: number, value: number): void {
  t[b.word] = ((t[b.word] as number) & ~(mask << b.shift)) | (value << b.shift);
}
function send(t: number[], b: Bit): void {
  t[b.word] = (t[b.word] as number) | (1 << b.shift);
}

/** The (bal, val) code of an acceptor: 0 for (-1, none), 1 + 2 bal + (val = aborted) otherwise. */
const bvCode = (bal: number, val: number): number => 1 + 2 * bal + val;

function checkOptions(options: PaxosOptions): { rms: number; acceptors: number } {
  const rms = options.rms ?? 2;
  const acceptors = options.acceptors ?? 3;
  if (!Number.isInteger(rms) || rms < 1 || rms > 4) throw new RangeError(`paxosCommit: rms must be an integer from 1 to 4, got ${rms}`);
  if (!Number.isInteger(acceptors) || acceptors < 1 || acceptors > 5) {
    throw new RangeError(`paxosCommit: acceptors must be an integer from 1 to 5, got ${acceptors}`);
  }
  return { rms, acceptors };
}

/** The actions of `PCNext` with their witnesses, in a fixed order. */
function actionsOf(l: Layout): PaxosAction[] {
  const list: PaxosAction[] = [];
  for (let rm = 0; rm < l.rms; rm++) {
    for (const type of ['RMPrepare', 'RMChooseToAbort', 'RMRcvCommitMsg', 'RMRcvAbortMsg'] as const) list.push({ type, rm });
  }
  for (let rm = 0; rm < l.rms; rm++) {
    list.push({ type: 'Phase1a', bal: 1, rm });
    for (const ms of l.majorities) list.push({ type: 'Phase2a', bal: 1, rm, ms });
  }
  // Decide, Commit branch: one witness (b, MS) of Decided(rm, "prepared") per RM.
  const perRm = [0, 1].flatMap((b) => l.majorities.map((ms) => ({ b, ms })));
  let choices: { b: number; ms: readonly number[] }[][] = [[]];
  for (let rm = 0; rm < l.rms; rm++) choices = choices.flatMap((c) => perRm.map((w) => [...c, w]));
  for (const witnesses of choices) list.push({ type: 'Decide', decision: 'Commit', witnesses });
  for (let rm = 0; rm < l.rms; rm++) for (const { b, ms } of perRm) list.push({ type: 'Decide', decision: 'Abort', rm, b, ms });
  for (let acc = 0; acc < l.acceptors; acc++) {
    for (let ins = 0; ins < l.rms; ins++) list.push({ type: 'Phase1b', acc, m: { type: 'phase1a', ins, bal: 1 } });
    for (let ins = 0; ins < l.rms; ins++)
      for (const bal of [0, 1])
        for (const val of VALS) list.push({ type: 'Phase2b', acc, m: { type: 'phase2a', ins, bal, val } });
  }
  return list;
}

/** One step of PCNext under the layout: the successor, or null when the action's guard is false. */
function stepOf(l: Layout, broken: boolean): (s: PaxosState, a: PaxosAction) => PaxosState | null {
  const mustDecide = broken ? 1 : l.rms;
  const decided = (s: PaxosState, rm: number, b: number, ms: readonly number[], val: number): boolean =>
    ms.every((ac) => has(s, l.phase2b[ac]![rm]![b]![val]!));
  return (s, a) => {
    switch (a.type) {
      // RM rm prepares: a phase 2a message for ballot 0 with value "prepared".
      case 'RMPrepare':
      case 'RMChooseToAbort': {
        const bit = l.rm[a.rm] as Bit;
        if (get(s, bit, 3) !== WORKING) return null;
        const t = s.slice();
        const prepare = a.type === 'RMPrepare';
        set(t, bit, 3, prepare ? PREPARED : ABORTED);
        send(t, l.phase2a[a.rm]![0]![prepare ? 0 : 1]!);
        return t;
      }
      // RM rm is told to commit (a stuttering step when it already has) or to abort.
      case 'RMRcvCommitMsg':
      case 'RMRcvAbortMsg': {
        const commit = a.type === 'RMRcvCommitMsg';
        if (!has(s, commit ? l.commit : l.abort)) return null;
        const t = s.slice();
        set(t, l.rm[a.rm] as Bit, 3, commit ? COMMITTED : ABORTED);
        return t;
      }
      // A leader starts ballot bal for instance rm (duplicates are harmless: then a stuttering step).
      case 'Phase1a': {
        const t = s.slice();
        send(t, l.phase1a[a.rm] as Bit);
        return t;
      }
      // A leader with phase 1b messages of ballot 1 from majority MS sends phase 2a, unless one was sent already.
      case 'Phase2a': {
        const p2a = l.phase2a[a.rm]![1]!;
        if (has(s, p2a[0]!) || has(s, p2a[1]!)) return null;
        let maxbal = -1;
        let val = 1; // "aborted" when no acceptor of MS has voted
        for (const ac of a.ms) {
          let found = false;
          for (let bv = 0; bv < 3; bv++) {
            if (!has(s, l.phase1b[a.rm]![bv]![ac]!)) continue;
            found = true;
            const bal = bv === 0 ? -1 : 0;
            if (bal > maxbal) {
              maxbal = bal;
              val = bv === 0 ? 1 : (bv - 1) & 1;
            }
          }
          if (!found) return null;
        }
        const t = s.slice();
        send(t, p2a[val]!);
        return t;
      }
      case 'Decide': {
        if (a.decision === 'Commit') {
          for (let rm = 0; rm < mustDecide; rm++) {
            const w = a.witnesses[rm]!;
            if (!decided(s, rm, w.b, w.ms, 0)) return null;
          }
          const t = s.slice();
          send(t, l.commit);
          return t;
        }
        if (!decided(s, a.rm, a.b, a.ms, 1)) return null;
        const t = s.slice();
        send(t, l.abort);
        return t;
      }
      // Acceptor acc joins ballot m.bal of instance m.ins and reports its vote in a phase 1b message.
      case 'Phase1b': {
        const { ins } = a.m;
        if (!has(s, l.phase1a[ins] as Bit)) return null;
        const bit = l.acc[ins]![a.acc]!;
        const cell = get(s, bit, 15);
        if ((cell & 1) >= a.m.bal) return null;
        const bv = cell >>> 1;
        if (bv > 2) throw new Error(`paxosCommit: acceptor ${a.acc} of instance ${ins} has bal > mbal`);
        const t = s.slice();
        set(t, bit, 15, (bv << 1) | a.m.bal);
        send(t, l.phase1b[ins]![bv]![a.acc]!);
        return t;
      }
      // Acceptor acc votes for the phase 2a message m unless it has joined a higher ballot.
      case 'Phase2b': {
        const { ins, bal } = a.m;
        const val = a.m.val === 'prepared' ? 0 : 1;
        if (!has(s, l.phase2a[ins]![bal]![val]!)) return null;
        const bit = l.acc[ins]![a.acc]!;
        if ((get(s, bit, 15) & 1) > bal) return null;
        const t = s.slice();
        set(t, bit, 15, (bvCode(bal, val) << 1) | bal);
        send(t, l.phase2b[a.acc]![ins]![bal]![val]!);
        return t;
      }
    }
  };
}

const layouts = new Map<string, Layout>();
function layoutFor(options: PaxosOptions): Layout {
  const { rms, acceptors } = checkOptions(options);
  const key = `${rms}/${acceptors}`;
  let l = layouts.get(key);
  if (l === undefined) {
    l = layoutOf(rms, acceptors);
    layouts.set(key, l);
  }
  return l;
}

/**
 * The state as the TLA+ variables (`rmState`, `aState`, `msgs`).
 * @public
 */
export function decodePaxos(s: PaxosState, options: PaxosOptions = {}): PaxosRecord {
  const l = layoutFor(options);
  const msgs: PaxosMessage[] = [];
  const bvOf = (bv: number): { bal: number; val: 'prepared' | 'aborted' | 'none' } =>
    bv === 0 ? { bal: -1, val: 'none' } : { bal: (bv - 1) >>> 1, val: VALS[(bv - 1) & 1] as 'prepared' | 'aborted' };
  for (let ins = 0; ins < l.rms; ins++) if (has(s, l.phase1a[ins]!)) msgs.push({ type: 'phase1a', ins, bal: 1 });
  for (let ins = 0; ins < l.rms; ins++)
    for (let bv = 0; bv < 3; bv++)
      for (let acc = 0; acc < l.acceptors; acc++) if (has(s, l.phase1b[ins]![bv]![acc]!)) msgs.push({ type: 'phase1b', ins, mbal: 1, ...bvOf(bv), acc });
  for (let ins = 0; ins < l.rms; ins++)
    for (const bal of [0, 1]) for (let v = 0; v < 2; v++) if (has(s, l.phase2a[ins]![bal]![v]!)) msgs.push({ type: 'phase2a', ins, bal, val: VALS[v]! });
  for (let acc = 0; acc < l.acceptors; acc++)
    for (let ins = 0; ins < l.rms; ins++)
      for (const bal of [0, 1]) for (let v = 0; v < 2; v++) if (has(s, l.phase2b[acc]![ins]![bal]![v]!)) msgs.push({ type: 'phase2b', acc, ins, bal, val: VALS[v]! });
  if (has(s, l.commit)) msgs.push({ type: 'Commit' });
  if (has(s, l.abort)) msgs.push({ type: 'Abort' });
  return {
    rmState: l.rm.map((b) => RM_NAMES[get(s, b, 3)]!),
    aState: l.acc.map((row) => row.map((b) => ({ mbal: get(s, b, 15) & 1, ...bvOf(get(s, b, 15) >>> 1) }))),
    msgs,
  };
}

/**
 * `PCInit`: every RM working, every acceptor at mbal 0 with no vote, nothing sent.
 * @public
 */
export function paxosInit(options: PaxosOptions = {}): PaxosState {
  return new Array<number>(layoutFor(options).words).fill(0);
}

/**
 * PaxosCommit.tla as a transition system checking PCTypeOK and TCConsistent.
 *
 * @remarks
 * No state is terminal and there are no faults: Phase1a is always enabled, so, as for TLC,
 * there is no deadlock. The packed encoding is the state itself (`pack`); `encode` is its
 * words in base 36, for reports.
 * @example
 * ```ts
 * explore(paxosCommit({ rms: 1 })).distinctStates;
 * ```
 * @public
 */
export function paxosCommit(options: PaxosOptions = {}): TransitionSystem<PaxosState, PaxosAction> {
  const l = layoutFor(options);
  const all = actionsOf(l);
  const step = stepOf(l, options.variant === 'commitOnFirstPrepared');
  const words = l.words;
  return {
    initialStates: [paxosInit(options)],
    actions: () => all,
    step,
    actionName: (a) => a.type,
    encode: (s) => s.map((w) => w.toString(36)).join('.'),
    pack: {
      words,
      write: (s, out) => {
        for (let i = 0; i < words; i++) out[i] = s[i] as number;
      },
    },
    invariants: [paxosTypeOK(options), paxosTCConsistent(options)],
  };
}

/**
 * PCTypeOK: every RM in one of its four states, every acceptor's (mbal, bal, val) in
 * Ballot x (Ballot + {-1}) x {prepared, aborted, none} with val = none exactly when bal = -1, and
 * no bit set outside the layout. Most of it holds by construction of the packing; what is left
 * to check is that no code is out of range.
 * @public
 */
export function paxosTypeOK(options: PaxosOptions = {}): Invariant<PaxosState> {
  const l = layoutFor(options);
  return {
    id: 'PC-1',
    name: 'PCTypeOK',
    check: (s) => {
      if (s.length !== l.words) return `the state has ${s.length} words, not ${l.words}`;
      for (let ins = 0; ins < l.rms; ins++)
        for (let acc = 0; acc < l.acceptors; acc++) {
          const bv = get(s, l.acc[ins]![acc]!, 15) >>> 1;
          if (bv > 4) return `aState[r${ins + 1}][a${acc + 1}] has no (bal, val) pair (code ${bv})`;
        }
      return null;
    },
  };
}

/**
 * TCConsistent of TCommit.tla, which PaxosCommit implements: no RM committed while another aborted.
 * @public
 */
export function paxosTCConsistent(options: PaxosOptions = {}): Invariant<PaxosState> {
  const l = layoutFor(options);
  return {
    id: 'PC-2',
    name: 'TCConsistent',
    check: (s) => {
      let committed = -1;
      let aborted = -1;
      for (let rm = 0; rm < l.rms; rm++) {
        const v = get(s, l.rm[rm]!, 3);
        if (v === COMMITTED) committed = rm;
        if (v === ABORTED) aborted = rm;
      }
      return committed >= 0 && aborted >= 0 ? `r${committed + 1} committed while r${aborted + 1} aborted` : null;
    },
  };
}
