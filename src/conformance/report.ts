/**
 * Reports of a validation: text for people, a JSON value for tools (`validate --json`).
 */
import { formatEvent } from '../model/events.ts';
import type { LogStep } from './mapping.ts';
import { formatPattern } from './mapping.ts';
import { pinPath, pinValue } from './observation.ts';
import type { Candidate, ValidationResult } from './validate.ts';
import { formatCandidate, formatDisagreement } from './validate.ts';

/** What a record stands for, as text: `source/unitCopied(unit=u1) | pins units.u1.place = inFlight`. @public */
export function formatRecord(r: LogStep): string {
  const events = r.events.length === 0 ? 'no event' : r.events.map(formatPattern).join(' or ');
  const pins = r.pins.length === 0 ? '' : ` | pins ${r.pins.map((p) => `${pinPath(p)} = ${pinValue(p)}`).join(', ')}`;
  return `${events}${pins}`;
}

const statsLine = (r: ValidationResult): string =>
  `${r.stats.records} records, ${r.stats.steps} steps (${r.stats.hiddenSteps} hidden), ${r.stats.states} states searched, widest frontier ${r.stats.maxFrontier}`;

/**
 * A validation as text.
 * @param log - the log's name, for `run.jsonl:12`.
 * @public
 */
export function formatValidation(r: ValidationResult, log: string): string {
  if (r.status === 'conforms') return `CONFORMS: ${log}: ${statsLine(r)}\n`;
  if (r.status === 'violation')
    return `VIOLATION: ${log}:${r.line}: the run that explains the log breaks ${r.violation.id} ${r.violation.name}: ${r.violation.explanation}\n  ${statsLine(r)}\n`;
  const lines = [
    `DIVERGES: ${log}:${r.line}: no run of the specification explains record ${r.index + 1} (${formatRecord(r.record)})`,
    `  the records before it are explained by ${r.run.steps.length} steps; ${statsLine(r)}`,
    `  closest candidate states:`,
    ...r.closest.flatMap((c, i) => formatCandidate(c, i + 1)),
  ];
  return `${lines.join('\n')}\n`;
}

const candidateJson = (c: Candidate) => ({
  hidden: c.hidden.map(formatEvent),
  disagreements: c.disagreements.slice(0, 3).map(formatDisagreement),
  state: { phase: c.state.handover?.phase ?? 'none', holders: Object.fromEntries(Object.entries(c.state.vms).map(([k, v]) => [k, v.holder])) },
});

/** A validation as a JSON value (the run itself goes to an ITF file with `--out`). @public */
export function validationJson(r: ValidationResult, log: string): object {
  const base = { log, status: r.status, stats: r.stats };
  if (r.status === 'conforms') return { ...base, run: r.run.steps.map((s) => formatEvent(s.event)) };
  if (r.status === 'violation') return { ...base, line: r.line, record: r.index + 1, violation: r.violation };
  return { ...base, line: r.line, record: r.index + 1, expected: formatRecord(r.record), explained: r.run.steps.map((s) => formatEvent(s.event)), closest: r.closest.map(candidateJson) };
}
