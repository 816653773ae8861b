/**
 * Acceptance checks of issue 2 that read files: every claim element is cited in the model's
 * sources and has a section in docs/spec.md, and docs/spec.md is checked against the reducer
 * (one section per event, listing the codes its handler can return; every rejection code and
 * every invariant named; every relative link resolves).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invariants } from '../../properties/invariants.ts';
import { EVENT_TYPES } from '../../src/model/events.ts';
import { REJECTION_CODES } from '../../src/model/rejection.ts';
import { codesIn } from '../support/codes.ts';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const SPEC_PATH = join(ROOT, 'docs', 'spec.md');
const spec = readFileSync(SPEC_PATH, 'utf8');

const CLAIM_IDS = ['C1.1', 'C1.2', 'C1.3', 'C1.4', 'C1.5', 'C1.6', 'C1.7', 'C1.8', 'C1.9', 'C1.10', 'F.1', 'F.2'] as const;

/** An id as a whole token: `C1.1` must not match inside `C1.10`. */
const idPattern = (id: string): RegExp => new RegExp(`(?<![\\w.])${id.replace(/\./g, '\\.')}(?![\\w]|\\.\\d)`);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.(ts|json|md)$/.test(p) ? [p] : [];
  });
}

/** The `###` sections of the spec, keyed by heading. */
function sections(text: string, level: string): { heading: string; body: string }[] {
  const parts = text.split(new RegExp(`^${level} `, 'm')).slice(1);
  return parts.map((p) => {
    const nl = p.indexOf('\n');
    return { heading: p.slice(0, nl), body: p.slice(nl + 1).split(/^#{2,3} /m)[0] ?? '' };
  });
}

describe('every claim element is cited in the model and specified in docs/spec.md', () => {
  const sources = ['src', 'models', 'properties'].flatMap((d) => filesUnder(join(ROOT, d))).map((f) => readFileSync(f, 'utf8'));

  it.each(CLAIM_IDS)('%s is cited in src/, models/ or properties/', (id) => {
    expect(sources.some((text) => idPattern(id).test(text))).toBe(true);
  });

  it.each([...CLAIM_IDS, 'F.3'])('%s has a section heading in docs/spec.md', (id) => {
    const headings = spec.split('\n').filter((l) => /^#{2,4} /.test(l));
    expect(headings.filter((h) => idPattern(id).test(h))).not.toEqual([]);
  });

  it('the id pattern tells C1.1 from C1.10', () => {
    expect(idPattern('C1.1').test('see C1.10')).toBe(false);
    expect(idPattern('C1.1').test('see C1.1, C1.2')).toBe(true);
  });
});

describe('docs/spec.md is checked against the reducer', () => {
  const steps = sections(spec, '###');

  it.each([...EVENT_TYPES])('%s has a section that lists every code its handler can return', (type) => {
    const mine = steps.filter((s) => s.heading.includes(`\`${type}\``));
    expect(mine).toHaveLength(1);
    const enabled = mine[0]!.body.split(/\n- \*\*/).find((b) => b.startsWith('Enabled when:**')) ?? '';
    const listed = new Set(enabled.match(/R-\d\d/g) ?? []);
    expect([...listed].sort()).toEqual([...codesIn(type)].sort());
    expect(mine[0]!.body).toMatch(/\*\*Code:\*\* \[src\/model\/steps\/\w+\.ts\]/);
  });

  it('names every rejection code and every invariant id', () => {
    for (const code of Object.keys(REJECTION_CODES)) expect({ code, named: spec.includes(code) }).toEqual({ code, named: true });
    for (const inv of invariants) expect({ id: inv.id, named: spec.includes(`| ${inv.id} | ${inv.name} |`) }).toEqual({ id: inv.id, named: true });
  });

  it('every relative link resolves to a file or folder of the repository', () => {
    const links = [...spec.matchAll(/\]\((?!https?:)([^)#]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((l) => !existsSync(resolve(dirname(SPEC_PATH), l)))).toEqual([]);
  });

  it('records the checked configurations with the tiny count the explorer test asserts', () => {
    const section = spec.slice(spec.indexOf('## 13. Checked configurations'));
    expect(section).toMatch(/\| tiny \| 1\/1\/1\/2 \| 241,089 \| 864,076 \| 47 \|/);
    expect(readFileSync(resolve(dirname(SPEC_PATH), '../test/explorer/handover.test.ts'), 'utf8')).toContain('241_089');
  });
});
