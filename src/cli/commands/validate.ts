/**
 * `vm-handover validate LOG --mapping MAP`: trace validation of an implementation's log against
 * the specification, with up to `--max-hidden` unlogged steps between records.
 * @internal
 */
import { formatInputError } from '../../input/errors.ts';
import { loadMappingFile } from '../../conformance/mappingFile.ts';
import { readLogFile, validateLog } from '../../conformance/log.ts';
import { formatValidation, validationJson } from '../../conformance/report.ts';
import { DEFAULT_MAX_HIDDEN } from '../../conformance/validate.ts';
import { saveTraceFile } from '../../trace/file.ts';
import { UsageError } from '../args.ts';
import type { Io } from '../io.ts';

/** Flags of `validate`. @internal */
export interface ValidateFlags {
  readonly mapping: string;
  readonly maxHidden?: number;
  readonly out?: string;
  readonly json?: boolean;
}

/**
 * Reads the mapping and the whole log first, so that any bad input exits 2 (naming the file,
 * the line and the JSON path) before a verdict or a file is written. Exit 0 when the log
 * conforms, 1 when it diverges or the run that explains it breaks a property.
 * @internal
 */
export async function validateCommand(log: string, flags: ValidateFlags, io: Io): Promise<number> {
  const mapping = loadMappingFile(flags.mapping);
  if (!mapping.ok) throw new UsageError(mapping.error.map(formatInputError).join('\n'));
  const records = readLogFile(log);
  if (!records.ok) throw new UsageError(records.error.map(formatInputError).join('\n'));
  const result = validateLog(mapping.value, records.value, log, { maxHidden: flags.maxHidden ?? DEFAULT_MAX_HIDDEN });
  if (!result.ok) throw new UsageError(result.error.map(formatInputError).join('\n'));
  const r = result.value;
  if (flags.out !== undefined) await saveTraceFile(flags.out, r.run);
  if (flags.json) io.out(`${JSON.stringify({ command: 'validate', ...validationJson(r, log), ...(flags.out === undefined ? {} : { out: flags.out }) })}\n`);
  else {
    io.out(formatValidation(r, log));
    if (flags.out !== undefined) io.out(`${r.status === 'conforms' ? 'reconstructed run' : 'run up to there'} written to ${flags.out} (ITF)\n`);
  }
  return r.status === 'conforms' ? 0 : 1;
}
