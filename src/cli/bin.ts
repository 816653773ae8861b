/**
 * The process entry of the `vm-handover` binary (bin/vm-handover.mjs loads its build, dist/src/cli/bin.js).
 *
 * @remarks
 * `check` and `explore` compute synchronously for minutes, and a signal handler only runs when
 * the event loop is free: on the main thread, Ctrl-C could not reach them. So these two run in a
 * worker thread (this same module, loaded again), and the main thread
 * keeps the event loop free for SIGINT and SIGTERM: the first one is written into a shared flag
 * that the worker polls between runs and expansions (`Io.interrupted`), so the command stops,
 * saves and prints its partial result and exits 130 or 143; a second one ends the process at
 * once with the same code. Every other command runs on the main thread, as before.
 * @internal
 */
import { createInterface } from 'node:readline';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startWorker } from '../io/worker.ts';
import type { InterruptSignal, Io } from './io.ts';
import { INTERRUPT_EXIT } from './io.ts';

// Loaded where the command runs, not before: for check and explore the main thread only forwards
// output and signals, and loading the whole command line there too cost a second start-up.
const run = async (argv: readonly string[], io: Io): Promise<number> => (await import('./main.ts')).run(argv, io);

/** The signals, by the number the flag holds (0: none yet). */
const SIGNALS: readonly (InterruptSignal | null)[] = [null, 'SIGINT', 'SIGTERM'];

/** What the worker is given. */
interface WorkerInput {
  readonly argv: readonly string[];
  readonly flag: Int32Array;
  readonly isTTY: boolean;
}

/** What the worker sends back, in order: output, then the exit code. */
type WorkerMessage = { readonly out: string } | { readonly err: string } | { readonly code: number };

/** Commands long enough to be interrupted: they run in the worker. */
const INTERRUPTIBLE = new Set(['check', 'explore']);

async function mainThread(): Promise<void> {
  // A reader that stops early (`vm-handover mutants | head`) is not an error of ours.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  const argv = process.argv.slice(2);
  if (!INTERRUPTIBLE.has(argv[0] ?? '')) {
    process.exitCode = await run(argv, {
      out: (t) => void process.stdout.write(t),
      err: (t) => void process.stderr.write(t),
      isTTY: process.stderr.isTTY === true,
      lines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
    });
    // A command that stopped reading early (a strict monitor) must not wait for stdin to close.
    process.stdin.destroy();
    return;
  }
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const onSignal = (signal: InterruptSignal): void => {
    // First signal: ask the worker to stop. Second: the user means it, stop now.
    if (Atomics.compareExchange(flag, 0, 0, SIGNALS.indexOf(signal)) !== 0) process.exit(INTERRUPT_EXIT[signal]);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const input: WorkerInput = { argv, flag, isTTY: process.stderr.isTTY === true };
  // This same module, as the build or (through tsx) as the source.
  const worker = startWorker(new URL(import.meta.url), { workerData: input });
  worker.on('message', (m: WorkerMessage) => {
    if ('out' in m) process.stdout.write(m.out);
    else if ('err' in m) process.stderr.write(m.err);
    else process.exitCode = m.code;
  });
  worker.on('error', (e) => {
    // What an uncaught exception does on the main thread: the stack on stderr, exit 1.
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}

async function workerThread(): Promise<void> {
  const { argv, flag, isTTY } = workerData as WorkerInput;
  const send = (m: WorkerMessage): void => parentPort!.postMessage(m);
  const io: Io = {
    out: (t) => send({ out: t }),
    err: (t) => send({ err: t }),
    isTTY,
    interrupted: () => SIGNALS[Atomics.load(flag, 0)] ?? null,
  };
  send({ code: await run(argv, io) });
}

await (isMainThread ? mainThread() : workerThread());
