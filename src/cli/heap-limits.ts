/**
 * V8 heap settings (issue 13: a 10,000-job sweep of `true` held to 100 MB peak RSS). Measured on a
 * 10,000-job sweep: V8's young generation grows its semi-spaces to 16 MB each (32 MB resident)
 * while jobs are composed, and the old generation lets the run's promoted garbage (dispatch,
 * journal and progress objects, ~4 KB a job) pile up to ~40 MB before its first full GC; nothing of
 * it is live (13 MB is, after that GC). Peak RSS went 125-132 MB -> 80 MB for ~10% more CPU.
 * `--max-semi-space-size` is read only at start-up, but these are read at each GC, so they apply
 * from inside orch (no re-exec, which a signal or SIGKILL sent to orch's pid would not reach).
 */
import { setFlagsFromString } from 'node:v8';

/**
 * For every command but `orch compose` (bin.ts, held to start-up time), set before any command
 * module loads: by the time a command runs, loading alone has doubled the semi-spaces twice.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * For the commands that run jobs (a task, resume, rerun): the old generation grows 10% a full GC.
 * Not for all: `orch report` legitimately holds large heaps, where that would cost many full GCs.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=10');
}

/**
 * For `orch report`, which builds and drops large object graphs: with the young generation held
 * to its first size, a 100,000-job report took 12.8 s and 1.97 GB instead of 8.9 s and 1.48 GB
 * (more of its short-lived objects survive into the old generation). V8's own growth factor.
 */
export function letYoungGenerationGrow(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}
