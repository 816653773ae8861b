/**
 * Implementation logs: JSON lines, one record per line, read and mapped to log steps.
 *
 * @remarks
 * The whole log is read and mapped before the search starts, and every bad line is reported
 * (the file, the line, the JSON path in the record), so a malformed log exits 2 without a
 * verdict. Blank lines are skipped.
 */
import type { InputError } from '../input/errors.ts';
import { atLine, parseJsonText, readTextFile } from '../input/jsonFile.ts';
import type { Result } from '../input/result.ts';
import { failure, success } from '../input/result.ts';
import type { LogStep, Mapping } from './mapping.ts';
import { hiddenTypes } from './mapping.ts';
import { EVENT_TYPES } from '../model/events.ts';
import type { ValidateOptions, ValidationResult } from './validate.ts';
import { validateSteps } from './validate.ts';

/** One parsed line of a log. @public */
export interface LogRecord {
  /** 1-based line number. */
  readonly line: number;
  readonly value: unknown;
}

/** Most errors reported for one log: a log of the wrong format would otherwise print one per line. @public */
export const MAX_LOG_ERRORS = 20;

/**
 * The records of a JSON-lines text.
 * @public
 */
export function parseLogText(text: string, file: string): Result<LogRecord[], InputError[]> {
  const records: LogRecord[] = [];
  const errors: InputError[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && errors.length < MAX_LOG_ERRORS; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const json = parseJsonText(line, file);
    if (json.ok) records.push({ line: i + 1, value: json.value });
    else errors.push(...json.error.map((e) => atLine(e, file, i + 1)));
  }
  return errors.length > 0 ? failure(errors) : success(records);
}

/** Reads a JSON-lines log file. @public */
export function readLogFile(path: string): Result<LogRecord[], InputError[]> {
  const text = readTextFile(path);
  return text.ok ? parseLogText(text.value, path) : text;
}

/**
 * The log steps of a log's records under a mapping; skipped records give none.
 * @public
 */
export function mapLog<R>(mapping: Mapping<R>, records: readonly { readonly line: number; readonly value: R }[], file: string): Result<LogStep[], InputError[]> {
  const steps: LogStep[] = [];
  const errors: InputError[] = [];
  for (const r of records) {
    const m = mapping.map(r.value, file, r.line);
    if (!m.ok) {
      errors.push(...m.error);
      if (errors.length >= MAX_LOG_ERRORS) break;
    } else if (m.value !== null) steps.push({ line: r.line, ...m.value });
  }
  return errors.length > 0 ? failure(errors.slice(0, MAX_LOG_ERRORS)) : success(steps);
}

/**
 * Validates a log's records against the specification under a mapping: {@link mapLog}, then
 * {@link validateSteps} with the mapping's scenario and hidden events.
 * @example
 * ```ts
 * const mapping = loadMappingFile('mapping.json');
 * const records = readLogFile('run.jsonl');
 * if (mapping.ok && records.ok) {
 *   const r = validateLog(mapping.value, records.value, 'run.jsonl', { maxHidden: 2 });
 *   if (r.ok) console.log(r.value.status);
 * }
 * ```
 * @public
 */
export function validateLog<R>(
  mapping: Mapping<R>,
  records: readonly { readonly line: number; readonly value: R }[],
  file: string,
  options: ValidateOptions = {},
): Result<ValidationResult, InputError[]> {
  const steps = mapLog(mapping, records, file);
  if (!steps.ok) return steps;
  const hidden = options.hidden ?? hiddenTypes(mapping.hidden, mapping.logged, EVENT_TYPES);
  return success(validateSteps(mapping.scenario, steps.value, { ...options, hidden }));
}
