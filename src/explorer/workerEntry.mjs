// Entry of an explorer worker thread. The sources are TypeScript: a worker does not inherit the
// loader the parent registered (tsx's `register()` in bin/, vitest's own transform), nor does
// `--import tsx` in `execArgv` reach a worker's entry module on Node 20, so the worker registers
// tsx itself before importing its TypeScript half (worker.ts, named in workerData).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.workerModule);
