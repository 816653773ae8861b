/**
 * Benchmark of the state-space explorer on TwoPhase.tla with growing numbers
 * of resource managers, plus the measurement behind the fingerprint design
 * choice documented in src/explorer/fingerprint.ts.
 *
 * Run: npx tsx bench/explorer-classic.ts [maxRms] [treeStates]
 *   maxRms      largest number of RMs (default 7, about 6 s per mode; 8 RMs takes about a minute)
 *   treeStates  size of the explorer-only run on a trivial system (default 10 000 000, about 10 s)
 *
 * For steadier figures, run with --expose-gc: `node --expose-gc --import tsx bench/explorer-classic.ts`.
 */

import { explore } from '../src/explorer/index.ts';
import type { ExploreOptions, ExploreResult, TransitionSystem } from '../src/explorer/index.ts';
import { fingerprintLanes } from '../src/explorer/fingerprint.ts';
import { FingerprintSet } from '../src/explorer/fingerprintSet.ts';
import {
  encodeTwoPhase,
  twoPhaseActions,
  twoPhaseCommit,
  twoPhaseInit,
  twoPhaseStep,
} from '../models/classic/twoPhaseCommit.ts';
import type { TwoPhaseState } from '../models/classic/twoPhaseCommit.ts';

const maxRms = Number(process.argv[2] ?? 7);
const treeStates = Number(process.argv[3] ?? 10_000_000);
const gc = (globalThis as { gc?: () => void }).gc;

function row(cells: readonly (string | number)[], widths: readonly number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join(' ');
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

// --- 1. Explorer throughput and memory ------------------------------------------------

const widths = [4, 11, 9, 10, 6, 8, 11, 11, 9, 9];
console.log('TwoPhase.tla, breadth-first, invariants TPTypeOK and TCConsistent, deadlock check on');
const header = ['RMs', 'mode', 'distinct', 'generated', 'depth', 'ms', 'gen/s', 'distinct/s', 'B/state', 'heap MiB'];
console.log(row(header, widths));
const modes: readonly { readonly name: string; readonly options: ExploreOptions; readonly symmetry: boolean }[] = [
  { name: 'plain', options: {}, symmetry: false },
  { name: '+termination', options: { checkTermination: true }, symmetry: false },
  { name: '+symmetry', options: {}, symmetry: true },
];
for (let rms = 5; rms <= maxRms; rms++) {
  for (const mode of modes) {
    gc?.();
    const system = twoPhaseCommit({ rms, symmetry: mode.symmetry });
    const r: ExploreResult<TwoPhaseState, unknown> = explore(system, mode.options);
    console.log(
      row(
        [
          rms,
          mode.name,
          r.distinctStates,
          r.statesGenerated,
          r.maxDepth,
          r.elapsedMs.toFixed(0),
          Math.round(r.statesPerSecond),
          Math.round((r.distinctStates * 1000) / r.elapsedMs),
          r.bytesPerState.toFixed(1),
          mib(r.heapUsedBytes),
        ],
        widths,
      ),
    );
    if (r.status !== 'ok') console.log(`  unexpected verdict ${r.status}`);
  }
}

// --- 2. How to key the visited set ----------------------------------------------------

/** Every reachable encoding of TwoPhase with `rms` RMs, by a naive closure independent of the explorer. */
function encodings(rms: number): string[] {
  const seen = new Map<string, TwoPhaseState>();
  const all = twoPhaseActions(rms);
  const queue: TwoPhaseState[] = [twoPhaseInit(rms)];
  seen.set(encodeTwoPhase(queue[0] as TwoPhaseState), queue[0] as TwoPhaseState);
  for (let i = 0; i < queue.length; i++) {
    for (const a of all) {
      const t = twoPhaseStep(queue[i] as TwoPhaseState, a);
      if (t === null) continue;
      const key = encodeTwoPhase(t);
      if (!seen.has(key)) {
        seen.set(key, t);
        queue.push(t);
      }
    }
  }
  return [...seen.keys()];
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;
function fnv1a64(text: string): bigint {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * FNV_PRIME) & MASK64;
  return h;
}

interface Strategy {
  readonly name: string;
  /** Inserts every key once, then looks every key up once (as the explorer does for duplicates); returns a checksum. */
  readonly run: (keys: readonly string[]) => { checksum: number; keep: unknown };
}
const lanes = new Int32Array(2);
const strategies: readonly Strategy[] = [
  {
    name: 'two int32 lanes + typed-array table (chosen)',
    run: (keys) => {
      const v = new FingerprintSet({ withIndex: true });
      let checksum = 0;
      for (const k of keys) {
        fingerprintLanes(k, lanes);
        v.insert(lanes[0] as number, lanes[1] as number);
      }
      for (const k of keys) {
        fingerprintLanes(k, lanes);
        checksum += v.indexOf(lanes[0] as number, lanes[1] as number);
      }
      return { checksum, keep: v };
    },
  },
  {
    name: 'two int32 lanes -> bigint key in Map',
    run: (keys) => {
      const m = new Map<bigint, number>();
      let checksum = 0;
      const key = (k: string): bigint => {
        fingerprintLanes(k, lanes);
        return (BigInt((lanes[0] as number) >>> 0) << 32n) | BigInt((lanes[1] as number) >>> 0);
      };
      for (const k of keys) {
        const f = key(k);
        if (!m.has(f)) m.set(f, m.size);
      }
      for (const k of keys) checksum += m.get(key(k)) ?? -1;
      return { checksum, keep: m };
    },
  },
  {
    name: 'two int32 lanes -> string key in Map',
    run: (keys) => {
      const m = new Map<string, number>();
      let checksum = 0;
      const key = (k: string): string => {
        fingerprintLanes(k, lanes);
        return `${lanes[0] as number}:${lanes[1] as number}`;
      };
      for (const k of keys) {
        const f = key(k);
        if (!m.has(f)) m.set(f, m.size);
      }
      for (const k of keys) checksum += m.get(key(k)) ?? -1;
      return { checksum, keep: m };
    },
  },
  {
    name: 'FNV-1a 64 in bigint arithmetic, Map',
    run: (keys) => {
      const m = new Map<bigint, number>();
      let checksum = 0;
      for (const k of keys) {
        const f = fnv1a64(k);
        if (!m.has(f)) m.set(f, m.size);
      }
      for (const k of keys) checksum += m.get(fnv1a64(k)) ?? -1;
      return { checksum, keep: m };
    },
  },
  {
    name: 'no fingerprint: full encoding in Map (exact)',
    run: (keys) => {
      const m = new Map<string, number>();
      let checksum = 0;
      // Fresh copies, as the explorer would hold freshly built encodings, not the interned originals.
      for (const k of keys) {
        const f = k.split('').join('');
        if (!m.has(f)) m.set(f, m.size);
      }
      for (const k of keys) checksum += m.get(k) ?? -1;
      return { checksum, keep: m };
    },
  },
];

const keyRms = Math.min(maxRms, 7);
const keys = encodings(keyRms);
console.log();
console.log(
  `Visited-set keying: ${keys.length} encodings of TwoPhase with ${keyRms} RMs, inserted then looked up once each`,
);
const w2 = [46, 12, 12];
console.log(row(['strategy', 'M ops/s', 'B/entry'], w2));
/** Holds the structure under measurement so that it is still alive when the heap is sampled. */
let sink: unknown = null;
function measure(s: Strategy): void {
  s.run(keys.slice(0, 20_000)); // warm-up so the JIT has compiled the path being measured
  gc?.();
  gc?.();
  const before = process.memoryUsage();
  const t0 = performance.now();
  sink = s.run(keys).keep;
  const ms = performance.now() - t0;
  gc?.();
  gc?.();
  const after = process.memoryUsage();
  sink = null;
  const retained = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  const perEntry = gc === undefined ? 'n/a' : (retained / keys.length).toFixed(1);
  console.log(row([s.name, ((2 * keys.length) / ms / 1000).toFixed(2), perEntry], w2));
}
for (const s of strategies) measure(s);
void sink;
if (gc === undefined) {
  console.log('(bytes per entry need --expose-gc: node --expose-gc --import tsx bench/explorer-classic.ts)');
}

// --- 3. The explorer alone --------------------------------------------------------------

// An endless binary tree of integers: the model costs next to nothing and every state is
// new, so this measures the explorer's own overhead and memory at scale.
const branches = ['left', 'right'] as const;
const tree: TransitionSystem<number, 'left' | 'right'> = {
  initialStates: [0],
  actions: () => branches,
  step: (s, a) => (a === 'left' ? 2 * s + 1 : 2 * s + 2),
  actionName: (a) => a,
  encode: (s) => s.toString(36),
  invariants: [],
};
console.log();
console.log('Explorer overhead: endless binary tree of integers cut by maxStates');
const w3 = [12, 8, 11, 9, 13, 9];
console.log(row(['states', 'ms', 'gen/s', 'B/state', 'explorer MiB', 'heap MiB'], w3));
for (const n of [1_000_000, treeStates]) {
  gc?.();
  const r = explore(tree, { maxStates: n });
  console.log(
    row(
      [
        r.distinctStates,
        r.elapsedMs.toFixed(0),
        Math.round(r.statesPerSecond),
        r.bytesPerState.toFixed(1),
        mib(r.explorerBytes),
        mib(r.heapUsedBytes),
      ],
      w3,
    ),
  );
}
