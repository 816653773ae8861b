/**
 * The worked example's files, loaded once for the conformance tests.
 */
import { readFileSync } from 'node:fs';
import type { LogRecord, Mapping } from '../../src/conformance/index.ts';
import { loadMappingFile, parseLogText, parseMapping } from '../../src/conformance/index.ts';

export const EXAMPLE = 'examples/handover-impl';
export const MAPPING_FILE = `${EXAMPLE}/mapping.json`;
export const CLEAN_LOG = `${EXAMPLE}/clean.jsonl`;
export const BUGGY_LOG = `${EXAMPLE}/buggy.jsonl`;

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected success: ${JSON.stringify(r.error)}`);
  return r.value;
}

export const mappingJson = (): Record<string, unknown> => JSON.parse(readFileSync(MAPPING_FILE, 'utf8')) as Record<string, unknown>;
export const exampleMapping = (): Mapping => ok(loadMappingFile(MAPPING_FILE));
/** The example's mapping with another `hidden` setting. */
export const mappingWithHidden = (hidden: unknown): Mapping => ok(parseMapping({ ...mappingJson(), hidden }, MAPPING_FILE));
export const logRecords = (file: string): LogRecord[] => ok(parseLogText(readFileSync(file, 'utf8'), file));
export { ok };
