/**
 * The handover adapter's two state maps: the compact encoding the fingerprints are computed
 * from (injective and canonical), and symmetry reduction over interchangeable units (same
 * verdicts as the plain search, one state per orbit).
 *
 * Budget: about 10 s idle, 25 s on a loaded 2-core machine (the `pair` scenario explored four
 * ways plus fourteen mutants twice, and a brute-force orbit count).
 */
import { describe, expect, it } from 'vitest';
import { canonicaliseUnits, encodeState, explore, handoverSystem, interchangeableUnits } from '../../src/explorer/index.ts';
import { encodeStateJson } from '../../src/explorer/handover.ts';
import { defaultScenario, fragmented, small, tiny } from '../../models/scenarios/index.ts';
import { violations } from '../../properties/invariants.ts';
import type { Transition } from '../../src/model/enabled.ts';
import { enabledTransitions } from '../../src/model/enabled.ts';
import { formatEvent } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { Handover, ServerState, UnitState } from '../../src/model/state.ts';
import type { Step } from '../../src/model/step.ts';
import { step as referenceStep } from '../../src/model/step.ts';
import { findMutant, isLivenessMutant, mutants, mutantStep } from '../../src/mutants/catalog.ts';
import { crowded, trio } from '../support/scenarios.ts';
import { pair, synthetic } from './handoverScenarios.ts';

/** mulberry32: a tiny seeded generator, so every walk is reproducible from the seed in the title. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** States met on random walks from the initial state; a walk restarts when nothing is enabled or after 40 steps. */
function walkStates(sc: Scenario, seed: number, count: number, step: Step = referenceStep): ServerState[] {
  const next = random(seed);
  const out: ServerState[] = [];
  let s = initialState(sc);
  let length = 0;
  while (out.length < count) {
    out.push(s);
    const ts = enabledTransitions(s, step);
    if (ts.length === 0 || length >= 40) {
      s = initialState(sc);
      length = 0;
    } else {
      s = ts[Math.floor(next() * ts.length)]!.state;
      length++;
    }
  }
  return out;
}

/** JSON with object keys sorted and the constants left out: deep equality independent of key order. */
function stableJson(s: ServerState): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  const { scenario: _constants, ...variables } = s;
  return JSON.stringify(sorted(variables));
}

/** Every permutation of `ids`. */
function permutations<T>(ids: readonly T[]): T[][] {
  if (ids.length <= 1) return [[...ids]];
  return ids.flatMap((x, i) => permutations([...ids.slice(0, i), ...ids.slice(i + 1)]).map((p) => [x, ...p]));
}

/**
 * Renames units (unit `id` becomes `to.get(id)`) everywhere a unit is named, written
 * independently of symmetry.ts: the orbit of a state is the set of its renamings.
 */
function rename(s: ServerState, to: ReadonlyMap<string, string>): ServerState {
  const units: Record<string, UnitState> = {};
  for (const [id, u] of Object.entries(s.units)) units[to.get(id) ?? id] = u;
  const h = s.handover;
  const map = (ids: readonly string[]): string[] => ids.map((id) => to.get(id) ?? id);
  return { ...s, units, handover: h === null ? null : { ...h, reassignable: map(h.reassignable), unreassignable: map(h.unreassignable) } };
}

/** The handover's portions sorted by scenario order: they are sets to the model. */
function sortPortions(s: ServerState): ServerState {
  const h = s.handover;
  if (h === null) return s;
  const order = s.scenario.units.map((u) => u.id);
  const sort = (ids: readonly string[]): string[] => [...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { ...s, handover: { ...h, reassignable: sort(h.reassignable), unreassignable: sort(h.unreassignable) } };
}

/** Every renaming of a scenario's units that permutes each class of interchangeable units. */
function renamings(sc: Scenario): Map<string, string>[] {
  let out: Map<string, string>[] = [new Map()];
  for (const members of interchangeableUnits(sc)) {
    out = out.flatMap((base) => permutations(members).map((p) => new Map([...base, ...members.map((id, i): [string, string] => [id, p[i]!])])));
  }
  return out;
}

/** The name of a state's orbit by brute force: the least encoding over all its renamings. */
function orbitName(s: ServerState, all: readonly Map<string, string>[]): string {
  return all.map((r) => encodeState(sortPortions(rename(s, r)))).sort()[0]!;
}

describe('encodeState: a compact canonical encoding', () => {
  const scenarios = [tiny, small, pair, defaultScenario, fragmented, trio, crowded];

  it('equal states give equal strings and different states different ones, on random walks (seed 5)', () => {
    for (const [i, sc] of scenarios.entries()) {
      // Reference walks plus two mutants, which reach states the reference never does.
      const states = [
        ...walkStates(sc, 5 + i, 1500),
        ...walkStates(sc, 50 + i, 500, mutantStep(findMutant('M-11')!)),
        ...walkStates(sc, 500 + i, 500, mutantStep(findMutant('M-13')!)),
        // M-05 leaves a copy clean after a write: states that differ only in a dirty flag.
        ...walkStates(sc, 5000 + i, 500, mutantStep(findMutant('M-05')!)),
        // M-17 recopies clean units and M-22 freezes the wrong version: copy histories and freeze
        // records (ghost variables) the reference never writes.
        ...walkStates(sc, 7000 + i, 300, mutantStep(findMutant('M-17')!)),
        ...walkStates(sc, 9000 + i, 300, mutantStep(findMutant('M-22')!)),
      ];
      const byJson = new Map<string, string>();
      const byCode = new Map<string, string>();
      for (const s of states) {
        const json = stableJson(s);
        const code = encodeState(s);
        expect(byJson.get(json) ?? code).toBe(code);
        expect(byCode.get(code) ?? json).toBe(json);
        byJson.set(json, code);
        byCode.set(code, json);
      }
      // The walks do revisit states (both halves of the claim are exercised), and find many.
      expect(byJson.size).toBeLessThan(states.length);
      expect(byJson.size).toBeGreaterThan(200);
    }
  });

  it('does not depend on the key order of the records, and is much shorter than JSON', () => {
    for (const s of walkStates(defaultScenario, 7, 300)) {
      const reversed: ServerState = {
        ...s,
        units: Object.fromEntries(Object.entries(s.units).reverse()),
        hypervisors: Object.fromEntries(Object.entries(s.hypervisors).reverse()),
      };
      expect(encodeState(reversed)).toBe(encodeState(s));
      expect(encodeState(s).length * 8).toBeLessThan(encodeStateJson(s).length);
    }
  });

  it('tells apart values outside the one-code-unit range, unknown names and missing entries', () => {
    const base = walkStates(tiny, 11, 30).find((s) => s.handover !== null && s.channel.length > 0) ?? walkStates(tiny, 11, 30)[20]!;
    const h = base.handover!;
    const u1 = base.units['u1']!;
    const withUnit = (patch: Partial<UnitState>): ServerState => ({ ...base, units: { ...base.units, u1: { ...u1, ...patch } } });
    const withHandover = (patch: Partial<Handover>): ServerState => ({ ...base, handover: { ...h, ...patch } });
    const { u1: _dropped, ...withoutU1 } = base.units;
    const { hB: _hB, ...withoutHB } = base.hypervisors;
    const odd = (x: string): never => x as never;
    const variants: Record<string, ServerState> = {
      base,
      negative: withUnit({ written: -1 }),
      fraction: withUnit({ written: 1.5 }),
      large: withUnit({ written: 0xd000 }),
      larger: withUnit({ written: 0xd001 }),
      nan: withUnit({ written: NaN }),
      heldLarge: withUnit({ held: 0xd000 }),
      unknownHv: withUnit({ place: { kind: 'managed', by: 'hZ' } }),
      unknownHv2: withUnit({ place: { kind: 'managed', by: 'hY' } }),
      free: withUnit({ place: { kind: 'free' } }),
      inFlight: withUnit({ place: { kind: 'inFlight' } }),
      unknownNode: withUnit({ node: 'n9' }),
      noVm: withUnit({ vm: null }),
      unknownVm: withUnit({ vm: 'vmX' }),
      pinned: withUnit({ pinnedTo: 'hA' }),
      pinnedB: withUnit({ pinnedTo: 'hB' }),
      copy: withUnit({ copy: { node: 'n1', version: 0, dirty: false } }),
      dirtyCopy: withUnit({ copy: { node: 'n1', version: 0, dirty: true } }),
      // The frame the source keeps, and the ghost records of issue 15 (INV-13 to INV-16).
      original: withUnit({ original: { node: 'n0', version: 8 } }),
      originalV1: withUnit({ original: { node: 'n0', version: 9 } }),
      copiedOnce: withUnit({ ghost: { ...u1.ghost, copiedAt: [8] } }),
      copiedTwice: withUnit({ ghost: { ...u1.ghost, copiedAt: [8, 8] } }),
      unitBefore: withUnit({ ghost: { ...u1.ghost, before: { place: { kind: 'managed', by: 'hB' }, node: 'n1', pinnedTo: 'hB', copy: null, original: null } } }),
      unitBeforeFree: withUnit({ ghost: { ...u1.ghost, before: { place: { kind: 'free' }, node: 'n1', pinnedTo: 'hB', copy: null, original: null } } }),
      frozenAt: { ...base, ghost: { ...base.ghost, frozenAt: 8 } },
      frozenAt1: { ...base, ghost: { ...base.ghost, frozenAt: 9 } },
      commitNoSched: { ...base, ghost: { ...base.ghost, commit: { spEpoch: 9, targetSched: null } } },
      commitSched: { ...base, ghost: { ...base.ghost, commit: { spEpoch: 9, targetSched: { epoch: 9, version: 8 } } } },
      resumedHoldingNothing: { ...base, ghost: { ...base.ghost, resume: { version: null } } },
      resumedAt0: { ...base, ghost: { ...base.ghost, resume: { version: 8 } } },
      noBefore: { ...base, ghost: { ...base.ghost, before: null } },
      missingUnit: { ...base, units: withoutU1 },
      missingHv: { ...base, hypervisors: withoutHB },
      missingVm: { ...base, vms: {} },
      oddStatus: { ...base, hypervisors: { ...base.hypervisors, hB: { status: odd('zombie'), config: null, sched: null } } },
      configured: { ...base, hypervisors: { ...base.hypervisors, hB: { status: 'running', config: { epoch: 7 }, sched: null } } },
      sched: {
        ...base,
        hypervisors: { ...base.hypervisors, hB: { status: 'running', config: null, sched: { vm: 'vm0', epoch: 1, version: 0, applied: 1 } } },
      },
      dispatchedTwice: { ...base, vms: { vm0: { ...base.vms['vm0']!, dispatchedBy: ['hA', 'hB'] } } },
      noHandover: { ...base, handover: null },
      oddPhase: withHandover({ phase: odd('weird') }),
      oddReason: withHandover({ abortReason: odd('boredom') }),
      reason: withHandover({ abortReason: 'timeout' }),
      unknownUnitListed: withHandover({ reassignable: [...h.reassignable, 'u99'] }),
      listedOrder: withHandover({ reassignable: [...h.reassignable].reverse(), unreassignable: ['u2', 'u0'] }),
      listedOrder2: withHandover({ unreassignable: ['u0', 'u2'] }),
      lastSent: withHandover({ lastSent: 3 }),
      ghostRaced: withHandover({ ghost: { ...h.ghost, schedRaced: true } }),
      ghostPin: withHandover({ ghost: { ...h.ghost, pinDetected: true } }),
      oddLeg: { ...base, channel: [{ leg: odd('sideways'), to: 'hB', vm: 'vm0', epoch: 1, version: 0 }] },
      message: { ...base, channel: [{ leg: 'toSp', to: 'hB', vm: 'vm0', epoch: 1, version: 0 }] },
      twoMessages: {
        ...base,
        channel: [
          { leg: 'toSp', to: 'hB', vm: 'vm0', epoch: 1, version: 0 },
          { leg: 'toSp', to: 'hB', vm: 'vm0', epoch: 1, version: 0 },
        ],
      },
      bigEpoch: { ...base, sp: { epoch: 1e20 } },
      completed: { ...base, completed: base.completed + 1 },
    };
    const codes = Object.entries(variants).map(([name, s]) => [name, encodeState(s)] as const);
    const seen = new Map<string, string>();
    for (const [name, code] of codes) {
      expect(seen.get(code), `${name} encodes like ${seen.get(code) ?? ''}`).toBeUndefined();
      seen.set(code, name);
      // Well-formed UTF-16 (no surrogate code unit), so the string survives any transport.
      expect(code).not.toMatch(/[\uD800-\uDFFF]/);
      // Deterministic: a deep copy with the same scenario encodes the same.
      const copy = { ...(JSON.parse(JSON.stringify({ ...variants[name]!, scenario: null })) as ServerState), scenario: base.scenario };
      if (name !== 'nan') expect(encodeState(copy)).toBe(code); // JSON turns NaN into null
    }
  });
});

describe('symmetry over interchangeable units', () => {
  it('finds the classes of units equal but for their id', () => {
    expect(interchangeableUnits(defaultScenario)).toEqual([['u1', 'u4']]);
    expect(interchangeableUnits(tiny)).toEqual([]);
    expect(interchangeableUnits(small)).toEqual([]);
    expect(interchangeableUnits(fragmented)).toEqual([]);
    expect(interchangeableUnits(pair)).toEqual([['u1', 'u3']]);
    expect(interchangeableUnits(synthetic(3))).toEqual([['u1', 'u3', 'u4']]);
    expect(() => synthetic(0)).toThrow(RangeError);
    expect(handoverSystem(tiny).canonicalise).toBeUndefined();
    expect(handoverSystem(tiny, { symmetry: true }).canonicalise).toBeDefined();
  });

  it('maps every renaming of a state to one representative of its orbit, idempotently (seed 13)', () => {
    for (const [i, sc] of [pair, synthetic(3), defaultScenario].entries()) {
      const canonicalise = canonicaliseUnits(sc);
      const all = renamings(sc);
      const states = [...walkStates(sc, 13 + i, 600), ...walkStates(sc, 130 + i, 200, mutantStep(findMutant('M-10')!))];
      let moved = 0;
      for (const s of states) {
        const c = canonicalise(s);
        const code = encodeState(c);
        if (c !== s) moved++;
        // Idempotent, and the representative is returned as is.
        expect(canonicalise(c)).toBe(c);
        // Constant on the orbit.
        for (const r of all) expect(encodeState(canonicalise(rename(s, r)))).toBe(code);
        // In the orbit: some renaming of s (portions read as sets) is the representative.
        expect(all.map((r) => encodeState(sortPortions(rename(s, r))))).toContain(code);
        // Commutes with the invariants.
        expect(violations(c).map((v) => v.id)).toEqual(violations(s).map((v) => v.id));
      }
      // Both cases occur: states already canonical and states that need a renaming.
      expect(moved).toBeGreaterThan(0);
      expect(moved).toBeLessThan(states.length);
    }
  });

  it('tells apart equal units by the portion the handover lists them in', () => {
    // Only a broken classification makes such a state (units equal but for their portion), so
    // random walks of the reference never do: built by hand from pair's initial state.
    const start = initialState(pair);
    const r = referenceStep(start, { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });
    expect(r.ok).toBe(true);
    const s: ServerState = { ...r.state, handover: { ...r.state.handover!, reassignable: ['u1'], classified: true } };
    const swapped = rename(s, new Map([['u1', 'u3'], ['u3', 'u1']]));
    expect(encodeState(swapped)).not.toBe(encodeState(s));
    const canonicalise = canonicaliseUnits(pair);
    expect(encodeState(canonicalise(swapped))).toBe(encodeState(canonicalise(s)));
    const c = canonicalise(s);
    expect(canonicalise(c)).toBe(c);
  });

  it('renames before any handover, and keeps unknown or missing units out of the way', () => {
    const canonicalise = canonicaliseUnits(pair);
    const start = initialState(pair);
    // No handover yet, but u1 was written: the representative has the written unit last.
    const written: ServerState = { ...start, units: { ...start.units, u1: { ...start.units['u1']!, written: 1, held: 1 } } };
    const c = canonicalise(written);
    expect(c.handover).toBeNull();
    expect(c.units['u1']!.written).toBe(0);
    expect(c.units['u3']!.written).toBe(1);
    expect(encodeState(canonicalise(rename(written, new Map([['u1', 'u3'], ['u3', 'u1']]))))).toBe(encodeState(c));
    // A missing unit stays missing, renamed last in its class (its key sorts after every present unit's).
    const { u1: _u1, ...rest } = start.units;
    const missing = canonicalise({ ...start, units: rest });
    expect(Object.keys(missing.units).sort()).toEqual(['u1', 'u2']);
    expect(missing.units['u1']).toBe(start.units['u3']);
    // Names the scenario does not know sort after the known ones, by name.
    const r = referenceStep(start, { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });
    expect(r.ok).toBe(true);
    const odd: ServerState = { ...r.state, handover: { ...r.state.handover!, reassignable: ['u99', 'u3', 'u98', 'u98', 'u1'] } };
    expect(canonicalise(odd).handover!.reassignable).toEqual(['u1', 'u3', 'u98', 'u98', 'u99']);
  });

  it('without interchangeable units only sorts the handover portions (tiny, seed 17)', () => {
    const canonicalise = canonicaliseUnits(tiny);
    const states = walkStates(tiny, 17, 3000);
    for (const s of states) expect(encodeState(canonicalise(s))).toBe(encodeState(sortPortions(s)));
    // A detected pin appends to the unreassignable portion, out of scenario order.
    let unsorted = initialState(tiny);
    for (const e of [
      { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' },
      { type: 'sp/hypervisorConfigured', hv: 'hA' },
      { type: 'sp/hypervisorConfigured', hv: 'hB' },
      { type: 'source/unitsClassified' },
      { type: 'device/unitPinned', unit: 'u1' },
      { type: 'source/pinDetected', unit: 'u1' },
    ] as const) {
      const r = referenceStep(unsorted, e);
      expect(r.ok, formatEvent(e)).toBe(true);
      unsorted = r.state;
    }
    expect(unsorted.handover!.unreassignable).toEqual(['u2', 'u1']);
    expect(canonicalise(unsorted).handover!.unreassignable).toEqual(['u1', 'u2']);
    expect(canonicalise(unsorted).handover!.reassignable).toEqual(['u0']);
    const init = initialState(tiny);
    expect(canonicalise(init)).toBe(init);
  });

  // 43,194 and 22,815 before issue 15's first stage (the commit's new guard and the ghost records).
  it('pair: the same verdict as the plain search with 21,782 states, the number of orbits of its 41,395', () => {
    const plain = explore(handoverSystem(pair), { checkTermination: true });
    const reduced = explore(handoverSystem(pair, { symmetry: true }), { checkTermination: true });
    expect(plain.status).toBe('ok');
    expect(reduced.status).toBe('ok');
    expect(plain.distinctStates).toBe(41_395);
    expect(reduced.distinctStates).toBe(21_782);
    expect(reduced.maxDepth).toBe(plain.maxDepth);
    // Symmetry can be switched off at the explorer without rebuilding the system.
    expect(explore(handoverSystem(pair, { symmetry: true }), { symmetry: false }).distinctStates).toBe(41_395);

    // Brute force, independent of symmetry.ts and of the explorer: close the reachable set,
    // then name each state's orbit by its least renaming.
    const seen = new Map<string, ServerState>();
    const queue = [initialState(pair)];
    seen.set(encodeState(queue[0]!), queue[0]!);
    for (let k = 0; k < queue.length; k++) {
      for (const t of enabledTransitions(queue[k]!)) {
        const code = encodeState(t.state);
        if (!seen.has(code)) {
          seen.set(code, t.state);
          queue.push(t.state);
        }
      }
    }
    expect(seen.size).toBe(41_395);
    const all = renamings(pair);
    expect(new Set([...seen.values()].map((s) => orbitName(s, all))).size).toBe(21_782);
  });

  it('pair: every safety mutant is caught with and without symmetry by the same invariant at the same depth', () => {
    // pair has no unit on the target's node already, so a copy of one (M-16, F.1) cannot happen there.
    const NOT_IN_PAIR = new Set(['M-16']);
    for (const m of mutants.filter((x) => !isLivenessMutant(x))) {
      const step = mutantStep(m);
      const plain = explore(handoverSystem(pair, { step }), { maxStates: 50_000 });
      const reduced = explore(handoverSystem(pair, { step, symmetry: true }), { maxStates: 50_000 });
      if (NOT_IN_PAIR.has(m.id)) {
        expect([plain.status, reduced.status], m.id).toEqual(['ok', 'ok']);
        continue;
      }
      expect(reduced.status, m.id).toBe('violation');
      expect(reduced.status, m.id).toBe(plain.status);
      expect(reduced.violation?.invariantId, m.id).toBe(plain.violation?.invariantId);
      expect(reduced.violation?.trace.length, m.id).toBe(plain.violation?.trace.length);
      // A violation within three steps (M-18: a request and a crash) may come before u1 and u3 differ.
      if (plain.violation!.trace.length > 4) expect(reduced.distinctStates, m.id).toBeLessThan(plain.distinctStates);
      else expect(reduced.distinctStates, m.id).toBeLessThanOrEqual(plain.distinctStates);
      // The reduced search's trace is concrete: its events replay under the mutant.
      let s = reduced.violation!.trace[0]!.state;
      for (const t of reduced.violation!.trace.slice(1)) {
        const event = (t.action as Transition).event;
        const r = step(s, event);
        expect(r.ok, `${m.id} ${formatEvent(event)}`).toBe(true);
        expect(encodeState(r.state)).toBe(encodeState(t.state));
        s = r.state;
      }
    }
  });
});
