import { OrchError } from '../../errors.js';

/**
 * Planning workers for a sweep of `count` jobs: `ORCH_PLAN_WORKERS` (unset or 0: none). Not on by
 * default: each worker costs ~50 MB of RSS while the sweep is planned, and on the 2-core machine
 * the gain did not pay for it (100,000-job grid, first job, medians of 4 alternated runs: one
 * worker 6.4 s, two 4.7 s, none 6.2 s; peak RSS 135, 167, 82 MB; the 1,000,000-job sweep's goal
 * is 150 MB). On a machine with cores to spare, for a large grid, it is the way to start sooner.
 */
export function planWorkerCount(count: number, env: NodeJS.ProcessEnv = process.env): number {
  const set = env.ORCH_PLAN_WORKERS;
  if (set === undefined || set === '') return 0;
  const n = Number(set);
  if (!Number.isInteger(n) || n < 0) throw new OrchError({ code: 'CLI_USAGE', message: `ORCH_PLAN_WORKERS=${set}: expected a whole number of worker threads (0: plan on orch's own thread)` });
  return count > 1 ? n : 0;
}
