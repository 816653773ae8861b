/**
 * The reducer is pure: on deep-frozen states (any write throws) it never mutates its input, a
 * rejection returns the very same object, and the same input gives a deep-equal output. Proved
 * on random walks driven by fast-check (seed pinned in the titles; a failure prints the
 * shrunk list of choices to replay), plus a read of the model's sources for clock, randomness,
 * console and process.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScenario, fragmented, tiny } from '../../models/scenarios/index.ts';
import { violations } from '../../properties/invariants.ts';
import { candidateEvents, enabledEvents, enabledTransitions } from '../../src/model/enabled.ts';
import { formatEvent } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { ServerState } from '../../src/model/state.ts';
import type { Step } from '../../src/model/step.ts';
import { makeStep, referenceHandlers, step } from '../../src/model/step.ts';
import { drive } from '../support/drive.ts';
import { tinyUpTo } from '../support/events.ts';
import { deepFreeze, isDeepFrozen } from '../support/freeze.ts';

const SEED = 42;

/**
 * Tries every candidate event on a frozen state and checks purity and determinism; returns the
 * number of events tried. Throws, naming the event, on the first impure or non-deterministic step
 * (a write to the frozen input throws a TypeError by itself).
 */
function checkPureAt(s: ServerState, reducer: Step = step): number {
  const before = JSON.stringify(s);
  const events = candidateEvents(s);
  for (const e of events) {
    const first = reducer(s, e);
    const second = reducer(s, e);
    const fail = (why: string): never => {
      throw new Error(`${formatEvent(e)}: ${why}`);
    };
    if (JSON.stringify(s) !== before) fail('the input state changed');
    if (!first.ok) {
      if (first.state !== s) fail('a rejection returned another state object');
      if (second.ok || second.rejection.code !== first.rejection.code || second.rejection.guard !== first.rejection.guard)
        fail('two rejections of the same event differ');
    } else {
      if (!second.ok) fail('the same event was accepted, then rejected');
      else if (JSON.stringify(second.state) !== JSON.stringify(first.state)) fail('two steps of the same event differ');
      else if (JSON.stringify(second.effects) !== JSON.stringify(first.effects)) fail('two steps of the same event have different effects');
      // Constants are shared by reference, never copied.
      if (first.state.scenario !== s.scenario) fail('the scenario was copied');
    }
  }
  return events.length;
}

/** A random walk: at each state, `choices[i]` picks one of the enabled transitions. */
function walk(scenario: Scenario, choices: readonly number[]): { tried: number; states: number } {
  let s = deepFreeze(initialState(scenario));
  let tried = checkPureAt(s);
  let states = 1;
  for (const c of choices) {
    const next = enabledTransitions(s);
    if (next.length === 0) break;
    const t = next[c % next.length]!;
    s = deepFreeze(t.state);
    const broken = violations(s);
    if (broken.length > 0) throw new Error(`after ${formatEvent(t.event)}: ${JSON.stringify(broken)}`);
    tried += checkPureAt(s);
    states += 1;
  }
  return { tried, states };
}

describe('the reducer never mutates its input and is deterministic', () => {
  for (const [scenario, runs] of [
    [tiny, 60],
    [defaultScenario, 40],
    [fragmented, 15],
  ] as const) {
    it(`on random walks of ${scenario.name}, every candidate event at every state (seed ${SEED}, ${runs} walks of up to 60 steps)`, () => {
      let tried = 0;
      fc.assert(
        fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (choices) => {
          tried += walk(scenario, choices).tried;
        }),
        { seed: SEED, numRuns: runs },
      );
      // The property must have had something to check.
      expect(tried).toBeGreaterThan(runs * 20);
    });
  }

  it('a mutation of a deep-frozen state throws, so the walks above would catch one', () => {
    const s = drive(tiny, tinyUpTo.assigning);
    expect(isDeepFrozen(s)).toBe(true);
    expect(() => {
      (s.units['u1'] as { held: number }).held = 9;
    }).toThrow(TypeError);
    expect(() => {
      (s.channel as unknown[]).push(1);
    }).toThrow(TypeError);
  });

  it('the purity check catches a reducer that writes to its input, or that answers twice differently', () => {
    const s = drive(tiny, tinyUpTo.synchronising);
    const writes = makeStep({
      ...referenceHandlers,
      'source/schedSent': (state, e) => {
        (state.sp as { epoch: number }).epoch += 1;
        return referenceHandlers['source/schedSent'](state, e);
      },
    });
    expect(() => checkPureAt(s, writes)).toThrow(TypeError);
    let calls = 0;
    const flaky = makeStep({
      ...referenceHandlers,
      'source/schedSent': (state, e) => {
        calls += 1;
        const r = referenceHandlers['source/schedSent'](state, e);
        return r.ok && calls % 2 === 0 ? { ...r, state: { ...r.state, completed: 99 } } : r;
      },
    });
    expect(() => checkPureAt(s, flaky)).toThrow(/source\/schedSent: two steps of the same event differ/);
    expect(checkPureAt(s)).toBeGreaterThan(20);
  });

  it('enabledEvents is deterministic and in a stable order', () => {
    const s = drive(tiny, tinyUpTo.synchronised);
    expect(enabledEvents(s)).toEqual(enabledEvents(s));
    expect(enabledEvents(s).length).toBeGreaterThan(3);
  });

  it('a step shares the records it does not change (cost independent of the history)', () => {
    const s = drive(tiny, tinyUpTo.assigning);
    const r = step(s, { type: 'source/unitReleased', unit: 'u0' });
    if (!r.ok) throw new Error('expected the release to be accepted');
    expect(r.state.units['u1']).toBe(s.units['u1']);
    expect(r.state.units['u2']).toBe(s.units['u2']);
    expect(r.state.hypervisors).toBe(s.hypervisors);
    expect(r.state.vms).toBe(s.vms);
    expect(r.state.handover).toBe(s.handover);
  });
});

const MODEL_DIR = new URL('../../src/model/', import.meta.url).pathname;

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourcesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The code without comments (a TSDoc `@example` may show how a caller logs a rejection). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('the model sources read no clock, no randomness and do no I/O', () => {
  const files = sourcesUnder(MODEL_DIR);

  it('finds the model sources', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(files.some((f) => f.endsWith('steps/prepare.ts'))).toBe(true);
  });

  it.each([
    ['Date', /\bDate\b/],
    ['Math.random', /Math\s*\.\s*random/],
    ['console', /\bconsole\b/],
    ['process.', /\bprocess\s*\./],
    ['performance', /\bperformance\b/],
    ['node: imports', /from\s+['"]node:/],
  ] as const)('no %s in the code of src/model/**', (_name, pattern) => {
    const offenders = files.filter((f) => pattern.test(withoutComments(readFileSync(f, 'utf8'))));
    expect(offenders).toEqual([]);
  });
});

describe('test support', () => {
  it('deepFreeze freezes through shallowly frozen parents', () => {
    const inner = { n: 1 };
    const outer = Object.freeze({ inner });
    deepFreeze(outer);
    expect(Object.isFrozen(inner)).toBe(true);
    expect(isDeepFrozen({ a: { b: 1 } })).toBe(false);
  });
});
