/**
 * The glue a user writes to drive the example implementation with `checkImplementation`: each
 * specification event becomes calls on the server's objects, and the server's state is read back
 * as pins in the specification's names. The same renaming as mapping.json's `names`.
 */
import type { HandoverEvent } from '../../src/model/events.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { EventType } from '../../src/model/events.ts';
import type { Implementation } from '../../src/conformance/implementation.ts';
import type { Observation, Pin } from '../../src/conformance/observation.ts';
import type { Stage } from './server.ts';
import { buildServer, reschedule } from './server.ts';

const TO_IMPL: Readonly<Record<string, string>> = { hA: 'HV-A', hB: 'HV-B', vm0: 'web-1', u0: 'pg-0', u1: 'pg-1', u2: 'nic-0' };
const TO_SPEC: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(TO_IMPL).map(([k, v]) => [v, k]));
const STAGES: { readonly [S in Stage]: Extract<Pin, { var: 'phase' }>['equals'] } = {
  IDLE: 'none',
  SETUP: 'configuring',
  SORTING: 'classifying',
  COPYING: 'consolidating',
  SYNCING: 'synchronising',
  FROZEN: 'quiesced',
  HANDOFF: 'assigning',
  COMMITTED: 'committed',
  DONE: 'completed',
};

/** The events the example implementation supports: the fault-free protocol and scheduling changes. */
export const SUPPORTED_EVENTS: readonly EventType[] = [
  'sp/handoverRequested',
  'sp/hypervisorConfigured',
  'source/unitsClassified',
  'source/unitCopied',
  'source/consolidationFinished',
  'source/schedSent',
  'sp/schedRelayed',
  'target/schedReceived',
  'source/vmQuiesced',
  'source/assignmentStarted',
  'source/unitReleased',
  'target/unitAcquired',
  'sp/commitRecorded',
  'target/vmResumed',
  'scheduler/vmRescheduled',
];

const impl = (id: string): string => TO_IMPL[id] ?? id;
const spec = (id: string): string => TO_SPEC[id] ?? id;

/** The example server behind the {@link Implementation} interface; `eager` plants the bug. */
export class ExampleServer implements Implementation {
  private server = buildServer(() => {});
  constructor(private readonly options: { readonly eager?: boolean } = {}) {}

  reset(_scenario: Scenario): void {
    this.server = buildServer(() => {}, this.options);
  }

  apply(e: HandoverEvent): Observation {
    const { sp, host } = this.server;
    const job = sp.job;
    const source = () => host(job!.from);
    const target = () => host(job!.to);
    switch (e.type) {
      case 'sp/handoverRequested': sp.begin(impl(e.vm), impl(e.source), impl(e.target)); break;
      case 'sp/hypervisorConfigured': sp.configure(impl(e.hv)); break;
      case 'source/unitsClassified': source().sort(); break;
      case 'source/unitCopied': source().copy(impl(e.unit)); break;
      case 'source/consolidationFinished': source().copyDone(); break;
      case 'source/schedSent': source().sendSchedule(); break;
      case 'sp/schedRelayed': sp.relay(e.epoch, e.version); break;
      case 'target/schedReceived': target().takeSchedule(e.epoch, e.version); break;
      case 'source/vmQuiesced': source().pause(); break;
      case 'source/assignmentStarted': source().startHandoff(); break;
      case 'source/unitReleased': source().release(impl(e.unit)); break;
      case 'target/unitAcquired': target().take(impl(e.unit)); break;
      case 'sp/commitRecorded': sp.commit(); break;
      case 'target/vmResumed': target().resume(); break;
      case 'scheduler/vmRescheduled': reschedule(sp, impl(e.vm), () => {}); break;
      default: return { accepted: false, pins: this.observe().pins };
    }
    return { accepted: true, pins: this.observe().pins };
  }

  observe(): Observation {
    const { sp, machine } = this.server;
    const pins: Pin[] = [];
    for (const [guest, owner] of sp.owners) {
      pins.push({ var: 'vm.holder', vm: spec(guest), equals: spec(owner) });
      pins.push({ var: 'vm.schedVersion', vm: spec(guest), equals: machine.schedVersion.get(guest)! });
    }
    for (const p of machine.pages.values())
      pins.push(p.moving ? { var: 'unit.place', unit: spec(p.id), equals: 'inFlight' } : p.owner === null ? { var: 'unit.place', unit: spec(p.id), equals: 'free' } : { var: 'unit.place', unit: spec(p.id), equals: 'managed', by: spec(p.owner) });
    pins.push({ var: 'phase', equals: STAGES[sp.stage] });
    return { pins };
  }
}
