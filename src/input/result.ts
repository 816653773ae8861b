/**
 * Results as values: what reading an input returns instead of throwing.
 *
 * @remarks
 * The house rule (STYLE.md, rule 1) is that a "no" is a value; exceptions are for programmer
 * errors. A bad input file is not a programmer error, so every reader in `src/input` and
 * `src/trace` returns a `Result` whose failure side lists every problem found, not just the first.
 */

/**
 * Either a value or the problems that prevented it.
 * @public
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** A success. @public */
export function success<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** A failure. @public */
export function failure<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
