/**
 * `vm-handover merge REPORT...`: the `check --json` reports of the shards of one check
 * (`check --shard i/N`, one per CI job) merged into the result one unsharded run gives.
 *
 * @remarks
 * The reports must be of one check: the same scenario, mutant, seed, runs, batch size,
 * generation options and number of shards, every shard once. The merge is the checker's own
 * ({@link mergeBatches}, the one the worker threads use): batches in order, the first
 * counterexample by batch order (the lowest-numbered failing batch, its shard's saved trace and
 * replay line), coverage and witnesses summed over the batches up to it. The explorer, which is
 * not sharded, comes from the first shard's report. What cannot be merged is said: the distinct
 * states are per shard (a state two shards reach would count twice), so the merged count is null.
 * @internal
 */
import { mergeBatches } from '../../checker/batches.ts';
import type { BatchSummary } from '../../checker/batches.ts';
import { formatInputError } from '../../input/errors.ts';
import { readJsonFile } from '../../input/jsonFile.ts';
import { writeFileAtomic } from '../../io/atomicWrite.ts';
import { UsageError } from '../args.ts';
import type { Report } from '../checkReport.ts';
import { batchJson, parseReport, randomJson, summaryOf } from '../checkReport.ts';
import type { Io } from '../io.ts';

/** Flags of `merge`. @internal */
export interface MergeFlags {
  readonly json?: boolean;
  readonly out?: string;
}

/** What the failing batch's shard says about its counterexample. */
interface ShardFailure {
  readonly counterexample: unknown;
  readonly path: string | null;
  readonly replay: string;
}

function load(file: string): Report {
  const json = readJsonFile(file);
  const parsed = json.ok ? parseReport(json.value, file) : json;
  if (!parsed.ok) throw new UsageError(parsed.error.map(formatInputError).join('\n'));
  return parsed.value;
}

/** The fields every shard of one check shares, and how they differ when they do not. */
function sameCheck(files: readonly string[], reports: readonly Report[]): void {
  const key = (r: Report) => JSON.stringify({
    scenario: r.scenario, mutant: r.mutant, seed: r.seed, generation: r.random.generation,
    batchRuns: r.random.batches.batchRuns, runs: r.random.batches.runs, shards: r.random.batches.shard?.count ?? 1,
    requiredEvents: r.random.batches.requiredEvents,
  });
  const first = key(reports[0]!);
  reports.forEach((r, i) => {
    if (key(r) !== first) throw new UsageError(`${files[i]}: not a shard of the same check as ${files[0]} (scenario, mutant, seed, runs, batch size, generation options and shard count must agree):\n  ${first}\n  ${key(r)}`);
  });
  const count = reports[0]!.random.batches.shard?.count ?? 1;
  const seen = new Map<number, string>();
  reports.forEach((r, i) => {
    const index = r.random.batches.shard?.index ?? 0;
    const other = seen.get(index);
    if (other !== undefined) throw new UsageError(`${files[i]}: shard ${index + 1}/${count} is also ${other}`);
    seen.set(index, files[i]!);
  });
  const absent = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (absent.length > 0) throw new UsageError(`missing shard${absent.length === 1 ? '' : 's'} ${absent.map((i) => `${i + 1}/${count}`).join(', ')} (give every shard's report)`);
}

/** Merges reports; returns the exit code (0 ok, 1 violation or incomplete, 2 bad input). @internal */
export async function mergeCommand(files: readonly string[], flags: MergeFlags, io: Io): Promise<number> {
  const reports = files.map(load);
  sameCheck(files, reports);
  const first = reports[0]!;
  const b = first.random.batches;
  const summaries: BatchSummary<ShardFailure>[] = reports.flatMap((r) =>
    r.random.batches.summaries.map((s) => summaryOf(s, { counterexample: r.counterexample, path: r.path, replay: r.replay }) as BatchSummary<ShardFailure>));
  const planned = b.runs === null ? undefined : Array.from({ length: Math.ceil(b.runs / b.batchRuns) }, (_, i) => i);
  const merged = mergeBatches(summaries, b.requiredEvents, planned);
  const explored = reports.find((r) => (r.random.batches.shard?.index ?? 0) === 0)!.exhaustive as { readonly status?: string } | null;
  const exhaustiveFailed = explored !== null && explored.status !== 'ok' && explored.status !== 'incomplete';
  const status = merged.status === 'violation' || exhaustiveFailed ? 'violation' : merged.status;
  const f = merged.failure?.failure;
  const timings = reports.flatMap((r) => (r.timings === undefined ? [] : [r.timings]));
  const explorerTimings = reports.find((r) => (r.random.batches.shard?.index ?? 0) === 0)!.timings;
  const byIndex = new Map(summaries.map((s) => [s.index, s]));
  const random = randomJson(
    {
      ...merged,
      distinctStates: null,
      generation: first.random.generation as Parameters<typeof randomJson>[0]['generation'],
    },
    {
      batchRuns: b.batchRuns, runs: b.runs, shard: null, requiredEvents: b.requiredEvents, merged: merged.batches,
      failing: merged.failure === undefined ? null : { index: merged.failure.index, seed: merged.failure.seed },
      summaries: merged.batches.map((j) => batchJson(byIndex.get(j)!)),
    },
  );
  // Without a counterexample the rerun is the whole unsharded check: every merged run, no shard.
  const replay = f?.replay ?? first.replay.replace(/ --shard \d+\/\d+/, '').replace(/--runs \d+/, `--runs ${random.runs}`);
  const report = {
    command: 'merge',
    status,
    scenario: first.scenario,
    mutant: first.mutant,
    seed: first.seed,
    path: f?.path ?? null,
    shards: files.length,
    random,
    exhaustive: explored,
    counterexample: f?.counterexample ?? (exhaustiveFailed ? reports.find((r) => r.exhaustive === explored)!.counterexample : null),
    replay,
    // The shards ran side by side: the slowest one's time. Only when every report has its
    // timings; reports of --no-timings merge into a report without them, byte for byte the same.
    ...(timings.length === reports.length ? { timings: { randomMs: Math.max(...timings.map((t) => t.randomMs)), exhaustiveMs: explorerTimings?.exhaustiveMs ?? null } } : {}),
  };
  const text = `${JSON.stringify(report, null, 2)}\n`;
  if (flags.out !== undefined) await writeFileAtomic(flags.out, text);
  if (flags.json) io.out(text);
  else {
    const reached = random.witnesses.filter((w) => w.reached).length;
    const cx = report.counterexample as { readonly violation?: { readonly id: string; readonly name: string; readonly explanation: string }; readonly file?: string | null } | null;
    io.out([
      `merged     ${files.length} shard report${files.length === 1 ? '' : 's'} of scenario ${first.scenario}${first.mutant === null ? '' : `, mutant ${first.mutant}`}, seed ${first.seed}`,
      `runs       ${random.runs} (${random.steps} steps, ${random.checkedSteps} checked) in batches ${merged.batches.length === 0 ? '-' : `0..${merged.batches[merged.batches.length - 1]}`} of ${b.batchRuns}`,
      `witnesses  ${reached}/${random.witnesses.length} reached${random.missing.witnesses.length > 0 && status !== 'violation' ? `; missing: ${random.missing.witnesses.join(', ')}` : ''}`,
      `coverage   ${Object.values(random.coverage.events).filter((n) => n > 0).length}/${Object.keys(random.coverage.events).length} event types taken`,
      ...(cx?.violation === undefined ? [] : [`VIOLATION  ${cx.violation.id} ${cx.violation.name}: ${cx.violation.explanation}`, `trace      ${cx.file ?? '(not saved)'}${merged.failure === undefined ? '' : ` (batch ${merged.failure.index}, seed ${merged.failure.seed})`}`]),
      `replay     ${replay}`,
      '',
      status === 'ok' ? 'PASS: every property holds' : status === 'violation' ? 'FAIL: a property is violated' : 'FAIL: the runs missed witnesses or event types',
      '',
    ].join('\n'));
  }
  return status === 'ok' ? 0 : 1;
}
