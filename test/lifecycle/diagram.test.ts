import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abstractTransitions, stateNodes } from '../../models/lifecycleChart.ts';
import { BLOCK_BEGIN, BLOCK_END, extractBlock, lifecycleBlock, replaceBlock } from '../../src/lifecycle/doc.ts';
import { lifecycleMermaid } from '../../src/lifecycle/mermaid.ts';
import { checkStateDiagram } from '../../src/lifecycle/mermaidCheck.ts';
import { LIFECYCLE_DOC, writeDiagram } from '../../src/lifecycle/writeDiagram.ts';

const diagram = lifecycleMermaid();

describe('docs/lifecycle.md', () => {
  it('holds the diagram and tables generated from the machine (else run: npx tsx src/lifecycle/writeDiagram.ts)', () => {
    expect(extractBlock(readFileSync(LIFECYCLE_DOC, 'utf8'))).toBe(lifecycleBlock());
  });
});

describe('the generated Mermaid diagram', () => {
  it('passes the stateDiagram-v2 checker', () => {
    expect(checkStateDiagram(diagram)).toEqual([]);
  });

  it('declares every state of the chart and draws every transition that has a target, and only those', () => {
    const lines = diagram.split('\n').map((l) => l.trim());
    for (const n of stateNodes().slice(1)) expect(lines).toContain(n.type === 'compound' ? `state ${n.key} {` : n.key);
    const drawn = lines
      .filter((l) => l.includes('-->') && !l.startsWith('[*]'))
      .flatMap((l) => {
        const [ends, label] = l.split(' : ') as [string, string];
        const [from, to] = ends.split(' --> ') as [string, string];
        return label.split(', ').map((e) => `${from} ${e} ${to}`);
      });
    const last = (path: string) => path.split('.').at(-1)!;
    const moves = abstractTransitions()
      .filter((t) => t.to !== null)
      .map((t) => `${last(t.from)} ${t.event}${t.guard === null ? '' : ` [${t.guard}]`} ${last(t.to!)}`);
    expect(drawn.sort()).toEqual(moves.sort());
  });

  it('marks the initial state of the chart and of each composite', () => {
    expect(diagram).toContain('\n  [*] --> idle');
    expect(diagram).toContain('\n    [*] --> configuring');
    expect(diagram).toContain('\n    [*] --> quiesced');
  });
});

describe('the stateDiagram-v2 checker', () => {
  const ok = ['stateDiagram-v2', '  direction LR', '  %% a comment', '  state "A long name" as a', '  b : a description', '  state c {', '    d', '    [*] --> d', '  }', '  [*] --> a', '  a --> b : go', '  b --> c', '  b --> [*]', '  note right of a : a note'].join('\n');

  it('accepts the statements Mermaid documents', () => {
    expect(checkStateDiagram(ok)).toEqual([]);
  });

  it.each([
    ['an empty text', '', /empty/],
    ['a missing header', 'flowchart TD\n  a', /must start with stateDiagram-v2/],
    ['an unclosed block', 'stateDiagram-v2\n  state c {\n    d', /block c is never closed/],
    ['a stray brace', 'stateDiagram-v2\n  a\n  }', /closes no block/],
    ['an empty composite', 'stateDiagram-v2\n  state c {\n  }', /declares no state/],
    ['a state used before it is declared', 'stateDiagram-v2\n  a --> b\n  a\n  b', /state a is used before it is declared/],
    ['a state declared twice', 'stateDiagram-v2\n  a\n  state c {\n    a\n  }', /state a is declared twice/],
    ['an edge between two composites\' states', 'stateDiagram-v2\n  state c {\n    x\n  }\n  state e {\n    y\n  }\n  x --> y', /composites c and e/],
    ['[*] joining a state of another block', 'stateDiagram-v2\n  state c {\n    x\n  }\n  [*] --> x', /\[\*\] in block "top" joins x/],
    ['an edge from [*] to [*]', 'stateDiagram-v2\n  [*] --> [*]', /from \[\*\] to \[\*\]/],
    ['a colon in a label', 'stateDiagram-v2\n  a\n  b\n  a --> b : x: y', /holds ':'/],
    ['a direction inside a label', 'stateDiagram-v2\n  a\n  b\n  a --> b : turn direction LR', /reads as a statement/],
    ['an empty label', 'stateDiagram-v2\n  a\n  b\n  a --> b :  ', /empty label/],
    ['a keyword as a state name', 'stateDiagram-v2\n  default', /keyword/],
    ['a hyphen in a state name', 'stateDiagram-v2\n  a-b', /not a stateDiagram-v2 statement/],
    ['a flowchart arrow', 'stateDiagram-v2\n  a\n  b\n  a -> b', /not a stateDiagram-v2 statement/],
    ['a bad note', 'stateDiagram-v2\n  a\n  note left of a : 50% done; mostly', /note/],
    ['a bad description', 'stateDiagram-v2\n  a : x # y', /description/],
  ])('rejects %s', (_name, source, message) => {
    const problems = checkStateDiagram(source);
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
  });
});

describe('the generated block of the document', () => {
  const doc = `# Title\n\nProse before.\n\n${BLOCK_BEGIN}\nold diagram\n${BLOCK_END}\n\nProse after.\n`;

  it('is replaced without touching the prose around it', () => {
    const next = replaceBlock(doc, `${BLOCK_BEGIN}\nnew $& diagram\n${BLOCK_END}`);
    expect(next).toBe(`# Title\n\nProse before.\n\n${BLOCK_BEGIN}\nnew $& diagram\n${BLOCK_END}\n\nProse after.\n`);
  });

  it('cannot be replaced once its markers are gone', () => {
    expect(extractBlock('# Title\n')).toBeNull();
    expect(() => replaceBlock('# Title\n')).toThrow(/has no block/);
  });

  it('is rewritten by writeDiagram when stale, and left alone when current', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lifecycle-')), 'lifecycle.md');
    writeFileSync(path, doc);
    expect(writeDiagram(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(`# Title\n\nProse before.\n\n${lifecycleBlock()}\n\nProse after.\n`);
    expect(writeDiagram(path)).toBe(false);
  });
});
