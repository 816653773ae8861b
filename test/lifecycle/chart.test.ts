import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMachine, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { lifecycleMachine, lifecyclePath } from '../../models/lifecycle.ts';
import { tiny } from '../../models/scenarios/index.ts';
import { abstractTransitions, describeTransition, formatStateValue } from '../../models/lifecycleChart.ts';
import { BLOCK_BEGIN, BLOCK_END } from '../../src/lifecycle/doc.ts';
import { lifecycleMermaid, stutterTable } from '../../src/lifecycle/mermaid.ts';
import { writeDiagram } from '../../src/lifecycle/writeDiagram.ts';
import { initialState } from '../../src/model/init.ts';

/** A small chart with what the lifecycle chart does not use: guard objects, nesting two deep. */
const other = createMachine({
  id: 'other',
  initial: 'a',
  states: {
    a: { on: { go: { target: 'b', guard: { type: 'ready' } }, wait: { guard: 'patient' } } },
    b: { initial: 'c', states: { c: { initial: 'd', states: { d: { on: { up: '#other.a' } } } } } },
  },
}).provide({ guards: { ready: () => true, patient: () => true } });

describe('reading a chart back from xstate', () => {
  it('names guards given as objects, and targetless guarded transitions', () => {
    const ids = abstractTransitions(other).map((t) => t.id);
    expect(ids).toEqual(['a --go [ready]--> b', 'a --wait [patient]--> (stays)', 'b.c.d --up--> a']);
  });

  it('refuses an inline guard, which has no name to print', () => {
    const inline = createMachine({ initial: 'a', states: { a: { on: { go: { target: 'b', guard: () => true } } }, b: {} } });
    const [t] = inline.root.states['a']!.transitions.get('go')!;
    expect(() => describeTransition(t!)).toThrow(/unnamed guard/);
  });

  it('formats nested state values as dotted paths and refuses parallel ones', () => {
    expect(formatStateValue({ b: { c: 'd' } })).toBe('b.c.d');
    expect(formatStateValue({ b: undefined })).toBe('b');
    expect(() => formatStateValue({ x: 'y', z: 'w' })).toThrow(/single-leaf/);
  });

  it('gives each state of the lifecycle its path: composites at the top, phases inside them or at the top', () => {
    expect(lifecyclePath('switching')).toEqual(['switching']);
    expect(lifecyclePath('assigning')).toEqual(['switching', 'assigning']);
    expect(lifecyclePath('aborting')).toEqual(['aborting']);
  });
});

describe('the bothConfigured guard', () => {
  it('holds only for the configuration that completes the pair, and never without a handover', () => {
    const configure = { type: 'sp/hypervisorConfigured', hv: 'hA' } as const;
    const inConfiguring = (concrete: ReturnType<typeof initialState>) =>
      lifecycleMachine.resolveState({ value: { preparing: 'configuring' }, context: { concrete } });
    // A server with no handover cannot be in configuring; the guard refuses rather than guess.
    expect(formatStateValue(transition(lifecycleMachine, inConfiguring(initialState(tiny)), configure)[0].value)).toBe('preparing.configuring');
    expect(formatStateValue(transition(lifecycleMachine, inConfiguring(null as never), configure)[0].value)).toBe('preparing.classifying');
  });
});

describe('drawing other charts', () => {
  it('draws nested composites, an edge out of them at the top level, and guarded stutters in the table', () => {
    const lines = lifecycleMermaid(other).split('\n');
    expect(lines).toEqual([
      'stateDiagram-v2',
      '  a',
      '  state b {',
      '    state c {',
      '      d',
      '      [*] --> d',
      '    }',
      '    [*] --> c',
      '  }',
      '  [*] --> a',
      '  a --> b : go [ready]',
      '  d --> a : up',
    ]);
    expect(stutterTable(other)).toContain('| `a` | `wait` when `patient` |');
  });

  it('refuses state names used twice, labels Mermaid cannot hold and arrows to or from the root', () => {
    const rooted = createMachine({ id: 'r', initial: 'x', on: { reset: '#r.x' }, states: { x: {} } });
    expect(() => lifecycleMermaid(rooted)).toThrow(/\* --reset--> x leaves or enters the root/);
    const twice = createMachine({ initial: 'x', states: { x: { initial: 'y', states: { y: {} } }, z: { initial: 'y', states: { y: {} } } } });
    expect(() => lifecycleMermaid(twice)).toThrow(/state name y is used twice/);
    const colon = createMachine({ initial: 'x', states: { x: { on: { 'a:b': 'z' } }, z: {} } });
    expect(() => lifecycleMermaid(colon)).toThrow(/cannot be written in Mermaid/);
  });

  it('will not write a diagram the checker rejects into the document', () => {
    const keyword = createMachine({ initial: 'state', states: { state: {} } });
    const path = join(mkdtempSync(join(tmpdir(), 'lifecycle-')), 'doc.md');
    writeFileSync(path, `${BLOCK_BEGIN}\n${BLOCK_END}\n`);
    expect(() => writeDiagram(path, keyword)).toThrow(/not valid[\s\S]*keyword/);
    expect(readFileSync(path, 'utf8')).toBe(`${BLOCK_BEGIN}\n${BLOCK_END}\n`);
  });
});
