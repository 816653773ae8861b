/**
 * Reading a JSON document from a file: every way it can fail becomes an `InputError`.
 *
 * @remarks
 * Missing file, unreadable file (a directory, no permission) and malformed JSON each give one
 * error; nothing escapes as an exception, so the CLI can print the line and exit 2.
 */
import { readFileSync } from 'node:fs';
import type { InputError } from './errors.ts';
import type { Result } from './result.ts';
import { failure, success } from './result.ts';

/** Why a file could not be read, in words, from a Node error code. @internal */
export function readFailure(file: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return { file, path: '', expected: 'an existing file', got: 'no such file' };
  if (code === 'EISDIR') return { file, path: '', expected: 'a file', got: 'a directory' };
  if (code === 'EACCES' || code === 'EPERM') return { file, path: '', expected: 'a readable file', got: 'permission denied' };
  const message = err instanceof Error ? err.message : String(err);
  return { file, path: '', expected: 'a readable file', got: message };
}

/**
 * Line and column (1-based) of a character offset in a text.
 * @internal
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

/**
 * The offset of the first syntax error in a JSON text, or null if it has none: a small scanner
 * of RFC 8259's grammar, used only when the engine's message names no position (V8 says
 * `Unexpected token '}', "..." is not valid JSON` for most errors).
 * @internal
 */
export function jsonErrorOffset(text: string): number | null {
  // Sticky patterns match at `lastIndex` only, so scanning stays linear in the text's length.
  const literal = /true|false|null/y;
  const number = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const string = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const token = (pattern: RegExp): boolean => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) return false;
    i = pattern.lastIndex;
    return true;
  };
  // Each returns false with `i` at the first character that cannot continue the value.
  const value = (): boolean => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') return container(c === '{');
    return token(c === '"' ? string : c === 't' || c === 'f' || c === 'n' ? literal : number);
  };
  const container = (isObject: boolean): boolean => {
    const close = isObject ? '}' : ']';
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return true;
    }
    for (;;) {
      if (isObject) {
        ws();
        if (!token(string)) return false;
        ws();
        if (text[i] !== ':') return false;
        i++;
      }
      if (!value()) return false;
      ws();
      if (text[i] === close) {
        i++;
        return true;
      }
      if (text[i] !== ',') return false;
      i++;
    }
  };
  try {
    if (!value()) return i;
  } catch {
    // Nesting deeper than the stack: no position to offer, the engine's message stands alone.
    return null;
  }
  ws();
  return i < text.length ? i : null;
}

/** The engine's message without the copy of the text V8 appends to it. @internal */
function cleanMessage(message: string): string {
  return message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '').replace(/\s+/g, ' ');
}

/**
 * How deeply arrays and objects may nest in an input. Our documents nest about ten deep (an ITF
 * state's maps of records); JSON.parse accepts thousands of levels, but the validators and the
 * error reports after it recurse, and a document 5,000 levels deep overflowed the stack inside
 * Zod (found by the fuzzer, test/fuzz/harness.ts).
 * @public
 */
export const MAX_JSON_DEPTH = 100;

/**
 * The offset of the first `[` or `{` nested deeper than `max` in a JSON text, or null: a scan
 * that skips strings, run before JSON.parse so that a nesting bomb costs one pass over the text.
 * @internal
 */
export function nestingOffset(text: string, max: number): number | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string, escapes included; an unterminated one is JSON.parse's to report.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/**
 * Parses JSON text; a syntax error gives one `InputError` with the line and column (from the
 * engine's message when it names a position, else from a scan of the text). So does nesting
 * deeper than {@link MAX_JSON_DEPTH}.
 * @public
 */
export function parseJsonText(text: string, file: string): Result<unknown, InputError[]> {
  const deep = nestingOffset(text, MAX_JSON_DEPTH);
  if (deep !== null)
    return failure([{ file, path: '', expected: `JSON nested at most ${MAX_JSON_DEPTH} levels deep`, got: 'deeper nesting', position: lineColumn(text, deep) }]);
  try {
    return success(JSON.parse(text) as unknown);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const error: InputError = { file, path: '', expected: 'well-formed JSON', got: cleanMessage(message) };
    const lc = /\(line (\d+) column (\d+)\)/.exec(message);
    if (lc !== null) return failure([{ ...error, position: { line: Number(lc[1]), column: Number(lc[2]) } }]);
    const pos = /at position (\d+)/.exec(message);
    const offset = pos !== null ? Number(pos[1]) : jsonErrorOffset(text);
    return failure([offset === null ? error : { ...error, position: lineColumn(text, offset) }]);
  }
}

/**
 * An error found in line `n` of a JSON-lines file `source`, located there: a syntax error's
 * position becomes the line's number and the column in it; a schema error is named by the line
 * (`events.jsonl:12`) and its JSON path.
 * @internal
 */
export function atLine(e: InputError, source: string, n: number): InputError {
  return e.position === undefined ? { ...e, file: `${source}:${n}` } : { ...e, file: source, position: { line: n, column: e.position.column } };
}

/**
 * Reads a UTF-8 text file; a missing or unreadable file gives one `InputError`.
 * @internal
 */
export function readTextFile(path: string): Result<string, InputError[]> {
  try {
    return success(readFileSync(path, 'utf8'));
  } catch (err) {
    return failure([readFailure(path, err)]);
  }
}

/**
 * Reads and parses a JSON file.
 * @param path - the file as the user named it; errors quote it as given.
 * @public
 */
export function readJsonFile(path: string): Result<unknown, InputError[]> {
  const text = readTextFile(path);
  return text.ok ? parseJsonText(text.value, path) : text;
}
