/**
 * Running the command line in-process (through `run`, so coverage of src/cli counts) and the
 * files the tests give it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.ts';
import type { InterruptSignal, Io } from '../../src/cli/io.ts';

/** What a command printed and returned. */
export interface Ran {
  readonly code: number;
  /** Everything written to stdout, joined. */
  readonly out: string;
  /** Everything written to stderr, joined. */
  readonly err: string;
  /** The separate writes to stderr, for the progress display. */
  readonly errWrites: readonly string[];
}

/** How a test runs a command: a terminal or not, stdin lines, and what `Io.interrupted` answers. */
export interface CliOptions {
  readonly isTTY?: boolean;
  readonly stdin?: readonly string[];
  readonly interrupted?: () => InterruptSignal | null;
}

/** An Io that records every write, with stdin lines when given. */
export function recordingIo(o: CliOptions = {}): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = o.stdin;
  const io: Io = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    isTTY: o.isTTY ?? false,
    ...(o.interrupted === undefined ? {} : { interrupted: o.interrupted }),
    ...(stdin === undefined ? {} : {
      lines: () => (async function* () {
        yield* stdin;
      })(),
    }),
  };
  return { io, out, err };
}

/** Runs `vm-handover ...argv` in-process. */
export async function cli(argv: readonly string[], o: CliOptions = {}): Promise<Ran> {
  const { io, out, err } = recordingIo(o);
  const code = await run(argv, io);
  return { code, out: out.join(''), err: err.join(''), errWrites: err };
}

/** A fresh temporary directory. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `vm-handover-cli-${label}-`));
}

/** Writes `content` (a value is written as JSON) to `dir/name` and returns the path. */
export function writeFile(dir: string, name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

/** Parses a command's `--json` output, failing the test with the text when it is not JSON. */
export function json(r: Ran): Record<string, unknown> {
  try {
    return JSON.parse(r.out) as Record<string, unknown>;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.out}\n${r.err}`);
  }
}

/**
 * A scenario so small that the explorer exhausts it in well under a second (592 states): one
 * unit to move, one coupled adapter, one fault, one attempt.
 */
export const micro = {
  name: 'micro',
  nodes: ['n0', 'n1'],
  hypervisors: [{ id: 'hA', homeNode: 'n0' }, { id: 'hB', homeNode: 'n1' }],
  vms: [{ id: 'vm0', holder: 'hA' }],
  units: [
    { id: 'u0', kind: 'memory', node: 'n0', vm: 'vm0', unreassignable: false },
    { id: 'u1', kind: 'io', node: 'n0', vm: 'vm0', unreassignable: true },
  ],
  bounds: { faults: 1, schedChanges: 0, guestWrites: 0, attempts: 1 },
} as const;
