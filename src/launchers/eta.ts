/**
 * Time left in a sweep, from the pace at which its jobs finish. The raw estimate (elapsed per
 * finished job × jobs left) swings with every job that ends, most at the start and when jobs differ
 * in length (0:24 → 0:43 → 0:23 on a 20-s sweep). What is smoothed is the predicted end instant
 * (an exponential average over finishes), and between finishes the display counts down to it, so the
 * ETA moves steadily; a sweep running late shows 0:00 until the next finish moves the end.
 */
export interface EtaEstimator {
  /** `count` jobs have finished, the latest at `at` (ms). */
  finished(count: number, at: number): void;
  /** Milliseconds left at `at`; undefined before the first finish and once all are done. */
  remainingMs(at: number): number | undefined;
}

/** How far each new raw estimate moves the predicted end (1: no smoothing). */
const WEIGHT = 0.3;

export function createEtaEstimator(total: number, start: number, weight = WEIGHT): EtaEstimator {
  let end: number | undefined;
  let done = false;
  return {
    finished(count, at) {
      if (count <= 0) return;
      done = count >= total;
      const raw = at + ((at - start) / count) * (total - count);
      end = end === undefined ? raw : end + weight * (raw - end);
    },
    remainingMs(at) {
      return end === undefined || done ? undefined : Math.max(0, end - at);
    },
  };
}
