/**
 * `npm run bench`: every benchmark in turn. Each writes its figures to stdout, and those that
 * own a document rewrite it (docs/performance.md, docs/checked.md).
 *
 * Run: npm run bench            (all)
 *      npm run bench -- step     (the ones whose file name contains "step")
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
// fuzz.ts is `npm run fuzz`, a robustness run rather than a measurement: not part of the benches.
const benches = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'fuzz.ts' && f.includes(filter)).sort();
let failed = 0;
for (const f of benches) {
  console.log(`\n## bench/${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${f} exited with ${r.status ?? r.signal}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
