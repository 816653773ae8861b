/**
 * Whether a seeded bug was caught the way its catalogue entry says.
 */
import type { Mutant } from '../mutants/catalog.ts';
import type { CheckResult } from './result.ts';

/**
 * Whether a mutant's check caught it as its catalogue entry says: by one of its `caughtBy`
 * invariants, by the independent oracle (`ORACLE`), or with one of its `caughtBy` invariants
 * broken in the same last state as the one reported first (invariants are checked in id
 * order, so INV-0 may speak first about a state INV-4 also condemns).
 * @public
 */
export function caughtAsExpected(m: Mutant, r: CheckResult): boolean {
  const cx = r.counterexample;
  if (cx === undefined) return false;
  const ids = [cx.violation.id, ...cx.alsoBroken.map((v) => v.id)];
  return ids.some((id) => m.caughtBy.includes(id) || id === 'ORACLE');
}
