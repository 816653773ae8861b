/**
 * Human-readable summary of an exploration, laid out like TLC's end-of-run
 * output so a reader who knows TLC finds each figure where they expect it.
 */

import type { ExploreResult } from './result.ts';

/**
 * Options of {@link formatExploreReport}.
 *
 * @public
 */
export interface ReportOptions<S> {
  /** Renders a trace state; default `JSON.stringify` (states are plain data). */
  readonly formatState?: (s: S) => string;
}

/** Thousands separators without the locale, so reports are byte-identical everywhere. */
function count(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The explorer's own structures start at tens of KiB, so bytes never need a smaller unit. */
function bytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

function verdict<S, A>(result: ExploreResult<S, A>): string {
  const completeness = result.complete ? 'state space exhausted' : `search stopped by ${String(result.stoppedBy)}`;
  return `Verdict: ${result.status} (${completeness})`;
}

/**
 * Formats `result` as a short multi-line report: verdict, state counts,
 * depth, per-action counts, throughput, memory, collision probability and,
 * for a failure, the explanation and the numbered counterexample trace.
 *
 * @example
 * ```ts
 * console.log(formatExploreReport(explore(twoPhaseCommit({ rms: 3 }))));
 * ```
 * @public
 */
export function formatExploreReport<S, A>(result: ExploreResult<S, A>, options: ReportOptions<S> = {}): string {
  const formatState = options.formatState ?? ((s: S) => JSON.stringify(s));
  const lines: string[] = [
    verdict(result),
    `${count(result.statesGenerated)} states generated, ${count(result.distinctStates)} distinct states found, ` +
      `${count(result.rejected)} steps rejected.`,
    `Depth of the search graph: ${result.maxDepth} steps.`,
    `${count(result.statesPerSecond)} states/s over ${result.elapsedMs.toFixed(0)} ms.`,
    `${result.bytesPerState.toFixed(1)} bytes/state in explorer structures (${bytes(result.explorerBytes)}); ` +
      `heap used peak ${bytes(result.heapUsedBytes)}.`,
    `Fingerprint collision probability (optimistic): ${result.collisionProbability.toExponential(1)}.`,
  ];
  const names = Object.keys(result.actionCounts).sort();
  if (names.length > 0) {
    lines.push('Actions (generated / distinct):');
    const width = Math.max(...names.map((n) => n.length));
    for (const name of names) {
      const generated = count(result.actionCounts[name] as number);
      lines.push(`  ${name.padEnd(width)}  ${generated} / ${count(result.distinctByAction[name] ?? 0)}`);
    }
  }
  const v = result.violation;
  if (v !== undefined) {
    const what = v.kind === 'invariant' ? `invariant ${v.invariantId} ${v.invariantName}` : v.kind;
    lines.push(`Error: ${what} violated: ${v.explanation}`);
    if (result.violationCount > 1) lines.push(`(${count(result.violationCount)} violating states met in total)`);
    lines.push(`Counterexample, ${v.trace.length - 1} steps:`);
    v.trace.forEach((t, i) => {
      lines.push(`  ${i}: ${t.actionName ?? '<initial state>'}`);
      lines.push(`     ${formatState(t.state)}`);
    });
  }
  return lines.join('\n');
}
