/**
 * An explorer worker thread (started by src/io/worker.ts's startWorker): builds the
 * transition system from its {@link SystemRef} and answers the coordinator's requests with a
 * {@link LevelWorker}. One request at a time, each answered with the same `id`.
 * @internal
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LevelOptions } from './level.ts';
import { LevelWorker } from './level.ts';
import type { WorkerReply, WorkerRequest } from './parallel.ts';
import { handleRequest } from './parallel.ts';
import type { SystemRef } from './systemRef.ts';
import { loadSystem } from './systemRef.ts';

const data = workerData as { readonly ref: SystemRef; readonly options: LevelOptions };
const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');
const ready = loadSystem(data.ref).then((system) => new LevelWorker(system, data.options));
ready.catch(() => undefined); // reported on the first request
port.on('message', (request: WorkerRequest) => {
  ready
    .then((worker) => handleRequest(worker, request))
    .then(
      (reply) => port.postMessage(reply),
      (e: unknown) => port.postMessage({ id: request.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply),
    );
});
