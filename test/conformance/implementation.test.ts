/**
 * Model-based driving (issue 10): the example server agrees with the specification in lock-step
 * on the random checker's runs; the planted bug is caught and shrunk to the 9 events that reach
 * it, printed with seed and replay; asynchronous implementations and throwing ones are handled.
 */
import { describe, expect, it } from 'vitest';
import { checkImplementation, formatImplementationReport, lockStep, observeState } from '../../src/conformance/index.ts';
import type { Implementation, Observation } from '../../src/conformance/index.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';
import { step } from '../../src/model/step.ts';
import type { ServerState } from '../../src/model/state.ts';
import { tiny } from '../../models/scenarios/index.ts';
import { ExampleServer, SUPPORTED_EVENTS } from '../../examples/handover-impl/adapter.ts';
import { SEED } from '../checker/seed.ts';

const options = { scenario: tiny, seed: SEED, events: SUPPORTED_EVENTS, runs: 60 } as const;

/** The same server behind promises, answering on a later tick. */
class AsyncServer implements Implementation {
  constructor(private readonly inner: ExampleServer) {}
  async reset(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.inner.reset(tiny);
  }
  async apply(e: HandoverEvent): Promise<Observation> {
    await Promise.resolve();
    return this.inner.apply(e);
  }
  async observe(): Promise<Observation> {
    return this.inner.observe();
  }
}

describe(`checkImplementation on the example server (seed ${SEED})`, () => {
  it(`the clean server agrees with the specification after every event of ${options.runs} runs (seed ${SEED})`, async () => {
    const r = await checkImplementation(new ExampleServer(), options);
    expect(r.status).toBe('ok');
    expect(r.runs).toBe(options.runs);
    expect(r.steps).toBeGreaterThan(options.runs * 10);
    expect(formatImplementationReport(r)).toContain(`seed ${SEED}`);
  });

  it(`the eager target is caught and shrunk to the 9 events that reach a page's release, with seed and replay (seed ${SEED})`, async () => {
    const r = await checkImplementation(new ExampleServer({ eager: true }), options);
    expect(r.status).toBe('mismatch');
    const m = r.mismatch!;
    console.log(formatImplementationReport(r));
    expect(m.kind).toBe('pins');
    expect(m.events).toHaveLength(9);
    expect(m.events.at(-1)?.type).toBe('source/unitReleased');
    expect(m.mismatches).toEqual([{ path: `units.${(m.events.at(-1) as { unit: string }).unit}.place`, observed: 'managed(hB)', state: 'inFlight' }]);
    const text = formatImplementationReport(r);
    expect(text).toContain(`MISMATCH after 9 events`);
    expect(text).toContain(`replay: checkImplementation(impl, { scenario, seed: ${r.seed}, path: '${r.path}' })`);
    // The replay reproduces the same shrunk mismatch.
    const again = await checkImplementation(new ExampleServer({ eager: true }), { ...options, seed: r.seed, path: r.path! });
    expect(again.mismatch?.events).toEqual(m.events);
  });

  it(`an asynchronous implementation is driven the same way: the clean one passes, the buggy one is caught (seed ${SEED})`, async () => {
    expect((await checkImplementation(new AsyncServer(new ExampleServer()), { ...options, runs: 15 })).status).toBe('ok');
    const bad = await checkImplementation(new AsyncServer(new ExampleServer({ eager: true })), { ...options, runs: 15 });
    expect(bad.mismatch?.events.at(-1)?.type).toBe('source/unitReleased');
  });
});

describe('lockStep', () => {
  const request: HandoverEvent = { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' };
  /** A reference-backed implementation with one thing wrong, to see each kind of mismatch. */
  const reference = (wrong: { throwOn?: string; refuse?: string; holder?: string }): Implementation => {
    let s: ServerState = initialState(tiny);
    return {
      reset: () => void (s = initialState(tiny)),
      apply(e) {
        if (e.type === wrong.throwOn) throw new Error('boom');
        const r = step(s, e);
        if (r.ok) s = r.state;
        return { accepted: e.type === wrong.refuse ? false : r.ok, pins: observeState(s) };
      },
      observe: () => ({ pins: wrong.holder === undefined ? observeState(s) : [{ var: 'vm.holder', vm: 'vm0', equals: wrong.holder }] }),
    };
  };

  it('agrees with an implementation that is the reference reducer, and names what disagrees otherwise', async () => {
    expect(await lockStep(reference({}), tiny, [request, request])).toBeNull();
    expect(await lockStep(reference({ holder: 'hB' }), tiny, [request])).toMatchObject({ kind: 'pins', events: [], mismatches: [{ path: 'vms.vm0.holder' }] });
    expect(await lockStep(reference({ refuse: request.type }), tiny, [request])).toMatchObject({ kind: 'accepted', specAccepted: true });
    expect(await lockStep(reference({ throwOn: request.type }), tiny, [request])).toMatchObject({ kind: 'threw', error: 'boom' });
    // A refusal by throwing agrees with a rejected event: no handover is under way to configure.
    const second = { type: 'sp/hypervisorConfigured', hv: 'hA' } as const;
    expect(await lockStep(reference({ throwOn: second.type }), tiny, [second])).toBeNull();
  });
});
