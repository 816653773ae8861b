/**
 * The process entry of the `vm-handover` binary (bin/vm-handover.mjs loads it through tsx).
 * @internal
 */
import { createInterface } from 'node:readline';
import { run } from './main.ts';

// A reader that stops early (`vm-handover mutants | head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

const code = await run(process.argv.slice(2), {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  isTTY: process.stderr.isTTY === true,
  lines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
});
process.exitCode = code;
// A command that stopped reading early (a strict monitor) must not wait for stdin to close.
process.stdin.destroy();
