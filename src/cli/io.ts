/**
 * Where a command writes: injected, so commands run in-process in tests and in the binary alike.
 * @internal
 */

/** The command's streams. @internal */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether stderr is a terminal (progress bar) or not (plain lines). */
  readonly isTTY: boolean;
  /** Lines of standard input, for `monitor`. */
  readonly lines?: () => AsyncIterable<string>;
}

/**
 * Progress on stderr: a bar redrawn in place on a terminal, a plain line every tenth elsewhere.
 * @internal
 */
export function progressReporter(io: Io, label: string, total: number | null): { update(done: number, detail: string): void; end(): void } {
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done, detail) {
      if (io.isTTY) {
        const width = 24;
        const filled = total === null ? 0 : Math.min(width, Math.round((done / total) * width));
        const bar = total === null ? '' : `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
        io.err(`\r${label} ${bar}${detail}\u001b[K`);
        drawn = true;
        return;
      }
      const tenth = total === null ? -1 : Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        io.err(`${label}: ${detail}\n`);
      }
    },
    end() {
      if (drawn) io.err('\n');
    },
  };
}
