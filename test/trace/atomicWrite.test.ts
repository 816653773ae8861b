import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempPathFor, writeFileAtomic } from '../../src/io/atomicWrite.ts';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'vm-handover-atomic-'));

describe('writeFileAtomic', () => {
  it('writes a new file and leaves nothing else in the directory', async () => {
    const dir = fresh();
    await writeFileAtomic(join(dir, 'out.json'), '{"a":1}\n');
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('replaces an existing file, keeping its mode', async () => {
    const dir = fresh();
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old', { mode: 0o640 });
    await writeFileAtomic(path, new TextEncoder().encode('new'));
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('while the new content is being written, the target still holds the old content in full', async () => {
    const dir = fresh();
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old');
    let seen: { target: string; temp: string; names: string[] } | undefined;
    await writeFileAtomic(path, 'new', {
      beforeRename: (temp) => {
        seen = { target: readFileSync(path, 'utf8'), temp: readFileSync(temp, 'utf8'), names: readdirSync(dir) };
      },
    });
    expect(seen?.target).toBe('old');
    expect(seen?.temp).toBe('new');
    expect(seen?.names).toHaveLength(2);
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('a failure before the rename leaves the old file intact and no temporary file behind', async () => {
    const dir = fresh();
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old');
    await expect(
      writeFileAtomic(path, 'new', {
        beforeRename: () => {
          throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('a directory that does not exist fails with the file system error and creates nothing', async () => {
    const dir = fresh();
    await expect(writeFileAtomic(join(dir, 'missing', 'out.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names temporary files after the target, in its directory, uniquely', () => {
    const a = tempPathFor('/some/dir/out.json');
    expect(a).toMatch(/^\/some\/dir\/\.out\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
    expect(tempPathFor('/some/dir/out.json')).not.toBe(a);
  });

  it('honours an explicit mode for a new file', async () => {
    const dir = fresh();
    await writeFileAtomic(join(dir, 'out.json'), 'x', { mode: 0o600 });
    expect(statSync(join(dir, 'out.json')).mode & 0o777).toBe(0o600);
  });
});
