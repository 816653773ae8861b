/**
 * The named scenarios of ../shared/reference/configurations.md: the model's CONSTANTS
 * blocks. Units are numbered u0, u1, ...; the target's home node is n1.
 */
import type { Scenario, UnitSpec } from '../../src/model/scenario.ts';

const hypervisors = [
  { id: 'hA', homeNode: 'n0' },
  { id: 'hB', homeNode: 'n1' },
] as const;

const vms = [{ id: 'vm0', holder: 'hA' }] as const;

const tinyUnits: readonly UnitSpec[] = [
  { id: 'u0', kind: 'memory', node: 'n1', vm: 'vm0', unreassignable: false },
  { id: 'u1', kind: 'memory', node: 'n0', vm: 'vm0', unreassignable: false },
  { id: 'u2', kind: 'io', node: 'n0', vm: 'vm0', unreassignable: true },
];

/** 2 nodes, 3 units, 1 fault: small enough for exhaustive exploration in CI. @public */
export const tiny: Scenario = {
  name: 'tiny',
  description: '2 nodes, 3 units (u0 in place, u1 must move, u2 unreassignable adapter), 1 fault',
  nodes: ['n0', 'n1'],
  hypervisors,
  vms,
  units: tinyUnits,
  bounds: { faults: 1, schedChanges: 1, guestWrites: 1, attempts: 2 },
};

const smallUnits: readonly UnitSpec[] = [
  ...tinyUnits,
  { id: 'u3', kind: 'processor', node: 'n0', vm: 'vm0', unreassignable: false },
];

/** As tiny plus a processor unit, 2 faults: exhaustive exploration and benchmarks. @public */
export const small: Scenario = {
  name: 'small',
  description: 'tiny plus u3 processor on n0; budgets of 2',
  nodes: ['n0', 'n1'],
  hypervisors,
  vms,
  units: smallUnits,
  bounds: { faults: 2, schedChanges: 2, guestWrites: 2, attempts: 2 },
};

/** As small plus a second memory unit to move: the main job's random checking. @public */
export const defaultScenario: Scenario = {
  name: 'default',
  description: 'small plus u4 memory on n0: 5 units, both portions, faults enabled',
  nodes: ['n0', 'n1'],
  hypervisors,
  vms,
  units: [...smallUnits, { id: 'u4', kind: 'memory', node: 'n0', vm: 'vm0', unreassignable: false }],
  bounds: { faults: 2, schedChanges: 2, guestWrites: 2, attempts: 2 },
};

/** 4 nodes, 8 units spread over all of them, 2 unreassignable: consolidation across nodes (F.2). @public */
export const fragmented: Scenario = {
  name: 'fragmented',
  description: '4 nodes, 8 units over all four, 2 unreassignable: consolidation across nodes (F.2)',
  nodes: ['n0', 'n1', 'n2', 'n3'],
  hypervisors,
  vms,
  units: [
    { id: 'u0', kind: 'memory', node: 'n1', vm: 'vm0', unreassignable: false },
    { id: 'u1', kind: 'memory', node: 'n0', vm: 'vm0', unreassignable: false },
    { id: 'u2', kind: 'io', node: 'n0', vm: 'vm0', unreassignable: true },
    { id: 'u3', kind: 'processor', node: 'n2', vm: 'vm0', unreassignable: false },
    { id: 'u4', kind: 'memory', node: 'n2', vm: 'vm0', unreassignable: false },
    { id: 'u5', kind: 'memory', node: 'n3', vm: 'vm0', unreassignable: true },
    { id: 'u6', kind: 'memory', node: 'n3', vm: 'vm0', unreassignable: false },
    { id: 'u7', kind: 'processor', node: 'n1', vm: 'vm0', unreassignable: false },
  ],
  bounds: { faults: 3, schedChanges: 3, guestWrites: 3, attempts: 2 },
};

/** Every named scenario, by name. @public */
export const scenarios: Readonly<Record<string, Scenario>> = {
  tiny,
  small,
  default: defaultScenario,
  fragmented,
};
