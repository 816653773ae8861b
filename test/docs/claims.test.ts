import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invariants } from '../../properties/invariants.ts';
import { mutants } from '../../src/mutants/catalog.ts';

const doc = resolve(import.meta.dirname, '../../docs/claims.md');
const text = readFileSync(doc, 'utf8');
const rows = text.split('\n').filter((l) => /^\| (C1\.\d+|F\.\d) \|/.test(l));

describe('docs/claims.md traceability matrix', () => {
  it('has one row per claim element C1.1..C1.10 and F.1..F.3', () => {
    const ids = rows.map((r) => r.split('|')[1]!.trim());
    expect(ids).toEqual(['C1.1', 'C1.2', 'C1.3', 'C1.4', 'C1.5', 'C1.6', 'C1.7', 'C1.8', 'C1.9', 'C1.10', 'F.1', 'F.2', 'F.3']);
  });

  for (const row of rows) {
    const id = row.split('|')[1]!.trim();
    it(`every code file linked for ${id} cites ${id}, and the invariants and mutants it names exist`, () => {
      const links = [...row.matchAll(/\]\(([^)]+\.ts)\)/g)].map((m) => resolve(dirname(doc), m[1]!));
      expect(links.length).toBeGreaterThan(0);
      for (const file of links) {
        const cited = new RegExp(`(^|[^\\w.])${id.replace('.', '\\.')}(?![\\d])`).test(readFileSync(file, 'utf8'));
        expect(cited, `${file} should cite ${id}`).toBe(true);
      }
      for (const inv of row.match(/INV-\d+/g) ?? []) expect(invariants.map((i) => i.id)).toContain(inv);
      for (const m of row.match(/M-\d+/g) ?? []) expect(mutants.map((x) => x.id)).toContain(m);
    });
  }
});
