/**
 * The handover model by name, for worker threads: {@link handoverSystem} takes a reducer and
 * invariants (functions, which cannot cross threads), so this module builds the same system from
 * plain data (the scenario, a mutant id, flags) and names itself in a {@link SystemRef}.
 */
import { invariants as allInvariants } from '../../properties/invariants.ts';
import type { Scenario } from '../model/scenario.ts';
import { findMutant, mutantStep } from '../mutants/catalog.ts';
import type { Transition } from '../model/enabled.ts';
import type { ServerState } from '../model/state.ts';
import { handoverSystem } from './handover.ts';
import type { TransitionSystem } from '../../models/system.ts';
import type { SystemRef } from './systemRef.ts';

/**
 * The serialisable options of {@link handoverSystemFromData}: {@link HandoverSystemOptions} with
 * names in place of functions.
 * @public
 */
export interface HandoverRefOptions {
  /** Id or name of a mutant of src/mutants/catalog.ts to explore instead of the reference reducer. */
  readonly mutant?: string;
  /** Symmetry reduction over interchangeable units; default false. */
  readonly symmetry?: boolean;
  /** Ids of the invariants to check; default all of properties/invariants.ts. */
  readonly invariantIds?: readonly string[];
  /** `false` to leave out the refinement REF-1 (the default action property). */
  readonly refinement?: boolean;
}

/**
 * {@link handoverSystem} built from plain data: what a worker thread calls through a {@link SystemRef}.
 * @throws RangeError for an unknown mutant or invariant id.
 * @public
 */
export function handoverSystemFromData(scenario: Scenario, options: HandoverRefOptions = {}): TransitionSystem<ServerState, Transition> {
  const mutant = options.mutant === undefined ? undefined : findMutant(options.mutant);
  if (options.mutant !== undefined && mutant === undefined) throw new RangeError(`handoverSystemFromData: unknown mutant "${options.mutant}"`);
  const ids = options.invariantIds;
  const invariants = ids === undefined ? allInvariants : allInvariants.filter((inv) => ids.includes(inv.id));
  const unknown = ids?.find((id) => !allInvariants.some((inv) => inv.id === id));
  if (unknown !== undefined) throw new RangeError(`handoverSystemFromData: unknown invariant "${unknown}"`);
  return handoverSystem(scenario, {
    ...(mutant === undefined ? {} : { step: mutantStep(mutant) }),
    invariants,
    symmetry: options.symmetry === true,
    ...(options.refinement === false ? { actionProperties: [] } : {}),
  });
}

/**
 * The {@link SystemRef} of `handoverSystemFromData(scenario, options)`.
 * @example
 * ```ts
 * await exploreParallel(handoverRef(tiny, { mutant: 'M-04' }), { workers: 2 });
 * ```
 * @public
 */
export function handoverRef(scenario: Scenario, options: HandoverRefOptions = {}): SystemRef {
  return { module: import.meta.url, exportName: 'handoverSystemFromData', args: [scenario, options] };
}
