/**
 * A serialisable name for a transition system, so that a worker thread can build the system
 * itself: functions cannot cross a thread boundary, but a module, an export and its JSON
 * arguments can.
 */

import type { TransitionSystem } from '../../models/system.ts';

/**
 * Which factory builds the system, and with what: `import(module)[exportName](...args)`.
 *
 * @remarks
 * `module` is a `file:` URL (or any specifier `import()` accepts from this file), `args` plain
 * JSON data (a scenario, a mutant id, flags). The factory must be deterministic: every thread
 * builds its own copy, and the explorer relies on the copies agreeing on `actions`, `step` and
 * the encoding. It may return the system or a promise of it.
 * @example
 * ```ts
 * const ref: SystemRef = {
 *   module: new URL('../../models/classic/paxosCommit.ts', import.meta.url).href,
 *   exportName: 'paxosCommit',
 *   args: [{ rms: 2, acceptors: 3 }],
 * };
 * ```
 * @public
 */
export interface SystemRef {
  readonly module: string;
  readonly exportName: string;
  readonly args: readonly unknown[];
}

/**
 * Builds the system a {@link SystemRef} names.
 *
 * @throws TypeError when the module has no such export or it is not a function (a programmer error).
 * @public
 */
export async function loadSystem(ref: SystemRef): Promise<TransitionSystem<unknown, unknown>> {
  const mod = (await import(ref.module)) as Record<string, unknown>;
  const factory = mod[ref.exportName];
  if (typeof factory !== 'function') {
    throw new TypeError(`loadSystem: ${ref.module} has no function export "${ref.exportName}"`);
  }
  return (await (factory as (...a: readonly unknown[]) => unknown)(...ref.args)) as TransitionSystem<unknown, unknown>;
}
