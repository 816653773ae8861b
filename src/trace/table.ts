/**
 * The step table: a replay printed for people, one row per step with the event, what changed,
 * and the verdicts (rejections, divergence from the recorded state, broken invariants).
 *
 * @remarks
 * This is how the CLI shows counterexamples and replays (issue 6). A broken invariant is printed
 * in full where it first breaks, with its explanation naming the offender; on later rows that
 * still break it only its id is repeated, so a long tail after a violation stays readable.
 */
import { formatEvent } from '../model/events.ts';
import { REJECTION_CODES } from '../model/rejection.ts';
import { formatChange } from './diff.ts';
import type { ReplayRow } from './replay.ts';

/** Options of the step table. @public */
export interface StepTableOptions {
  /** Width beyond which a rendered value is cut (default 72). */
  readonly valueWidth?: number;
}

/** The lines of the last column for one row. @internal */
function details(row: ReplayRow, previous: ReplayRow | undefined, width: number | undefined): string[] {
  const out: string[] = [];
  if (row.rejection !== null) {
    const r = row.rejection;
    out.push(`REJECTED ${r.code}: ${REJECTION_CODES[r.code]}; failed guard: ${r.guard}`);
  } else if (row.index > 0 && row.changes.length === 0) out.push('(no change)');
  out.push(...row.changes.map((c) => formatChange(c, width)));
  for (const e of row.effects) out.push(`note: ${e.kind}: ${e.reason}`);
  if (row.divergence !== null) {
    const d = row.divergence;
    out.push(`DIVERGES from the recorded state at ${d.path}: recorded ${d.recorded}, replayed ${d.replayed}`);
  }
  const before = new Set(previous?.violations.map((v) => v.id) ?? []);
  const still = row.violations.filter((v) => before.has(v.id)).map((v) => v.id);
  for (const v of row.violations) if (!before.has(v.id)) out.push(`VIOLATED ${v.id} ${v.name}: ${v.explanation}`);
  if (still.length > 0) out.push(`still violated: ${still.join(', ')}`);
  return out;
}

/**
 * Renders replay rows as a plain-text table.
 * @example
 * ```text
 * step  event                    what changed
 *   13  source/unitReleased(u1)  units.u1.place: managed(hA) -> inFlight
 *                                VIOLATED INV-2 UnreassignableStaysWithSource: (a) unit u1 is coupled to hA but is in flight
 * ```
 * @public
 */
export function formatStepTable(rows: readonly ReplayRow[], options: StepTableOptions = {}): string {
  const events = rows.map((r) => (r.event === null ? '(initial state)' : formatEvent(r.event)));
  const stepWidth = Math.max(4, ...rows.map((r) => String(r.index).length));
  const eventWidth = Math.max(5, ...events.map((e) => e.length));
  const line = (step: string, event: string, text: string): string =>
    `${step.padStart(stepWidth)}  ${event.padEnd(eventWidth)}  ${text}`.trimEnd();
  const out = [line('step', 'event', 'what changed'), line('-'.repeat(stepWidth), '-'.repeat(eventWidth), '-'.repeat(12))];
  rows.forEach((row, i) => {
    const [first = '', ...rest] = details(row, rows[i - 1], options.valueWidth);
    out.push(line(String(row.index), events[i]!, first));
    for (const more of rest) out.push(line('', '', more));
  });
  return out.join('\n');
}
