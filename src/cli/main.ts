/**
 * The `vm-handover` command line: check, explore, merge, replay, view, monitor, validate, scenarios, mutants, diagram.
 *
 * @remarks
 * Exit codes: 0 every property holds; 1 a violation was found; 2 bad usage or bad input; 130 and
 * 143 `check` or `explore` stopped by SIGINT or SIGTERM (the partial result is printed).
 * `run` takes its streams as arguments, so tests run commands in-process; bin.ts wires it to
 * the process.
 * @public
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { UsageError, byteSize, duration, nonNegativeInt, positiveInt, replayPath, seedValue, shardValue } from './args.ts';
import type { Io } from './io.ts';
import { INTERRUPT_EXIT } from './io.ts';

// Each command's module is imported when the command runs, not before: `vm-handover scenarios`
// then loads the scenarios and not the checker, the explorer and zod, which is most of the
// binary's start-up (docs/performance.md, "CLI start").
const checkCommand = async (...a: Parameters<typeof import('./commands/check.ts').checkCommand>) => (await import('./commands/check.ts')).checkCommand(...a);
const exploreCommand = async (...a: Parameters<typeof import('./commands/explore.ts').exploreCommand>) => (await import('./commands/explore.ts')).exploreCommand(...a);
const replayCommand = async (...a: Parameters<typeof import('./commands/replay.ts').replayCommand>) => (await import('./commands/replay.ts')).replayCommand(...a);
const monitorCommand = async (...a: Parameters<typeof import('./commands/monitor.ts').monitorCommand>) => (await import('./commands/monitor.ts')).monitorCommand(...a);
const viewCommand = async (...a: Parameters<typeof import('./commands/view.ts').viewCommand>) => (await import('./commands/view.ts')).viewCommand(...a);
const mergeCommand = async (...a: Parameters<typeof import('./commands/merge.ts').mergeCommand>) => (await import('./commands/merge.ts')).mergeCommand(...a);
const validateCommand = async (...a: Parameters<typeof import('./commands/validate.ts').validateCommand>) => (await import('./commands/validate.ts')).validateCommand(...a);
const info = () => import('./commands/info.ts');

/**
 * Exit codes. `check` and `explore` stopped by a signal exit 128 + its number: 130 (SIGINT),
 * 143 (SIGTERM), after printing the partial result.
 * @public
 */
export const EXIT = { ok: 0, violation: 1, usage: 2, sigint: INTERRUPT_EXIT.SIGINT, sigterm: INTERRUPT_EXIT.SIGTERM } as const;

/**
 * The package's version, for `--version`: read from package.json, the one place it is written.
 * The nearest package.json above this module is the package's own, whether it runs from src/ or
 * from the build in dist/src/.
 */
function version(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    let text: string | undefined;
    try {
      text = readFileSync(new URL('package.json', dir), 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      const pkg = JSON.parse(text) as { version?: unknown };
      return typeof pkg.version === 'string' ? pkg.version : 'unknown';
    }
    if (new URL('..', dir).href === dir.href) return 'unknown';
  }
}

function program(io: Io, done: (code: number) => void): Command {
  const p = new Command('vm-handover')
    .description('Executable specification and checkers of live VM handover (US 10,528,376 claim 1)')
    .version(version(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run vm-handover --help for usage)');
  const scenarioOptions = (c: Command) =>
    c.option('--scenario <name>', 'a named scenario (see vm-handover scenarios); default "default"')
      .option('--scenario-file <file>', 'a scenario in JSON (see docs/cli.md)')
      .option('--mutant <id>', 'check a seeded bug instead of the reference reducer (see vm-handover mutants)');

  scenarioOptions(p.command('check').description('run the property suite: random runs (and the exhaustive explorer on small scenarios), then a summary'))
    .option('--runs <n>', 'random runs (default 1000, or as many as fit in --time-budget)', positiveInt('--runs'))
    .option('--max-steps <n>', 'events per run (default 200)', positiveInt('--max-steps'))
    .option('--seed <s>', 'the seed (default: a fresh one, printed)', seedValue)
    .option('--path <p>', 'replay one run: the path printed with a counterexample', replayPath)
    .option('--time-budget <duration>', 'stop after this long (e.g. 90s, 10m)', duration('--time-budget'))
    .option('--no-require', 'do not require witnesses and full event coverage (for scenarios whose bounds rule some out)')
    .option('--workers <n>', 'worker threads for the random runs (default: every core); the result does not depend on it', positiveInt('--workers'))
    .option('--shard <i/N>', 'run only the i-th of N shards of the runs (CI matrices); merge the --json reports with vm-handover merge', shardValue)
    .addOption(new Option('--explore <when>', 'run the exhaustive explorer too').choices(['auto', 'always', 'never']).default('auto'))
    .option('--coverage-of <scenario>', 'measure instead: the share of the scenario\'s reachable states (explored exhaustively, e.g. tiny) that the random runs reach')
    .option('--out <dir>', 'where counterexamples are saved (ITF)', 'out')
    .option('--json', 'machine-readable output')
    .option('--no-timings', 'leave the timings out of --json, so that a seed prints the same bytes every run')
    .action(async (o) => done(await checkCommand(o, io)));

  scenarioOptions(p.command('explore').description('visit every reachable state (breadth first), checking invariants, deadlock and termination'))
    .option('--max-states <n>', 'stop after this many distinct states', positiveInt('--max-states'))
    .option('--max-depth <n>', 'stop at this depth', positiveInt('--max-depth'))
    .option('--time-budget <duration>', 'stop after this long (e.g. 90s, 10m)', duration('--time-budget'))
    .option('--no-termination', 'skip the termination check (saves memory)')
    .option('--no-deadlock', 'skip the deadlock check')
    .option('--symmetry', 'symmetry reduction over interchangeable units (same kind, node, VM and pinning)')
    .option('--max-memory <size>', 'stop (incomplete) when the search holds this much memory, e.g. 512M, 2G (default: 3/4 of the heap limit)', byteSize('--max-memory'))
    .option('--workers <n>', 'worker threads (default: all cores; 1 runs in this thread)', positiveInt('--workers'))
    .option('--out <dir>', 'where counterexamples are saved (ITF)', 'out')
    .option('--json', 'machine-readable output')
    .option('--no-timings', 'leave the timings out of --json, so that a run prints the same bytes every time')
    .action(async (o) => done(await exploreCommand(o, io)));

  p.command('merge').description('merge the --json reports of sharded checks (check --shard i/N) into one result')
    .argument('<reports...>', 'the reports, one per shard, in any order')
    .option('--out <file>', 'also write the merged report (JSON) to this file, atomically')
    .option('--json', 'machine-readable output')
    .action(async (files: string[], o) => done(await mergeCommand(files, o, io)));

  p.command('replay').description('re-apply an ITF trace step by step, with the verdict of every property')
    .argument('<trace>', 'an ITF trace file (.itf.json)')
    .option('--mutant <id>', 'replay with this seeded bug (default: the one the trace names, if any)')
    .option('--reference', 'replay with the reference reducer even if the trace names a mutant')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o) => done(await replayCommand(file, o, io)));

  p.command('monitor').description('check a live system\'s events (JSON lines on stdin or --events FILE) against the model')
    .option('--scenario <name>', 'a named scenario; default "default"')
    .option('--scenario-file <file>', 'a scenario in JSON')
    .option('--events <file>', 'read events from this file instead of stdin')
    .option('--no-strict', 'report rejected events and go on (default: strict, the first rejected event fails the run, exit 1)')
    .option('--lenient', 'the same as --no-strict')
    .option('--json', 'machine-readable output (one JSON object per line)')
    .action(async (o) => done(await monitorCommand(o.lenient === true ? { ...o, strict: false } : o, io)));

  p.command('validate').description('check an implementation\'s log (JSON lines) against the specification, allowing unlogged steps between records')
    .argument('<log>', 'the log: one JSON record per line')
    .requiredOption('--mapping <file>', 'how records map to specification events and state variables (JSON, see docs/conformance.md)')
    .option('--max-hidden <k>', 'most unlogged events between two records (default 2)', nonNegativeInt('--max-hidden'))
    .option('--out <file>', 'write the reconstructed run (on a divergence, the run up to it) as an ITF trace')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o) => done(await validateCommand(file, o, io)));

  p.command('view').description('write a trace as one self-contained HTML page to step through in a browser')
    .argument('<trace>', 'an ITF trace file (.itf.json)')
    .option('-o, --output <file>', 'the HTML file to write (default: the trace\'s name with .html)')
    .option('--mutant <id>', 'replay with this seeded bug (default: the one the trace names, if any)')
    .option('--reference', 'replay with the reference reducer even if the trace names a mutant')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o) => done(await viewCommand(file, o, io)));

  p.command('scenarios').description('list the named scenarios').option('--json', 'machine-readable output')
    .action(async (o) => done((await info()).scenariosCommand(o, io)));
  p.command('mutants').description('list the seeded bugs the checkers must catch').option('--json', 'machine-readable output')
    .action(async (o) => done(await (await info()).mutantsCommand(o, io)));
  p.command('diagram').description('print the lifecycle statechart as a Mermaid stateDiagram-v2').option('--json', 'machine-readable output')
    .action(async (o) => done(await (await info()).diagramCommand(o, io)));
  return p;
}

/**
 * Runs the command line; resolves to the exit code.
 * @example
 * ```ts
 * process.exitCode = await run(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), isTTY: false });
 * ```
 * @public
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const p = program(io, (c) => { code = c; });
  if (argv.length === 0) {
    p.outputHelp();
    return EXIT.usage;
  }
  try {
    await p.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with exit code 0; every other parse error is bad usage.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError || (e instanceof Error && e.name === 'UsageError')) {
      io.err(`vm-handover: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
