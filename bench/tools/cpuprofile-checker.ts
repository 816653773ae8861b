/**
 * Summarises a V8 CPU profile (`node --cpu-prof`) of the random checker into the breakdown
 * docs/performance.md reports: successor generation, invariants, oracle, REF-1, generation
 * (fast-check), shrinking, GC, the rest.
 *
 * Run: npx tsx bench/tools/cpuprofile-checker.ts FILE.cpuprofile [--top=25]
 *
 * @remarks
 * Each sample goes to the first category of the list below that some frame of its stack names:
 * a sample inside `checkStep` -> `firstInvariant` is an invariant sample, whatever it calls,
 * and stepping a candidate counts as stepping even when the driver's choice called it; a sample
 * under no such frame goes to the category of the nearest file from the leaf up. The garbage collector and idle time are V8's own
 * pseudo-frames. Self time per function is printed too, for what the categories hide.
 */
import { readFileSync } from 'node:fs';

interface Node {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly Node[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Categories by function name and file (first match from the root wins), then by file alone. */
const BY_FUNCTION: ReadonlyArray<readonly [RegExp, RegExp, string]> = [
  [/^\(garbage collector\)$/, /^/, 'GC'],
  [/^\(idle\)$|^\(program\)$/, /^/, 'idle / V8 runtime'],
  [/^(deltaDebug|shorten|replay)$/, /src\/checker\//, 'shrinking (delta debugging, re-search, replay)'],
  [/^(firstInvariant|brokenInvariants)$/, /src\/checker\//, 'invariants'],
  [/^(checkRefinement|abstractStep)$/, /properties\/refinement/, 'REF-1 (refinement to the statechart)'],
  [/^encodeState$/, /src\/explorer\//, 'state encoding (successor table, distinct count)'],
  [/^candidateEvents$/, /src\/model\//, 'successor generation: candidate events'],
  [/^(expand|stepOne|enabledTransitions|at|enabledWhere|any|full|LazyExpansion)$/, /src\/(checker|model)\//, 'successor generation: stepping candidates'],
  [/^(next|start)$/, /src\/checker\/properties/, 'oracle'],
  [/^(accepted|rejected|advance|outcomes|injections)$/, /src\/checker\/(coverage|witnessTracker)/, 'coverage and witnesses'],
  [/^(pickByChoice|pickOfKind|eventWeight|hasKind|weightedPick|duePoint|position)$/, /src\/checker\/driver/, 'driver: choosing the event'],
  [/^(postMessage|receiveMessageOnPort)$|structuredClone|serialize|deserialize/i, /^/, 'messages between threads'],
];
const BY_URL: ReadonlyArray<readonly [RegExp, string]> = [
  [/models\/oracle\.ts/, 'oracle'],
  [/properties\/refinement\.ts|node_modules\/xstate/, 'REF-1 (refinement to the statechart)'],
  [/properties\/invariants\.ts/, 'invariants'],
  [/properties\/witnesses\.ts/, 'coverage and witnesses'],
  [/src\/checker\/(deltaDebug|shorten|replay)\.ts/, 'shrinking (delta debugging, re-search, replay)'],
  [/src\/model\//, 'successor generation: stepping candidates'],
  [/src\/checker\//, 'driver: choosing the event'],
  [/src\/cli\//, 'CLI (progress, distinct-state count)'],
  [/node_modules\/fast-check/, 'generation (fast-check)'],
  [/node_modules\/(tsx|esbuild|get-tsconfig)|^node:internal\/modules/, 'start-up (tsx, module loading)'],
];

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: tsx bench/tools/cpuprofile-checker.ts FILE.cpuprofile [--top=25]');
  const top = Number(/--top=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 25);
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const category = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const known = category.get(id);
    if (known !== undefined) return known;
    const path: Node[] = [];
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) path.push(byId.get(x)!);
    path.reverse();
    // The rule listed first wins wherever it matches on the path: stepping called from the
    // driver's choice is stepping, and everything under delta debugging is shrinking.
    let best = BY_FUNCTION.length;
    for (const n of path) {
      const i = BY_FUNCTION.findIndex(([fn, url]) => fn.test(n.callFrame.functionName) && url.test(n.callFrame.url));
      if (i !== -1 && i < best) best = i;
    }
    let c: string | undefined = BY_FUNCTION[best]?.[2];
    // Files from the leaf up: the nearest file that names a category (module loading is at every root).
    if (c === undefined)
      for (const n of [...path].reverse()) {
        c = BY_URL.find(([re]) => re.test(n.callFrame.url))?.[1];
        if (c !== undefined) break;
      }
    c ??= 'other';
    category.set(id, c);
    return c;
  };
  const perCategory = new Map<string, number>();
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const c = categoryOf(id);
    perCategory.set(c, (perCategory.get(c) ?? 0) + dt);
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(src|models|properties|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const pct = (x: number): string => `${((100 * x) / total).toFixed(1)} %`;
  console.log(`| category | ms | share |\n|---|---|---|`);
  for (const [c, t] of [...perCategory].sort((a, b) => b[1] - a[1])) console.log(`| ${c} | ${(t / 1000).toFixed(0)} | ${pct(t)} |`);
  console.log(`| total | ${(total / 1000).toFixed(0)} | 100 % |\n`);
  console.log(`Top ${top} functions by self time:`);
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t).padStart(7)}  ${k}`);
}

main();
