/**
 * The worker thread of `checkBatches` (`parallel.ts`): runs its batches in order and posts
 * each one's summary, stopping early when told that an earlier batch failed.
 * @internal
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerJob } from './parallel.ts';
import { fromJob, runBatch } from './parallel.ts';

const job = workerData as WorkerJob;
const port = parentPort!;
let stopAfter = Infinity;
port.on('message', (m: { readonly kind: 'stopAfter'; readonly index: number }) => {
  stopAfter = Math.min(stopAfter, m.index);
});

let runs = 0;
let steps = 0;
let posted = 0;
const stop = job.stop;
const options = { ...fromJob(job.options), ...(stop === undefined ? {} : { shouldStop: () => Atomics.load(stop, 0) !== 0 }) };
const deadline = job.budgetMs === null ? null : Date.now() + job.budgetMs;
for (const batch of job.batches) {
  // Let the coordinator's messages in between two batches: a batch is synchronous.
  await new Promise((r) => setImmediate(r));
  if (batch.index > stopAfter || (deadline !== null && Date.now() >= deadline)) break;
  const m = runBatch({
    ...options,
    onProgress: (p) => {
      const now = Date.now();
      if (now - posted < 100) return;
      posted = now;
      port.postMessage({ kind: 'progress', runs: p.runs, steps: p.steps });
    },
  }, batch, deadline, { runs, steps });
  runs += m.summary.runs;
  steps += m.summary.steps;
  port.postMessage({ kind: 'progress', runs, steps });
  port.postMessage(m);
  if (m.summary.failure !== undefined || m.summary.interrupted) break;
}
port.close();
