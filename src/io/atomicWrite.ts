/**
 * Writing a file atomically: readers (and a user who interrupts the CLI) see the old content or
 * the new content, never a half-written file (issue 6: "outputs are written atomically").
 *
 * @remarks
 * The classic recipe: write the data to a temporary file in the same directory (a rename is only
 * atomic within one file system), flush it to the disk (`fsync`), rename it over the target, then
 * flush the directory so the rename itself survives a power cut. If anything fails before the
 * rename, the temporary file is removed and the target is untouched. Only a process killed
 * outright (SIGKILL, power loss) between creating and renaming the temporary file can leave it
 * behind; its name (`.<name>.<pid>.<random>.tmp`) says what it is, and it never replaces the target.
 */
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Options of `writeFileAtomic`. @public */
export interface AtomicWriteOptions {
  /** File mode of a new file (default: the existing file's mode, else 0o666 less the umask). */
  readonly mode?: number;
  /**
   * Called after the temporary file is written and flushed, just before the rename; for tests,
   * to fail or observe at that point.
   * @internal
   */
  readonly beforeRename?: (tempPath: string) => void | Promise<void>;
}

/** The temporary file's path, next to the target. @internal */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** The mode to give the new file: the option, else the existing file's, else the default. @internal */
async function modeFor(path: string, mode: number | undefined): Promise<number> {
  if (mode !== undefined) return mode;
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return 0o666;
  }
}

/** Flushes a directory so a rename in it is durable; some platforms cannot, which is harmless. @internal */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Directories cannot be opened or flushed on every platform (Windows); the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `data` to `path` atomically.
 * @throws the file system's error (the target is then unchanged and no temporary file is left).
 * @example
 * ```ts
 * await writeFileAtomic('out/counterexample.itf.json', JSON.stringify(toItf(trace), null, 2) + '\n');
 * ```
 * @public
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempPathFor(path);
  const mode = await modeFor(path, options.mode);
  let handle: FileHandle | undefined;
  try {
    // 'wx': never reuse an existing file of that name.
    handle = await open(temp, 'wx', mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await options.beforeRename?.(temp);
    await rename(temp, path);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dirname(path));
}
