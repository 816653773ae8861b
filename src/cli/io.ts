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
  /**
   * The signal that asked the command to stop, or null; `check` and `explore` poll it between
   * runs and expansions, and stop with what they have. Absent: never interrupted.
   */
  readonly interrupted?: () => InterruptSignal | null;
}

/** The signals a long command stops cleanly on. @internal */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/**
 * The exit code of a command stopped by a signal: 128 plus the signal's number, the shell's
 * convention (130 after Ctrl-C, 143 after `kill`), so scripts tell it from a verdict.
 * @internal
 */
export const INTERRUPT_EXIT: { readonly [S in InterruptSignal]: number } = { SIGINT: 130, SIGTERM: 143 };

/** A progress display: `update` as work is done, `end` once when it is over. @internal */
export interface ProgressReporter {
  update(done: number, detail: string): void;
  end(): void;
}

/**
 * The next milestone after `n` in the 1-2-5 series (1, 2, 5, 10, 20, 50, ...): with no known
 * total, a log shows a line at each, so a long run writes a few dozen lines, not thousands.
 * @internal
 */
export function nextMilestone(n: number): number {
  let m = 1;
  for (;;) {
    for (const f of [1, 2, 5]) if (m * f > n) return m * f;
    m *= 10;
  }
}

/**
 * Progress on stderr: a bar redrawn in place on a terminal; elsewhere (a log, CI) plain lines,
 * one per tenth of a known total, else one at each 1-2-5 milestone of the count.
 * @internal
 */
export function progressReporter(io: Io, label: string, total: number | null): ProgressReporter {
  let lastTenth = -1;
  let milestone = 1;
  let drawn = false;
  return {
    update(done, detail) {
      if (io.isTTY) {
        const width = 24;
        const filled = total === null ? 0 : Math.min(width, Math.round((done / total) * width));
        const bar = total === null ? '' : `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
        // \r returns to the line's start, ESC[K clears what a longer previous line left behind.
        io.err(`\r${label} ${bar}${detail}\u001b[K`);
        drawn = true;
        return;
      }
      if (total === null) {
        if (done < milestone) return;
        milestone = nextMilestone(done);
      } else {
        const tenth = Math.floor((done / total) * 10);
        if (tenth <= lastTenth) return;
        lastTenth = tenth;
      }
      io.err(`${label}: ${detail}\n`);
    },
    end() {
      // Leave the terminal's cursor on a fresh line after the bar.
      if (drawn) io.err('\n');
      drawn = false;
    },
  };
}

/** A count with thousands separators, the same on every machine (the report's style). @internal */
export function count(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
