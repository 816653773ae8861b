/**
 * Scenarios for the explorer's handover tests and benchmark: variations of `tiny` with
 * interchangeable units, where symmetry reduction has something to reduce (tiny and small have
 * no two units with the same specification).
 */
import type { Scenario, UnitSpec } from '../../src/model/scenario.ts';
import { tiny } from '../../models/scenarios/index.ts';

const memoryOnN0 = (id: string): UnitSpec => ({ id, kind: 'memory', node: 'n0', vm: 'vm0', unreassignable: false });
const adapter: UnitSpec = { id: 'u2', kind: 'io', node: 'n0', vm: 'vm0', unreassignable: true };

/**
 * Two interchangeable memory units u1 and u3 that must move from n0 to n1, and tiny's
 * unreassignable adapter u2; one fault, one attempt. Explores fully in a few seconds:
 * 41,395 distinct states, 21,782 orbits under the swap of u1 and u3 (docs/performance.md).
 * @internal
 */
export const pair: Scenario = {
  ...tiny,
  name: 'pair',
  description: 'u1 and u3 interchangeable memory units to move, u2 unreassignable adapter; budgets of 1',
  units: [memoryOnN0('u1'), adapter, memoryOnN0('u3')],
  bounds: { faults: 1, schedChanges: 1, guestWrites: 1, attempts: 1 },
};

/**
 * A synthetic scenario for scaling figures: `moving` interchangeable memory units on n0 (u1,
 * u3, u4, ...) plus tiny's adapter u2, with the budgets of `pair`.
 * @internal
 */
export function synthetic(moving: number): Scenario {
  const ids = ['u1', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'].slice(0, moving);
  if (ids.length !== moving || moving < 1) throw new RangeError(`synthetic: 1..8 moving units, not ${moving}`);
  return {
    ...pair,
    name: `synthetic-${moving + 1}`,
    description: `${moving} interchangeable memory units to move and the adapter u2 (${moving + 1} units)`,
    units: [...ids.map(memoryOnN0), adapter],
  };
}
