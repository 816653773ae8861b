/**
 * Input errors: one value per problem in a file the user gave us, naming the file, the JSON
 * path inside it, what was expected and what was found.
 *
 * @remarks
 * Every reader (scenario files, event JSON, ITF traces) reports through this one type so that
 * the CLI prints them the same way and exits 2 (issue 6). Zod issues are translated here, in one
 * place, so that the wording of an error does not depend on which schema found it.
 */
import type { z } from 'zod';

/**
 * One problem with an input file.
 *
 * @example
 * ```ts
 * formatInputError({ file: 'scenario.json', path: '$.units[2].node', expected: 'one of n0, n1', got: '"n7"' });
 * // 'scenario.json: $.units[2].node: expected one of n0, n1; got "n7"'
 * ```
 * @public
 */
export interface InputError {
  /** The file as the user named it (or a label such as `<stdin>`). */
  readonly file: string;
  /**
   * JSON path of the offending value, e.g. `$.units[2].node`; `$` is the whole document and the
   * empty string means the file itself (missing, unreadable, not JSON).
   */
  readonly path: string;
  /** What a valid file has there, phrased to follow the word "expected". */
  readonly expected: string;
  /** What the file has there, rendered compactly; absent when there is nothing useful to show. */
  readonly got?: string;
  /** Line and column (1-based) when the problem is in the text rather than in a value (malformed JSON). */
  readonly position?: { readonly line: number; readonly column: number };
}

/**
 * One line per error: `file: path: expected ...; got ...`.
 * @public
 */
export function formatInputError(e: InputError): string {
  const where = e.position === undefined ? e.file : `${e.file}:${e.position.line}:${e.position.column}`;
  const path = e.path === '' ? '' : ` ${e.path}:`;
  const got = e.got === undefined ? '' : `; got ${e.got}`;
  return `${where}:${path} expected ${e.expected}${got}`;
}

/** A JSON path segment: an object key or an array index. @public */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders path segments as a JSON path: `$.units[2].node`, `$["#meta"].scenario`.
 * @public
 */
export function jsonPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

const MAX_GOT = 60;

/**
 * A compact rendering of a JSON value for the "got" part of an error: strings quoted, long
 * values cut with an ellipsis, `undefined` shown as "nothing" (the key is missing).
 * @public
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Only reachable for values that cannot come out of JSON.parse (cycles, bigint).
    text = String(value);
  }
  return text.length > MAX_GOT ? `${text.slice(0, MAX_GOT - 1)}…` : text;
}

/** Extra data our own schema checks attach to a custom Zod issue. @internal */
export interface IssueParams {
  readonly expected: string;
  readonly got?: string;
}

/**
 * A custom Zod issue carrying the expected and found texts, for `superRefine` checks.
 * @internal
 */
export function customIssue(path: PathSegment[], expected: string, got?: string): z.core.$ZodSuperRefineIssue {
  const params: IssueParams = got === undefined ? { expected } : { expected, got };
  return { code: 'custom', path, message: `expected ${expected}`, params };
}

const EXPECTED_PREFIX = 'expected ';

const article = (noun: string): string => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'an integer',
  array: 'an array',
  object: 'an object',
  nonoptional: 'a value',
};

/** What a Zod issue expected, in words. @internal */
function expectedOf(issue: z.core.$ZodIssue): string {
  // Messages we set ourselves (schema `error` options, custom issues) start with "expected ".
  if (issue.message.startsWith(EXPECTED_PREFIX)) return issue.message.slice(EXPECTED_PREFIX.length);
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? article(issue.expected);
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small': {
      const n = String(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return `at least ${n} item${n === '1' ? '' : 's'}`;
      if (issue.origin === 'string') return n === '1' ? 'a non-empty string' : `a string of at least ${n} characters`;
      return `a number ${issue.inclusive === false ? '>' : '>='} ${n}`;
    }
    case 'too_big': {
      const n = String(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `at most ${n} item${n === '1' ? '' : 's'}`;
      if (issue.origin === 'string') return `a string of at most ${n} characters`;
      return `a number ${issue.inclusive === false ? '<' : '<='} ${n}`;
    }
    case 'unrecognized_keys':
      return 'only known keys';
    case 'invalid_format':
      return issue.pattern === undefined ? `a string in ${issue.format} format` : `a string matching ${issue.pattern}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_union': {
      // A plain union: what each alternative expected, from its first issue.
      const alternatives = issue.errors.map((list) => list[0]).filter((i) => i !== undefined).map(expectedOf);
      return alternatives.length > 0 ? [...new Set(alternatives)].join(' or ') : 'a valid value';
    }
    default:
      return 'a valid value';
  }
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a Zod issue found, in words. @internal */
function gotOf(issue: z.core.$ZodIssue): string | undefined {
  const params = (issue as { params?: Partial<IssueParams> }).params;
  if (params?.expected !== undefined) return params.got;
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  // A discriminated union reports at the discriminator's path but with the whole object as input.
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined && isRecord(issue.input))
    return describeValue(issue.input[issue.discriminator]);
  return describeValue(issue.input);
}

/**
 * Translates the issues of a failed `safeParse` (run with `reportInput: true`) into input errors.
 * @param prefix - path of the parsed value inside the file, when it is not the whole document.
 * @internal
 */
export function fromZodError(file: string, error: z.ZodError, prefix: readonly PathSegment[] = []): InputError[] {
  return error.issues.map((issue) => {
    const segments = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    const got = gotOf(issue);
    const base = { file, path: jsonPath(segments), expected: expectedOf(issue) };
    return got === undefined ? base : { ...base, got };
  });
}
