import { describe, expect, it } from 'vitest';
import { explore } from '../../src/explorer/index.ts';
import { decodePaxos, paxosCommit, paxosInit, paxosTCConsistent } from '../../models/classic/paxosCommit.ts';
import type { PaxosOptions, PaxosRecord } from '../../models/classic/paxosCommit.ts';
import { frozen, replay } from './helpers.ts';

/*
 * An independent transcription of PaxosCommit.tla over plain records, read off the TLA+ text
 * action by action with no packing: messages are JSON strings in a sorted set, and every
 * successor is produced once per true disjunct and per witness of an existential, as TLC
 * enumerates them. The packed model must agree with it state by state.
 */
interface Rec {
  rmState: string[];
  aState: { mbal: number; bal: number; val: string }[][];
  msgs: string[];
}
const key = (r: Rec): string => JSON.stringify(r);
const msg = (m: Record<string, unknown>): string => JSON.stringify(m, Object.keys(m).sort());
const withMsg = (r: Rec, m: string): string[] => (r.msgs.includes(m) ? r.msgs : [...r.msgs, m].sort());
const clone = (r: Rec): Rec => JSON.parse(JSON.stringify(r)) as Rec;
function subsetsOfSize(n: number, k: number): number[][] {
  const all: number[][] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    const s = [...Array(n).keys()].filter((i) => (mask >> i) & 1);
    if (s.length === k) all.push(s);
  }
  return all;
}

function naiveSuccessors(r: Rec, rms: number, acceptors: number): Rec[] {
  const out: Rec[] = [];
  const Majority = subsetsOfSize(acceptors, Math.floor(acceptors / 2) + 1);
  const Ballot = [0, 1];
  const parsed = r.msgs.map((m) => JSON.parse(m) as Record<string, unknown>);
  for (let rm = 0; rm < rms; rm++) {
    for (const [v, val] of [['prepared', 'prepared'], ['aborted', 'aborted']] as const) {
      if (r.rmState[rm] === 'working') {
        const t = clone(r);
        t.rmState[rm] = v;
        t.msgs = withMsg(r, msg({ type: 'phase2a', ins: rm, bal: 0, val }));
        out.push(t);
      }
    }
    if (r.msgs.includes(msg({ type: 'Commit' }))) {
      const t = clone(r);
      t.rmState[rm] = 'committed';
      out.push(t);
    }
    if (r.msgs.includes(msg({ type: 'Abort' }))) {
      const t = clone(r);
      t.rmState[rm] = 'aborted';
      out.push(t);
    }
  }
  for (const bal of Ballot.filter((b) => b !== 0)) {
    for (let rm = 0; rm < rms; rm++) {
      out.push({ ...clone(r), msgs: withMsg(r, msg({ type: 'phase1a', ins: rm, bal })) });
      if (parsed.some((m) => m.type === 'phase2a' && m.bal === bal && m.ins === rm)) continue;
      for (const MS of Majority) {
        const mset = parsed.filter((m) => m.type === 'phase1b' && m.ins === rm && m.mbal === bal && MS.includes(m.acc as number));
        // One successor per witness of `\A ac \in MS : \E m \in mset : m.acc = ac`.
        let witnesses = 1;
        for (const ac of MS) witnesses *= mset.filter((m) => m.acc === ac).length;
        const maxbal = Math.max(-1, ...mset.map((m) => m.bal as number));
        const val = maxbal === -1 ? 'aborted' : (mset.find((m) => m.bal === maxbal)!.val as string);
        for (let w = 0; w < witnesses; w++) out.push({ ...clone(r), msgs: withMsg(r, msg({ type: 'phase2a', ins: rm, bal, val })) });
      }
    }
  }
  const decidedWitnesses = (rm: number, v: string): number =>
    Ballot.reduce((n, b) => n + Majority.filter((MS) => MS.every((ac) => r.msgs.includes(msg({ type: 'phase2b', ins: rm, bal: b, val: v, acc: ac })))).length, 0);
  let commitWitnesses = 1;
  for (let rm = 0; rm < rms; rm++) commitWitnesses *= decidedWitnesses(rm, 'prepared');
  for (let w = 0; w < commitWitnesses; w++) out.push({ ...clone(r), msgs: withMsg(r, msg({ type: 'Commit' })) });
  for (let rm = 0; rm < rms; rm++) {
    for (let w = 0; w < decidedWitnesses(rm, 'aborted'); w++) out.push({ ...clone(r), msgs: withMsg(r, msg({ type: 'Abort' })) });
  }
  for (let acc = 0; acc < acceptors; acc++) {
    for (const m of parsed) {
      const a = m.type === 'phase1a' || m.type === 'phase2a' ? r.aState[m.ins as number]![acc]! : undefined;
      if (m.type === 'phase1a' && a!.mbal < (m.bal as number)) {
        const t = clone(r);
        t.aState[m.ins as number]![acc]!.mbal = m.bal as number;
        t.msgs = withMsg(r, msg({ type: 'phase1b', ins: m.ins, mbal: m.bal, bal: a!.bal, val: a!.val, acc }));
        out.push(t);
      }
      if (m.type === 'phase2a' && a!.mbal <= (m.bal as number)) {
        const t = clone(r);
        t.aState[m.ins as number]![acc] = { mbal: m.bal as number, bal: m.bal as number, val: m.val as string };
        t.msgs = withMsg(r, msg({ type: 'phase2b', ins: m.ins, bal: m.bal, val: m.val, acc }));
        out.push(t);
      }
    }
  }
  return out;
}

/** The packed state's decoding in the naive transcription's shape. */
function asRec(p: PaxosRecord): Rec {
  return {
    rmState: [...p.rmState],
    aState: p.aState.map((row) => row.map((a) => ({ mbal: a.mbal, bal: a.bal, val: a.val }))),
    msgs: p.msgs.map((m) => msg({ ...m })).sort(),
  };
}

/** Breadth-first closure of the naive transcription: distinct, generated (TLC's count, initial state included) and depth. */
function naiveCounts(rms: number, acceptors: number): { distinct: number; generated: number; depth: number } {
  const init = asRec(decodePaxos(paxosInit({ rms, acceptors }), { rms, acceptors }));
  const seen = new Set([key(init)]);
  let level = [init];
  let generated = 1;
  let depth = 0;
  for (;;) {
    const next: Rec[] = [];
    for (const r of level) {
      for (const t of naiveSuccessors(r, rms, acceptors)) {
        generated++;
        if (!seen.has(key(t))) {
          seen.add(key(t));
          next.push(t);
        }
      }
    }
    if (next.length === 0) return { distinct: seen.size, generated, depth };
    level = next;
    depth++;
  }
}

describe('PaxosCommit.tla (packed) against a record-based transcription of the TLA+ text', () => {
  for (const options of [{ rms: 1, acceptors: 3 }, { rms: 2, acceptors: 1 }, { rms: 1, acceptors: 1 }] as const) {
    it(`RM = ${options.rms}, ${options.acceptors} acceptor(s): the same distinct, generated (TLC counting) and depth`, () => {
      const naive = naiveCounts(options.rms, options.acceptors);
      const result = explore(frozen(paxosCommit(options)));
      expect(result.status).toBe('ok');
      expect(result.complete).toBe(true);
      expect(result.distinctStates).toBe(naive.distinct);
      expect(result.statesGenerated).toBe(naive.generated);
      expect(result.maxDepth).toBe(naive.depth);
    });
  }

  it('gives, from every reachable state of RM = 1 with three acceptors, the same successors as the transcription', () => {
    const options: PaxosOptions = { rms: 1, acceptors: 3 };
    const system = paxosCommit(options);
    const seen = new Set<string>();
    const todo = [...system.initialStates];
    let checked = 0;
    while (todo.length > 0) {
      const s = todo.pop()!;
      const k = system.encode(s);
      if (seen.has(k)) continue;
      seen.add(k);
      const packed = system.actions(s).flatMap((a) => {
        const t = system.step(s, a);
        return t === null ? [] : [t];
      });
      const mine = packed.map((t) => key(asRec(decodePaxos(t, options)))).sort();
      const theirs = naiveSuccessors(asRec(decodePaxos(s, options)), 1, 3).map(key).sort();
      expect(mine).toEqual(theirs);
      checked++;
      todo.push(...packed);
    }
    expect(checked).toBe(1461);
  });

  it('PaxosCommit.cfg bounded at depth 8: incomplete, no violation, fingerprint table within 16 B/state', () => {
    // The full configuration (1,321,761 states, TLC's figures) is asserted by bench/explorer-paxos.ts.
    const result = explore(paxosCommit(), { maxDepth: 8 });
    expect(result.status).toBe('incomplete');
    expect(result.stoppedBy).toBe('maxDepth');
    expect(result.maxDepth).toBe(8);
    expect(result.violationCount).toBe(0);
    expect(result.fingerprintBytesPerState).toBeLessThanOrEqual(16);
  });

  it('PC-2 TCConsistent catches a leader that commits on the first prepared instance, with a shortest trace of 5 steps that replays', () => {
    const system = paxosCommit({ rms: 2, acceptors: 1, variant: 'commitOnFirstPrepared' });
    const result = explore(system);
    expect(result.status).toBe('violation');
    const v = result.violation!;
    expect(v.invariantId).toBe('PC-2');
    expect(v.explanation).toBe('r1 committed while r2 aborted');
    // r1 prepares, a1 votes for it, the leader decides Commit, r1 learns it, r2 aborts (in some order).
    expect(v.trace.length - 1).toBe(5);
    expect(new Set(v.trace.slice(1).map((t) => t.actionName))).toEqual(
      new Set(['RMPrepare', 'Phase2b', 'Decide', 'RMRcvCommitMsg', 'RMChooseToAbort']),
    );
    expect(replay(system, v.trace)).toEqual(v.trace.map((t) => t.state));
    expect(paxosTCConsistent({ rms: 2, acceptors: 1 }).check(v.trace[v.trace.length - 1]!.state)).toBe(v.explanation);
  });

  it('rejects a configuration it cannot pack', () => {
    expect(() => paxosCommit({ rms: 5 })).toThrow(RangeError);
    expect(() => paxosCommit({ acceptors: 0 })).toThrow(/acceptors must be an integer from 1 to 5/);
  });
});
