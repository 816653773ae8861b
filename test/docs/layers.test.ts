/**
 * The house's floors, checked: the model at the bottom, the properties above it, the checkers
 * above them, the command line on top. An import may go down or stay on its floor, never up,
 * and no chain of imports between files comes back to where it started.
 *
 * The floors are read from the folders (README's layout table); a new folder must be given a
 * floor here before it can be imported, so the picture stays whole.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Each area's floor; lower floors never import higher ones. */
const FLOORS: Readonly<Record<string, number>> = {
  'src/model': 0,
  'models/scenarios': 0,
  models: 1,
  'models/classic': 1,
  'src/mutants': 1,
  'src/input': 1,
  'src/io': 1,
  properties: 2,
  'src/lifecycle': 3,
  'src/trace': 3,
  'src/embed': 3,
  'src/checker': 4,
  'src/explorer': 4,
  'src/view': 4,
  'src/conformance': 4,
  'src/cli': 5,
  'src/index.ts': 6,
};

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The area a source file belongs to: `src/<folder>`, `models/<folder>` or the top folder. */
function areaOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src') return parts.length === 2 ? file : `src/${parts[1]}`;
  if (parts[0] === 'models' && parts.length > 2) return `models/${parts[1]}`;
  return parts[0]!;
}

/** Relative imports (static, dynamic and type-only) of every library file, resolved to repository paths. */
function importGraph(): Map<string, string[]> {
  const files = [...walk('src'), ...walk('models'), ...walk('properties')];
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const targets = [...text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+\.ts)['"]/g)].map((m) =>
      normalize(join(dirname(file), m[1]!)),
    );
    graph.set(file, targets);
  }
  return graph;
}

/** Every import that goes up a floor, as a sentence. */
function upwardImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const upward: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const a = FLOORS[areaOf(from)];
      const b = FLOORS[areaOf(to)];
      if (a !== undefined && b !== undefined && b > a) upward.push(`${from} (floor ${a}) imports ${to} (floor ${b})`);
    }
  }
  return upward;
}

/** Every circle of imports found by a depth-first walk, each as `a -> b -> a`. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[] = [];
  const visit = (file: string, path: readonly string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'open');
    for (const to of graph.get(file) ?? []) if (graph.has(to)) visit(to, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

describe('the floors of the house', () => {
  const graph = importGraph();

  it('every library file lies in an area that has a floor, and every floor is a real area', () => {
    const unplaced = [...graph.keys()].filter((f) => FLOORS[areaOf(f)] === undefined);
    expect(unplaced).toEqual([]);
    const areas = new Set([...graph.keys()].map(areaOf));
    expect(Object.keys(FLOORS).filter((a) => !areas.has(a))).toEqual([]);
  });

  it('no import goes up a floor', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('no chain of imports between files is a circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('the detectors see an upward import and a circle in a made-up house', () => {
    const bad = new Map<string, string[]>([
      ['src/model/step.ts', ['src/checker/check.ts']],
      ['src/checker/check.ts', ['src/model/step.ts', 'properties/invariants.ts']],
      ['properties/invariants.ts', []],
    ]);
    expect(upwardImports(bad)).toEqual(['src/model/step.ts (floor 0) imports src/checker/check.ts (floor 4)']);
    expect(circles(bad)).toEqual(['src/model/step.ts -> src/checker/check.ts -> src/model/step.ts']);
    expect(areaOf('models/classic/dieHard.ts')).toBe('models/classic');
    expect(areaOf('models/lifecycle.ts')).toBe('models');
    expect(areaOf('src/index.ts')).toBe('src/index.ts');
  });
});
