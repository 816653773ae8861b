/**
 * `monitor` on an endless stream keeps its memory flat (issue 12, item 4).
 *
 * Run: npx tsx bench/monitor-memory.ts             (1,000,000 events)
 *      npx tsx bench/monitor-memory.ts 200000
 *
 * A producer walks the model (tiny with unbounded attempts, writes and scheduling changes, so
 * the walk never ends) and writes each event it takes as a JSON line into a stream; `monitor
 * --json` reads the stream through readline, as it reads stdin, validates, steps and checks every
 * line and prints one JSON line per event (counted, then dropped). The heap is sampled after a
 * full GC at milestones of the stream, with the RSS.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tiny } from '../models/scenarios/index.ts';
import { monitorCommand } from '../src/cli/commands/monitor.ts';
import { candidateEvents } from '../src/model/enabled.ts';
import { eventKind } from '../src/model/events.ts';
import { initialState } from '../src/model/init.ts';
import type { Scenario } from '../src/model/scenario.ts';
import { step } from '../src/model/step.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const total = Number(process.argv[2] ?? 1_000_000);
const milestones = [1_000, 10_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000].filter((m) => m <= total);

/** tiny with no end: a handover can be requested, aborted and completed forever (no faults, so the channel stays bounded). */
const endless: Scenario = { ...tiny, name: 'endless', bounds: { faults: 0, schedChanges: 1e12, guestWrites: 1e12, attempts: 1e12 } };

interface Sample {
  readonly events: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
}
const samples: Sample[] = [];
const mib = (b: number): number => b / 2 ** 20;

/** The producer: a seeded walk that prefers protocol events, one JSON line per accepted event. */
function* lines(): Generator<string> {
  let s = initialState(endless);
  let x = 1;
  const next = (): number => (x = (x * 1103515245 + 12345) & 0x7fffffff);
  for (let n = 1; n <= total; n++) {
    const cs = candidateEvents(s);
    const protocolFirst = next() % 16 !== 0;
    let taken = false;
    // Try candidates from a random offset, protocol ones first; one is always enabled here.
    for (let pass = 0; pass < 2 && !taken; pass++) {
      const offset = next();
      for (let i = 0; i < cs.length; i++) {
        const e = cs[(offset + i) % cs.length]!;
        if (pass === 0 && protocolFirst && eventKind(e) !== 'protocol') continue;
        const r = step(s, e);
        if (!r.ok) continue;
        s = r.state;
        yield `${JSON.stringify(e)}\n`;
        taken = true;
        break;
      }
    }
    if (!taken) throw new Error(`the walk is stuck after ${n} events`);
    if (milestones.includes(n)) {
      gc();
      const m = process.memoryUsage();
      samples.push({ events: n, heapMiB: mib(m.heapUsed), rssMiB: mib(m.rss) });
    }
  }
}

let outBytes = 0;
let outLines = 0;
const started = performance.now();
const scenarioFile = join(mkdtempSync(join(tmpdir(), 'vm-handover-monitor-')), 'endless.json');
writeFileSync(scenarioFile, JSON.stringify(endless));
const code = await monitorCommand({ scenarioFile, json: true }, {
  out: (t) => {
    outBytes += t.length;
    outLines++;
  },
  err: () => undefined,
  isTTY: false,
  lines: () => createInterface({ input: Readable.from(lines()), crlfDelay: Infinity }),
});
if (code !== 0) throw new Error(`monitor exited ${code}: the stream should be all accepted events`);
const seconds = (performance.now() - started) / 1000;

console.log(`monitor --json on an endless stream (tiny with unbounded attempts): ${total.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s, ${Math.round(total / seconds).toLocaleString('en-US')} events/s, ${outLines.toLocaleString('en-US')} output lines (${mib(outBytes).toFixed(0)} MiB)\n`);
console.log('| events read | heap used after GC (MiB) | RSS (MiB) |');
console.log('|---|---|---|');
for (const s of samples) console.log(`| ${s.events.toLocaleString('en-US')} | ${s.heapMiB.toFixed(1)} | ${s.rssMiB.toFixed(0)} |`);
const base = samples.find((s) => s.events === 100_000) ?? samples[0]!;
const last = samples[samples.length - 1]!;
console.log(`\nheap growth from ${base.events.toLocaleString('en-US')} to ${last.events.toLocaleString('en-US')} events: ${(last.heapMiB - base.heapMiB).toFixed(2)} MiB (${(((last.heapMiB - base.heapMiB) * 2 ** 20) / Math.max(1, last.events - base.events)).toFixed(2)} bytes per event)`);
