/**
 * Test-only scenarios for the guards the named scenarios of models/scenarios cannot reach: a
 * third hypervisor (R-23, F12), a source with nothing coupled to it (F16), a second VM and a
 * free unit. They are variations of `tiny` so the scripted prefixes of ./events.ts apply.
 */
import type { Scenario } from '../../src/model/scenario.ts';
import { tiny } from '../../models/scenarios/index.ts';

/** `tiny` with a third hypervisor hC (home n1) that takes no part in the first handover. @internal */
export const trio: Scenario = {
  ...tiny,
  name: 'trio',
  description: 'tiny plus a third hypervisor hC',
  hypervisors: [...tiny.hypervisors, { id: 'hC', homeNode: 'n1' }],
  bounds: { ...tiny.bounds, faults: 2, attempts: 3 },
};

/** `tiny` without the unreassignable adapter u2: after a handover nothing is coupled to the source (F16). @internal */
export const unpinned: Scenario = {
  ...tiny,
  name: 'unpinned',
  description: 'tiny without u2: every unit is reassignable',
  units: tiny.units.filter((u) => !u.unreassignable),
};

/** `tiny` plus a second VM vm1 on hA (unit u3) and a free memory unit u4 possessed by nobody. @internal */
export const crowded: Scenario = {
  ...tiny,
  name: 'crowded',
  description: 'tiny plus vm1 (u3) on hA and a free unit u4',
  vms: [...tiny.vms, { id: 'vm1', holder: 'hA' }],
  units: [
    ...tiny.units,
    { id: 'u3', kind: 'memory', node: 'n0', vm: 'vm1', unreassignable: false },
    { id: 'u4', kind: 'memory', node: 'n0', vm: null, unreassignable: false },
  ],
  bounds: { ...tiny.bounds, faults: 2 },
};
