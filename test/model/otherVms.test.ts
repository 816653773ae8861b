import { describe, expect, it } from 'vitest';
import { violations } from '../../properties/invariants.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { run } from '../support/drive.ts';
import { crowded } from '../support/scenarios.ts';

const request: HandoverEvent = { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' };

describe('a crash stops every VM its hypervisor dispatches (F01, F03), and a restart resumes the bystanders', () => {
  it('the source crashes during vm0\'s handover: vm1 (also on hA) stops, then runs again after the restart; vm0 waits for the rollback', () => {
    const r = run(crowded, [
      request,
      { type: 'fault/hypervisorCrashed', hv: 'hA' },
      { type: 'sp/hypervisorRestarted', hv: 'hA' },
      { type: 'source/rollbackCompleted' },
    ]);
    const [, , crashed, restarted, rolledBack] = r.states;
    expect(crashed!.vms.vm1!.dispatchedBy).toEqual([]);
    expect(crashed!.vms.vm0!.dispatchedBy).toEqual([]);
    expect(restarted!.vms.vm1!.dispatchedBy).toEqual(['hA']);
    expect(restarted!.vms.vm0!.dispatchedBy).toEqual([]);
    expect(rolledBack!.vms.vm0!.dispatchedBy).toEqual(['hA']);
    for (const s of r.states) expect(violations(s)).toEqual([]);
  });

  it('a restart of a hypervisor that has no stopped VM dispatches nothing new', () => {
    const r = run(crowded, [request, { type: 'fault/hypervisorCrashed', hv: 'hB' }, { type: 'sp/hypervisorRestarted', hv: 'hB' }]);
    expect(r.last.vms.vm1!.dispatchedBy).toEqual(['hA']);
    expect(r.last.vms.vm0!.dispatchedBy).toEqual(['hA']);
    for (const s of r.states) expect(violations(s)).toEqual([]);
  });
});
