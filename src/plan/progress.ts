/** Analyses shorter than this print nothing; longer ones print at most one line per interval. */
export const PROGRESS_INTERVAL_MS = 1_000;

export interface ProgressReporter {
  /** One more resource analysed. */
  tick(): void;
  /** The whole analysis finished. */
  done(): void;
}

/**
 * Progress lines for long analyses: nothing for the first second, then at most one line a second, and a
 * closing line if any time was worth reporting. `now` is injectable so tests need no real time.
 */
export function progressReporter(
  total: number,
  onProgress: ((msg: string) => void) | undefined,
  now: () => number = Date.now,
): ProgressReporter {
  const started = now();
  let done = 0;
  let lastReport = started;
  return {
    tick(): void {
      done += 1;
      const at = now();
      if (onProgress && at - started > PROGRESS_INTERVAL_MS && at - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = at;
        onProgress(`analyzed ${done}/${total} resources (${at - started} ms)`);
      }
    },
    done(): void {
      const elapsed = now() - started;
      if (onProgress && elapsed > PROGRESS_INTERVAL_MS) {
        onProgress(`analysis finished: ${total} resources in ${elapsed} ms`);
      }
    },
  };
}
