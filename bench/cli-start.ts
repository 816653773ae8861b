/**
 * CLI cold start: `vm-handover scenarios`, the whole process from outside, timed by farm-bench
 * (min, median, max over 30 runs), beside a bare `node -e 0` (what no program can beat) and the
 * sources run through tsx (how the binary started before the build). Target: median <= 250 ms.
 * Rewrites the "CLI start" section at the end of docs/performance.md.
 *
 * Run: npx tsx bench/cli-start.ts [--runs 30] [--no-write]   (needs the build: npm run build)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 30) || 30;
const write = !args.includes('--no-write');
const TARGET_MS = 250;

interface Figures {
  readonly wall: readonly [number, number, number];
  readonly cpu: readonly [number, number, number];
}

/** One farm-bench call: min, median and max of wall and cpu seconds, in ms. */
function farmBench(command: readonly string[]): Figures {
  const r = spawnSync('farm-bench', ['-n', String(runs), '--warmup', '3', '--', ...command], { cwd: repo, encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) throw new Error(`farm-bench failed: ${r.error?.message ?? r.stderr}`);
  const row = (name: string): [number, number, number] => {
    const m = new RegExp(`^A ${name} s\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`, 'm').exec(r.stdout + r.stderr);
    if (m === null) throw new Error(`no "A ${name} s" row in farm-bench's output:\n${r.stdout}${r.stderr}`);
    return [Number(m[1]) * 1000, Number(m[2]) * 1000, Number(m[3]) * 1000];
  };
  return { wall: row('wall'), cpu: row('cpu') };
}

if (!existsSync(join(repo, 'dist', 'src', 'cli', 'bin.js'))) throw new Error('no build: run npm run build first');
const load = loadavg()[0]!;
const busy = load > cpus().length;
const bin = farmBench([process.execPath, 'bin/vm-handover.mjs', 'scenarios']);
const bare = farmBench([process.execPath, '-e', '0']);
const tsx = farmBench([process.execPath, '--import', 'tsx', 'src/cli/bin.ts', 'scenarios']);

const ms = (x: number): string => `${Math.round(x)}`;
const row = (what: string, f: Figures): string =>
  `| ${what} | ${ms(f.wall[1])} | ${ms(f.wall[0])} | ${ms(f.wall[2])} | ${ms(f.cpu[1])} |`;
const verdict = bin.wall[1] <= TARGET_MS
  ? `meets the target of ${TARGET_MS} ms`
  : `MISSES the target of ${TARGET_MS} ms`;
const section = `## CLI start

\`vm-handover scenarios\` from a shell, the whole process timed from outside by farm-bench:
${runs} runs after 3 warm-up runs, Node ${process.version}, ${cpus().length} cores, load average ${load.toFixed(1)} at the start
(other work on the machine widens the spread: compare with Node alone, timed in the same call), ${new Date().toISOString().slice(0, 10)}.
Written by \`npx tsx bench/cli-start.ts\` (\`npm run bench -- cli-start\`).

| command | median ms | min ms | max ms | median cpu ms |
|---|---|---|---|---|
${row('`node bin/vm-handover.mjs scenarios` (the build in dist/)', bin)}
${row('`node -e 0` (Node alone)', bare)}
${row('`node --import tsx src/cli/bin.ts scenarios` (the sources through tsx, as before the build)', tsx)}

The median cold start is ${ms(bin.wall[1])} ms: it ${verdict}, ${ms(bin.wall[1] - bare.wall[1])} ms above Node's own start
and ${(tsx.wall[1] / bin.wall[1]).toFixed(1)}x faster than through tsx. What it costs: the binary loads the compiled JavaScript
(no TypeScript compiler at start), commander, and the one command it runs, whose module is imported only then
(src/cli/main.ts): \`scenarios\` loads the scenarios and nothing of the reducer, the checkers, zod or xstate.
Its own work, the cpu time, is ${ms(bin.cpu[1])} ms at the median against ${ms(bare.cpu[1])} ms for Node alone.${busy
  ? ` The load average (${load.toFixed(1)}) was above the ${cpus().length} cores: the wall figures then include waiting for a
core, which the cpu figures do not; rerun on a quiet machine for the wall figure the target is about.`
  : ''}
`;

console.log(section);
if (write) {
  const path = join(repo, 'docs', 'performance.md');
  const doc = readFileSync(path, 'utf8');
  // Other benchmarks own the sections before this one: only this section is replaced, or appended.
  const at = doc.indexOf('\n## CLI start\n');
  const next = at === -1 ? -1 : doc.indexOf('\n## ', at + 1);
  const updated = at === -1
    ? `${doc.trimEnd()}\n\n${section}`
    : `${doc.slice(0, at + 1)}${section}${next === -1 ? '' : `\n${doc.slice(next + 1)}`}`;
  writeFileSync(path, updated);
  console.log(`docs/performance.md: section "CLI start" ${at === -1 ? 'appended' : 'rewritten'}`);
}
