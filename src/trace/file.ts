/**
 * ITF trace files: read one into a trace, write a trace to one atomically.
 *
 * @remarks
 * By the ITF convention the files end in `.itf.json`. Reading never throws: a missing file,
 * malformed JSON and a document that is not one of our traces each give `InputError`s naming the
 * file and the JSON path. Writing goes through `writeFileAtomic`, so an interrupted CLI leaves
 * the previous file (or none), never half a trace.
 */
import type { InputError } from '../input/errors.ts';
import { readJsonFile } from '../input/jsonFile.ts';
import type { Result } from '../input/result.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { fromItf, toItf } from './itf.ts';
import type { Trace } from './trace.ts';

/**
 * Reads an ITF trace file.
 * @public
 */
export function loadTraceFile(path: string): Result<Trace, InputError[]> {
  const json = readJsonFile(path);
  return json.ok ? fromItf(json.value, path) : json;
}

/**
 * The text of a trace's ITF file: indented JSON with a final newline.
 * @public
 */
export function itfText(trace: Trace): string {
  return `${JSON.stringify(toItf(trace), null, 2)}\n`;
}

/**
 * Writes a trace as an ITF file, atomically.
 * @throws the file system's error when the file cannot be written (the old file is then intact).
 * @public
 */
export async function saveTraceFile(path: string, trace: Trace): Promise<void> {
  await writeFileAtomic(path, itfText(trace));
}
