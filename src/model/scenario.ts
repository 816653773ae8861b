/**
 * Constants of the model: the server's topology and the bounds on the environment.
 *
 * @remarks
 * Like a TLA+ `CONSTANTS` block: a scenario never changes during a run. It is plain
 * JSON, so users can write their own (see `models/scenarios/`). C1.1 establishes the
 * single multi-node server; F.2 is why units carry a node.
 */

/** Identifier of a node of the server. @public */
export type NodeId = string;
/** Identifier of a hypervisor instance. @public */
export type HypervisorId = string;
/** Identifier of a processor, memory or I/O unit. @public */
export type UnitId = string;
/** Identifier of a virtual machine. @public */
export type VmId = string;

/** The three kinds of computing resource of C1.1. @public */
export type UnitKind = 'processor' | 'memory' | 'io';

/** A unit of the server as it is when the scenario starts. @public */
export interface UnitSpec {
  readonly id: UnitId;
  readonly kind: UnitKind;
  readonly node: NodeId;
  /** The VM that possesses it at the start (C1.1 "possessed subset"), or null if free. */
  readonly vm: VmId | null;
  /** Unreassignable in truth at the start: hypervisor-owned tables, DMA-pinned pages, dedicated adapters (C1.6). */
  readonly unreassignable: boolean;
}

/** A hypervisor instance and the node onto which VMs handed to it are consolidated (C1.8, F.2). @public */
export interface HypervisorSpec {
  readonly id: HypervisorId;
  readonly homeNode: NodeId;
}

/** A VM and the hypervisor that has it at the start (C1.1, first temporal period). @public */
export interface VmSpec {
  readonly id: VmId;
  readonly holder: HypervisorId;
}

/**
 * Bounds on environment and fault events, so that every run and every state space is finite.
 *
 * @remarks "faults" counts every fault event (configurations.md): crashes, service-processor
 * resets, lost or duplicated messages, failed unit transfers, timeouts, devices pinning a unit.
 * @public
 */
export interface Bounds {
  readonly faults: number;
  readonly schedChanges: number;
  readonly guestWrites: number;
  readonly attempts: number;
}

/** A named scenario: the constants of one model instance. @public */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly nodes: readonly NodeId[];
  readonly hypervisors: readonly HypervisorSpec[];
  readonly vms: readonly VmSpec[];
  readonly units: readonly UnitSpec[];
  readonly bounds: Bounds;
}
