import { describe, expect, it } from 'vitest';
import { cli, json, micro, tempDir, writeFile } from './helpers.ts';

// micro plus a second memory unit interchangeable with u0 (same kind, node, VM, pinning).
const twin = {
  ...micro,
  name: 'twin',
  units: [...micro.units, { id: 'u2', kind: 'memory', node: 'n0', vm: 'vm0', unreassignable: false }],
};

describe('vm-handover explore --symmetry', () => {
  const dir = tempDir('symmetry');
  const file = writeFile(dir, 'twin.json', twin);

  it('gives the same verdict with fewer distinct states when units are interchangeable', async () => {
    const plain = json(await cli(['explore', '--scenario-file', file, '--out', dir, '--json']));
    const reduced = json(await cli(['explore', '--scenario-file', file, '--out', dir, '--json', '--symmetry']));
    expect(plain.status).toBe('ok');
    expect(reduced.status).toBe(plain.status);
    expect(reduced.complete).toBe(true);
    expect(reduced.distinctStates as number).toBeLessThan(plain.distinctStates as number);
  });

  it('finds the same violation of a mutant with or without symmetry, at the same depth', async () => {
    const plain = json(await cli(['explore', '--scenario-file', file, '--out', dir, '--json', '--mutant', 'M-08']));
    const reduced = json(await cli(['explore', '--scenario-file', file, '--out', dir, '--json', '--mutant', 'M-08', '--symmetry']));
    expect(plain.status).toBe('violation');
    expect(reduced.status).toBe('violation');
    const len = (j: Record<string, unknown>) => ((j.violation as { events: unknown[] }).events).length;
    expect(len(reduced)).toBe(len(plain));
  });
});
