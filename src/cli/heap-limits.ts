/**
 * V8 heap settings for the commands that run sweeps (issue 13: a 10,000-job sweep of `true` held
 * to 100 MB peak RSS). Measured on a 10,000-job sweep: V8's young generation grows its semi-spaces
 * to 16 MB each (32 MB resident) while jobs are composed, and the old generation lets the run's
 * promoted garbage (dispatch, journal and progress objects, ~4 KB a job) pile up to ~40 MB before
 * its first full GC; nothing of it is live (13 MB is, after that GC). Peak RSS went 125-132 MB ->
 * 79 MB for ~10% more CPU. `--max-semi-space-size` is read only at start-up, but these two are
 * read at each GC, so they apply from inside orch (no re-exec, which a signal or SIGKILL sent to
 * orch's pid would not reach). `orch compose` (bin.ts) keeps V8's defaults: it is held to start-up
 * time, and its streamed output keeps nothing.
 */
import { setFlagsFromString } from 'node:v8';

/** The semi-spaces stay at their initial 1 MB; the old generation grows by 10% a full GC. */
export const HEAP_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=10'] as const;

export function limitHeapGrowth(): void {
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
}
