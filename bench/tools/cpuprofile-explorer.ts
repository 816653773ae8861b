/**
 * Breakdown of `node --cpu-prof` profiles by what the explorer spends its time on: the
 * categories of docs/performance.md ("Where the time goes"). Self time of every sampled
 * function, grouped by the file it is in; several profiles (one per thread) are summed, and the
 * idle time of a thread waiting for the others is its own row.
 *
 * Run: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx <script>
 *      npx tsx bench/tools/cpuprofile-explorer.ts /tmp/prof/*.cpuprofile
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const IDLE = 'idle';
/** The category of a sampled function, from its file (first match wins). */
const CATEGORIES: readonly [string, (url: string, fn: string) => boolean][] = [
  ['garbage collection', (_u, f) => f === '(garbage collector)'],
  [IDLE, (_u, f) => f === '(idle)'],
  ['encoding to fingerprint: handover codec', (u) => u.includes('/src/model/encode.ts') || u.includes('/src/explorer/handover.ts') || u.includes('/src/explorer/symmetry.ts')],
  ['encoding to fingerprint: hashing', (u) => u.includes('/src/explorer/fingerprint.ts')],
  ['visited set and parent links', (u) => /\/src\/explorer\/(fingerprintSet|parentLinks|columns|visited)\.ts/.test(u)],
  ['termination graph', (u) => u.includes('/src/explorer/termination.ts')],
  ['explorer loop (frontier, counters, levels)', (u) => /\/src\/explorer\/(explore|level|parallel|worker|trace)\.ts/.test(u)],
  ['invariants', (u) => u.includes('/properties/invariants.ts')],
  ['REF-1 refinement (lifecycle statechart)', (u) => u.includes('/properties/refinement.ts') || u.includes('/src/lifecycle/') || u.includes('/xstate/')],
  ['successor generation (reducer, enabled events)', (u) => u.includes('/src/model/') || u.includes('/src/mutants/') || u.includes('/ts-pattern/')],
  ['classic specs (models/classic)', (u) => u.includes('/models/classic/')],
  ['messages between threads (structured clone)', (_u, f) => f === 'postMessage' || f === 'deserialize' || f === 'serialize'],
  ['start-up (module loading, tsx transform)', (u) => u.startsWith('node:internal/modules') || u.includes('/esbuild/') || u.includes('/tsx/')],
];

const totals = new Map<string, number>();
let all = 0;
for (const file of process.argv.slice(2)) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  p.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = p.timeDeltas[i] ?? 0;
    if (n === undefined) return;
    const { url, functionName } = n.callFrame;
    const category = CATEGORIES.find(([, match]) => match(url, functionName))?.[0] ?? 'other (runtime, builtins)';
    totals.set(category, (totals.get(category) ?? 0) + dt);
    all += dt;
  });
}
// Shares of the busy time: a thread waiting (the coordinator during a level, a worker at the
// barrier, Node's own loader thread) is idle, which is reported apart and says nothing of the work.
const idle = totals.get(IDLE) ?? 0;
const busy = all - idle;
console.log(`| where | share of busy time | CPU s |`);
console.log(`|---|---|---|`);
for (const [category, us] of [...totals].filter(([c]) => c !== IDLE).sort((x, y) => y[1] - x[1])) {
  console.log(`| ${category} | ${((100 * us) / busy).toFixed(1)} % | ${(us / 1e6).toFixed(2)} |`);
}
console.log(`| busy, all threads | 100 % | ${(busy / 1e6).toFixed(2)} |`);
console.log(`| (idle, all threads) | | ${(idle / 1e6).toFixed(2)} |`);
