/**
 * Breakdown of `node --cpu-prof` profiles of the explorer or the random checker by the stages
 * of the model's pipeline that issue 13 item 1 asks about: the reducer's entry check, its
 * dispatch, the handlers, candidate generation, the encoding, invariants, oracle, REF-1, GC.
 *
 * Run: node --cpu-prof --cpu-prof-dir=/tmp/prof bin/vm-handover.mjs explore --scenario tiny --workers 1
 *      npx tsx bench/tools/cpuprofile-engine.ts /tmp/prof/*.cpuprofile [--top=30]
 *
 * @remarks
 * Self time of each sampled function, given to the stage of the first rule below that matches
 * its file (and name, where one file holds two stages), so the stages add up to the total. Idle
 * time (a thread waiting) is reported apart. Several profiles (threads) are summed. Inlined
 * functions are sampled as their caller: V8 inlines small helpers of a stage into the loop that
 * calls them, so a stage's figure is a floor, the caller's a ceiling.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const IDLE = 'idle (waiting)';
/** Stage of a sampled function from its file and name: the first match wins. */
const STAGES: readonly (readonly [string, (url: string, fn: string) => boolean])[] = [
  ['garbage collection', (_u, f) => f === '(garbage collector)'],
  [IDLE, (_u, f) => f === '(idle)'],
  ['encoding (handover codec, symmetry)', (u) => /\/src\/(explorer|model)\/(handover|encode|symmetry)\./.test(u)],
  ['reducer: entry check of the event (wellFormed.ts)', (u) => u.includes('/src/model/wellFormed.')],
  ['reducer: dispatch (step.ts, ts-pattern)', (u) => u.includes('/src/model/step.') || u.includes('/ts-pattern/')],
  ['reducer: fast path (src/model/fast)', (u) => u.includes('/src/model/fast')],
  ['successor generation: candidate events (enabled.ts)', (u) => u.includes('/src/model/enabled.')],
  ['reducer: handlers (src/model/steps)', (u) => u.includes('/src/model/') || u.includes('/src/mutants/')],
  ['hashing (fingerprint.ts)', (u) => u.includes('/src/explorer/fingerprint.')],
  ['visited set, parent links, termination graph', (u) => /\/src\/explorer\/(fingerprintSet|parentLinks|columns|visited|termination)\./.test(u)],
  ['explorer loop (frontier, levels, workers)', (u) => u.includes('/src/explorer/')],
  ['invariants (properties/invariants.ts)', (u) => u.includes('/properties/invariants.')],
  ['REF-1 (properties/refinement.ts, xstate)', (u) => u.includes('/properties/refinement.') || u.includes('/src/lifecycle/') || u.includes('/xstate/') || u.includes('/models/lifecycle.')],
  ['oracle (models/oracle.ts)', (u) => u.includes('/models/oracle.')],
  ['witnesses and coverage', (u) => u.includes('/properties/witnesses.') || /\/src\/checker\/(coverage|witnessTracker)\./.test(u)],
  ['checker: driver, expansion, properties loop', (u) => u.includes('/src/checker/')],
  ['fast-check (generation)', (u) => u.includes('/fast-check/')],
  ['CLI, trace, input', (u) => /\/src\/(cli|trace|input|io)\//.test(u)],
  ['messages between threads', (_u, f) => /^(postMessage|receiveMessageOnPort|serialize|deserialize)$/.test(f)],
  ['start-up (module loading)', (u) => u.startsWith('node:internal/modules') || u.includes('/esbuild/') || u.includes('/tsx/') || u.includes('/zod/') || u.includes('/commander/')],
];

function main(): void {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (files.length === 0) throw new Error('usage: tsx bench/tools/cpuprofile-engine.ts FILE.cpuprofile... [--top=30]');
  const top = Number(/--top=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 30);
  const totals = new Map<string, number>();
  const self = new Map<string, number>();
  let all = 0;
  for (const file of files) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    p.samples.forEach((id, i) => {
      const n = byId.get(id);
      const dt = p.timeDeltas[i] ?? 0;
      if (n === undefined) return;
      const { url, functionName, lineNumber } = n.callFrame;
      const stage = STAGES.find(([, m]) => m(url, functionName))?.[0] ?? 'other (V8 runtime, builtins)';
      totals.set(stage, (totals.get(stage) ?? 0) + dt);
      all += dt;
      if (stage !== IDLE) {
        const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(src|models|properties|node_modules)\//, '$1/')}:${lineNumber + 1}`;
        self.set(key, (self.get(key) ?? 0) + dt);
      }
    });
  }
  const idle = totals.get(IDLE) ?? 0;
  const busy = all - idle;
  console.log('| stage | CPU s | share of busy time |');
  console.log('|---|---|---|');
  for (const [stage, us] of [...totals].filter(([s]) => s !== IDLE).sort((x, y) => y[1] - x[1]))
    console.log(`| ${stage} | ${(us / 1e6).toFixed(2)} | ${((100 * us) / busy).toFixed(1)} % |`);
  console.log(`| busy, all threads | ${(busy / 1e6).toFixed(2)} | 100 % |`);
  console.log(`| (idle, all threads) | ${(idle / 1e6).toFixed(2)} | |`);
  console.log(`\nTop ${top} functions by self time:`);
  for (const [k, us] of [...self].sort((x, y) => y[1] - x[1]).slice(0, top))
    console.log(`  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${k}`);
}

main();
