/**
 * `validate` on a 100,000-record log (issue 10): records per second and memory.
 *
 * Run: npx tsx bench/conformance.ts           (100,000 records)
 *      npx tsx bench/conformance.ts 20000
 *
 * The log is the worked example's session (examples/handover-impl) repeated: web-1 goes from
 * HV-A to HV-B and back, 54 records per round trip after the first, with the example's mapping (one hidden
 * step type, the SP's unlogged relay) and tiny's constants with budgets large enough for every
 * round trip. The file is written to a temporary directory, then read, mapped and validated with
 * the default --max-hidden, as `vm-handover validate` does. Reported: wall and CPU time of each
 * stage, records per second of the whole, the heap after a full GC with the run held, and the
 * peak RSS. Figures measured under load vary; docs/conformance.md gives the load average.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tiny } from '../models/scenarios/index.ts';
import { parseMapping, readLogFile, validateLog } from '../src/conformance/index.ts';
import { sessionLog } from '../examples/handover-impl/session.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const target = Number(process.argv[2] ?? 100_000);
const PER_TRIP = 54;
const trips = Math.ceil(target / PER_TRIP);

const dir = mkdtempSync(join(tmpdir(), 'vmh-conformance-'));
const logFile = join(dir, 'long.jsonl');
writeFileSync(logFile, sessionLog({ roundTrips: trips }));
const mappingJson = JSON.parse(readFileSync(new URL('../examples/handover-impl/mapping.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const scenario = { ...tiny, name: 'tiny-long', bounds: { ...tiny.bounds, attempts: 2 * trips, schedChanges: trips } };
const mapping = parseMapping({ ...mappingJson, scenario }, 'mapping.json');
if (!mapping.ok) throw new Error(JSON.stringify(mapping.error));

gc();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const c0 = process.cpuUsage();
const records = readLogFile(logFile);
if (!records.ok) throw new Error(JSON.stringify(records.error));
const t1 = performance.now();
const result = validateLog(mapping.value, records.value, logFile);
const t2 = performance.now();
const cpu = process.cpuUsage(c0);
if (!result.ok) throw new Error(JSON.stringify(result.error));
const r = result.value;
gc();
const heapHeld = process.memoryUsage().heapUsed - heapBefore;
const rss = process.resourceUsage().maxRSS * 1024;
const mib = (b: number): string => (b / 2 ** 20).toFixed(0);
const n = records.value.length;
if (r.status !== 'conforms') throw new Error(`the long log must conform, got ${r.status}`);
console.log(`validate on ${n.toLocaleString('en')} records (${trips} round trips), status ${r.status}, ${r.stats.steps.toLocaleString('en')} steps (${r.stats.hiddenSteps.toLocaleString('en')} hidden), ${r.stats.states.toLocaleString('en')} states, widest frontier ${r.stats.maxFrontier}`);
console.log(`  read + parse: ${((t1 - t0) / 1000).toFixed(2)} s wall`);
console.log(`  map + search + property checks: ${((t2 - t1) / 1000).toFixed(2)} s wall`);
console.log(`  whole: ${((t2 - t0) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU-s, ${Math.round(n / ((t2 - t0) / 1000)).toLocaleString('en')} records/s`);
console.log(`  heap held after GC (log, run and search): ${mib(heapHeld)} MiB; peak RSS ${mib(rss)} MiB; load average ${loadavg()[0]!.toFixed(1)}`);
