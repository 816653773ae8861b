/**
 * The failure report and the summary: what a person reads after a check.
 *
 * @remarks
 * A failure reads top to bottom as a story: the broken invariant and its explanation, then
 * each step of the shrunk trace with its event and what it changed, the violation at the step
 * that broke it, how far the trace was shrunk, and one line that replays it. The summary
 * follows: runs, steps, invariants checked, witnesses, coverage, seed.
 */
import { EVENT_KINDS, EVENT_TYPES, formatEvent } from '../model/events.ts';
import type { Violation } from '../../properties/invariants.ts';
import type { Coverage } from './coverage.ts';
import { PHASE_KEYS } from './coverage.ts';
// One rendering of state changes for the report, the CLI's step table and the trace page: the
// ITF diff, generic over the state's variables.
import { diffStates, formatChange } from '../trace/diff.ts';
import { DEFAULT_MAX_STEPS, DEFAULT_REJECTED_SHARE, DEFAULT_WEIGHTS } from './options.ts';
import type { CheckResult, Counterexample } from './result.ts';
import type { WitnessOutcome } from './witnessTracker.ts';

const thousands = (n: number): string => n.toLocaleString('en-US');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/**
 * The command that replays a failure: `npx vm-handover check --scenario NAME [--mutant ID]
 * --seed S --path P`, plus any generation option that differs from its default (a seed and a
 * path replay the same run only under the same generation options).
 * @public
 */
export function replayCommand(result: CheckResult): string {
  const g = result.generation;
  const parts = ['npx vm-handover check', `--scenario ${result.scenario}`];
  if (result.mutant !== null) parts.push(`--mutant ${result.mutant}`);
  // A batched check's path belongs to its failing batch's seed.
  parts.push(`--seed ${result.batches?.failing?.seed ?? result.seed}`);
  if (result.path !== undefined) parts.push(`--path ${result.path}`);
  if (g.maxSteps !== DEFAULT_MAX_STEPS) parts.push(`--max-steps ${g.maxSteps}`);
  if (g.strategy !== 'biased') parts.push(`--strategy ${g.strategy}`);
  if (!g.swarm) parts.push('--no-swarm');
  if (g.rejectedShare !== DEFAULT_REJECTED_SHARE) parts.push(`--rejected-share ${g.rejectedShare}`);
  const w = g.weights;
  if (w.protocol !== DEFAULT_WEIGHTS.protocol || w.environment !== DEFAULT_WEIGHTS.environment || w.fault !== DEFAULT_WEIGHTS.fault)
    parts.push(`--weights ${w.protocol},${w.environment},${w.fault}`);
  return parts.join(' ');
}

const violationLine = (v: Violation): string => `${v.id} ${v.name}: ${v.explanation}`;

/**
 * A counterexample as text: each step with its event and its changes, the violation at the end.
 * @public
 */
export function formatCounterexample(cx: Counterexample): string {
  const lines: string[] = [];
  lines.push(`${cx.violation.id} ${cx.violation.name} is violated after ${cx.events.length} step${cx.events.length === 1 ? '' : 's'}:`);
  lines.push(`  ${cx.violation.explanation}`);
  lines.push('');
  const width = String(cx.events.length).length;
  const drivenFrom = cx.events.length - (cx.driven ?? 0);
  cx.events.forEach((event, i) => {
    if (i === drivenFrom) lines.push(`${' '.repeat(width + 2)}-- the run's budget is spent: quiescence drive, faults and environment off --`);
    const before = cx.states[i]!;
    const after = cx.states[i + 1] ?? before;
    lines.push(`${String(i + 1).padStart(width)}. ${formatEvent(event)}`);
    const changes = diffStates(before, after);
    const pad = ' '.repeat(width + 2);
    if (changes.length === 0) lines.push(`${pad}  (no change)`);
    for (const c of changes) lines.push(`${pad}  ${formatChange(c)}`);
    if (i === cx.events.length - 1) {
      lines.push(`${pad}✗ ${violationLine(cx.violation)}`);
      for (const v of cx.alsoBroken) lines.push(`${pad}✗ also ${violationLine(v)}`);
    }
  });
  lines.push('');
  lines.push(
    `Shrunk from ${cx.originalLength} events (first failing run) to ${cx.fastCheckLength} (fast-check) to ${cx.shrunkLength} (delta debugging, re-search).`,
  );
  return lines.join('\n');
}

function witnessLines(ws: readonly WitnessOutcome[]): string[] {
  if (ws.length === 0) return ['Witnesses: none required'];
  const reached = ws.filter((w) => w.reached).length;
  const lines = [`Witnesses: ${reached}/${ws.length} reached`];
  for (const w of ws)
    lines.push(`  ${w.reached ? '✓' : '✗'} ${w.id} ${w.name.padEnd(31)} ${w.reached ? `first in run ${w.firstRun}, in ${w.runs} runs` : 'NEVER REACHED'}`);
  return lines;
}

const PHASE_ABBREV: Readonly<Record<string, string>> = {
  idle: 'idle',
  configuring: 'conf',
  classifying: 'clas',
  consolidating: 'cons',
  synchronising: 'sync',
  quiesced: 'quie',
  assigning: 'assg',
  committed: 'comm',
  completed: 'done',
  aborting: 'abrt',
  rolledBack: 'back',
};

function coverageLines(c: Coverage): string[] {
  const taken = EVENT_TYPES.filter((t) => c.events[t] > 0).length;
  const lines = [`Coverage: ${taken}/${EVENT_TYPES.length} event types taken`];
  const name = Math.max(...EVENT_TYPES.map((t) => t.length));
  for (let i = 0; i < EVENT_TYPES.length; i += 2) {
    const cell = (t: string | undefined): string => (t === undefined ? '' : `${t.padEnd(name)} ${String(c.events[t as keyof typeof c.events]).padStart(7)}`);
    lines.push(`  ${cell(EVENT_TYPES[i])}   ${cell(EVENT_TYPES[i + 1])}`.trimEnd());
  }
  lines.push(`  steps per phase: ${PHASE_KEYS.map((p) => `${p} ${thousands(c.phases[p])}`).join(', ')}`);
  lines.push(`  environment and fault events per phase (where the disruptions struck):`);
  lines.push(`    ${''.padEnd(name)} ${PHASE_KEYS.map((p) => PHASE_ABBREV[p]!.padStart(5)).join('')}`);
  for (const t of EVENT_TYPES.filter((x) => EVENT_KINDS[x] !== 'protocol'))
    lines.push(`    ${t.padEnd(name)} ${PHASE_KEYS.map((p) => String(c.disruptionsByPhase[p][t] ?? '.').padStart(5)).join('')}`);
  const codes = Object.entries(c.rejections);
  lines.push(`  rejected events taken: ${codes.length === 0 ? 'none' : codes.map(([code, n]) => `${code} ${n}`).join(', ')}`);
  lines.push(`  injection points: ${thousands(c.injections.fired)} of ${thousands(c.injections.planned)} fired`);
  return lines;
}

/**
 * The one-paragraph summary: status, runs, steps, invariants checked, witnesses, coverage, seed.
 * @public
 */
export function formatSummary(r: CheckResult): string {
  const reached = r.witnesses.filter((w) => w.reached).length;
  const taken = EVENT_TYPES.filter((t) => r.coverage.events[t] > 0).length;
  const what = r.mutant === null ? '' : `, mutant ${r.mutant}`;
  return [
    `${r.status.toUpperCase()}: scenario ${r.scenario}${what}: ${thousands(r.runs)} runs, ${thousands(r.steps)} steps, ${thousands(r.invariantChecks)} invariants checked,`,
    `witnesses ${reached}/${r.witnesses.length}, event types ${taken}/${EVENT_TYPES.length}, seed ${r.seed}, ${seconds(r.elapsedMs)}${r.interrupted ? ' (time budget reached)' : ''}`,
  ].join(' ');
}

/**
 * The whole report of a check: the failure (if any) with its replay line, what was missed (if
 * anything), witnesses, coverage, and the summary.
 * @public
 */
export function formatReport(r: CheckResult): string {
  const out: string[] = [];
  if (r.counterexample !== undefined) {
    out.push(`✗ VIOLATION found on scenario ${r.scenario}${r.mutant === null ? '' : ` (mutant ${r.mutant})`} in run ${r.runs}.`);
    out.push('');
    out.push(formatCounterexample(r.counterexample));
    out.push(`Seed ${r.seed}, replay path ${r.path ?? '-'}. To replay it:`);
    out.push(`  ${replayCommand(r)}`);
    out.push('');
  } else if (r.status === 'incomplete') {
    out.push(`✗ INCOMPLETE: no violation, but the runs missed what they must reach:`);
    if (r.missing.witnesses.length > 0) out.push(`  witnesses never reached: ${r.missing.witnesses.join(', ')}`);
    if (r.missing.events.length > 0) out.push(`  event types never taken: ${r.missing.events.join(', ')}`);
    if (r.missing.phases.length > 0) out.push(`  phases never visited: ${r.missing.phases.join(', ')}`);
    out.push('');
  } else out.push(`✓ OK: no violation in ${thousands(r.runs)} runs; every witness reached, every event type taken.`, '');
  out.push(...witnessLines(r.witnesses), '');
  out.push(...coverageLines(r.coverage), '');
  out.push(formatSummary(r));
  return out.join('\n');
}
