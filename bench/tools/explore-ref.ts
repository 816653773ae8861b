/**
 * Explores any transition system named by module, export and JSON arguments, on one or more
 * workers, and prints one line of figures: for timing whole processes from outside (e.g.
 * `/usr/bin/time -v`) on systems the command line does not name, such as the classic specs.
 *
 * Run: npx tsx bench/tools/explore-ref.ts MODULE EXPORT 'JSON-ARGS' [--workers=N] [--termination]
 *      npx tsx bench/tools/explore-ref.ts models/classic/paxosCommit.ts paxosCommit '[{"rms":2,"acceptors":3}]' --workers=1
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { explore } from '../../src/explorer/index.ts';
import { exploreParallel } from '../../src/explorer/parallel.ts';
import { loadSystem } from '../../src/explorer/systemRef.ts';
import type { SystemRef } from '../../src/explorer/systemRef.ts';

const [file, exportName, json] = process.argv.slice(2);
if (file === undefined || exportName === undefined) {
  console.error('usage: explore-ref.ts MODULE EXPORT [JSON-ARGS] [--workers=N] [--termination]');
  process.exit(2);
}
const workers = Number(process.argv.find((a) => a.startsWith('--workers='))?.slice(10) ?? '1');
const checkTermination = process.argv.includes('--termination');
const ref: SystemRef = { module: pathToFileURL(resolve(file)).href, exportName, args: JSON.parse(json ?? '[]') as unknown[] };
const r = workers === 1 ? explore(await loadSystem(ref), { checkTermination }) : await exploreParallel(ref, { workers, checkTermination });
console.log(
  `${r.status} distinct ${r.distinctStates} generated ${r.statesGenerated} depth ${r.maxDepth} ` +
    `${(r.elapsedMs / 1000).toFixed(2)} s B/state ${r.bytesPerState.toFixed(1)} (fingerprints ${r.fingerprintBytesPerState.toFixed(1)})`,
);
process.exitCode = r.status === 'ok' ? 0 : 1;
