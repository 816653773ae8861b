/**
 * Starting a worker thread on a module of this package, from the build or from the sources.
 *
 * @remarks
 * The package runs two ways: installed, from the compiled JavaScript in `dist/` (plain Node, no
 * tsx: tsx is a development dependency only), and in development, from the TypeScript sources
 * (vitest, `tsx`, the benchmarks). A worker must start from the same kind of file its parent
 * runs from. {@link siblingModule} picks the worker module beside the caller with the caller's
 * own extension (`rewriteRelativeImportExtensions` rewrites import specifiers, not URL strings,
 * so a literal `./worker.ts` would name a file dist/ does not have). {@link startWorker} starts
 * a `.js` module as it is; a `.ts` module behind a tiny entry that registers tsx first, since a
 * worker inherits neither the loader its parent registered (tsx's `register()`, vitest's
 * transform) nor, on Node 20, `--import tsx` for its entry module. tsx is resolved from here,
 * so workers load the sources from wherever the process was started.
 */
import type { WorkerOptions } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';

/**
 * The module `name` beside the module at `callerUrl` (pass `import.meta.url`), with the
 * caller's extension: `.js` in the build, `.ts` in the sources.
 * @internal
 */
export function siblingModule(callerUrl: string, name: string): URL {
  const ext = /\.[cm]?[jt]s$/.exec(new URL(callerUrl).pathname)?.[0] ?? '.js';
  return new URL(`./${name}${ext}`, callerUrl);
}

/**
 * Starts a worker thread running `module`: directly when it is JavaScript, after registering
 * tsx when it is TypeScript (the sources under vitest or tsx).
 * @internal
 */
export function startWorker(module: URL, options: WorkerOptions = {}): Worker {
  if (!/\.[cm]?ts$/.test(module.pathname)) return new Worker(module, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
