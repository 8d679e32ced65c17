import { RUN_STATUSES as STATUSES, type RunStatus } from '../store/types.js';
const CODE = new Map(STATUSES.map((s, i) => [s, i + 1]));

/**
 * The latest status of every job number seen, one byte a job (a million jobs: 1 MB, no object per
 * job), with a running count per status, so progress and the summary never walk all jobs.
 */
export interface JobTally {
  /** Records `status` for `num`; returns the status it had (undefined: never seen). */
  set(num: number, status: RunStatus): RunStatus | undefined;
  get(num: number): RunStatus | undefined;
  count(status: RunStatus): number;
  counts(): Record<RunStatus, number>;
}

export function createJobTally(sizeHint = 1024): JobTally {
  let codes = new Uint8Array(Math.max(16, sizeHint));
  const totals = new Array<number>(STATUSES.length + 1).fill(0);
  const get = (num: number): RunStatus | undefined => (num < codes.length && codes[num] ? STATUSES[codes[num]! - 1] : undefined);
  return {
    get,
    set(num, status) {
      if (num >= codes.length) {
        const grown = new Uint8Array(Math.max(codes.length * 2, num + 1));
        grown.set(codes);
        codes = grown;
      }
      const before = get(num);
      totals[codes[num]!]!--;
      codes[num] = CODE.get(status)!;
      totals[codes[num]!]!++;
      return before;
    },
    count: (status) => totals[CODE.get(status)!]!,
    counts: () => Object.fromEntries(STATUSES.map((s, i) => [s, totals[i + 1]!])) as Record<RunStatus, number>,
  };
}
