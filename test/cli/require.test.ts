import { describe, expect, it } from 'vitest';
import { cli, json, micro, tempDir, writeFile } from './helpers.ts';

describe('vm-handover check --no-require', () => {
  const dir = tempDir('require');
  // attempts 1 and no scheduling changes: several witnesses (a second handover, a race) cannot happen.
  const file = writeFile(dir, 'micro.json', micro);

  it('without it, a scenario whose bounds rule out witnesses is incomplete (exit 1); with it, the properties alone decide (exit 0)', async () => {
    const strict = await cli(['check', '--scenario-file', file, '--seed', '3', '--runs', '40', '--explore', 'never', '--out', dir, '--json']);
    expect(strict.code).toBe(1);
    expect(json(strict).status).toBe('incomplete');
    const lax = await cli(['check', '--scenario-file', file, '--seed', '3', '--runs', '40', '--explore', 'never', '--out', dir, '--json', '--no-require']);
    expect(lax.code).toBe(0);
    expect(json(lax).status).toBe('ok');
  });

  it('still fails on a violation', async () => {
    const r = await cli(['check', '--scenario-file', file, '--seed', '3', '--runs', '200', '--explore', 'never', '--out', dir, '--json', '--no-require', '--mutant', 'M-08']);
    expect(r.code).toBe(1);
    expect(json(r).status).toBe('violation');
  });
});
