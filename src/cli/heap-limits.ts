/**
 * V8 heap settings (issue 13: a 10,000-job sweep of `true` held to 100 MB peak RSS). Measured on a
 * 10,000-job sweep: V8's young generation grows its semi-spaces to 16 MB each (32 MB resident)
 * while jobs are composed, and the old generation lets the run's promoted garbage (dispatch,
 * journal and progress objects, ~4 KB a job) pile up to ~40 MB before its first full GC; nothing of
 * it is live (13 MB is, after that GC). Peak RSS went 125-132 MB -> 80 MB for ~10% more CPU.
 * `--max-semi-space-size` is read only at start-up, but these are read at each GC, so they apply
 * from inside orch (no re-exec, which a signal or SIGKILL sent to orch's pid would not reach).
 *
 * They are set once, at start-up, before the CLI bundle is compiled: V8 stamps a code cache with
 * a hash of its flags and rejects the cache when they differ, so a flag changed while a command
 * runs would make every start miss the cache (code-cache.ts).
 */
import { setFlagsFromString } from 'node:v8';

const RUNS_JOBS = new Set(['task', 'resume', 'rerun']);

/** The V8 flags for a command (command-names.ts: `commandOf`). */
export function heapFlagsFor(command: string): string[] {
  // `orch compose` is held to start-up time. `orch report` and `orch status` fold a whole sweep
  // into short-lived objects: with the young generation held to its first size, a 100,000-job
  // report took 12.8 s and 1.97 GB instead of 9.4 s and 1.17 GB, and its status 0.83-0.97 s
  // instead of 0.81-0.84 s (GC 305 -> 182 ms; 195 -> 219 MB).
  if (command === 'compose' || command === 'report' || command === 'status') return [];
  // Loading alone would double the semi-spaces twice before a command runs.
  const flags = ['--semi-space-growth-factor=1'];
  // The old generation grows 10% a full GC where memory must stay bounded by what is in flight.
  if (RUNS_JOBS.has(command)) flags.push('--heap-growing-percent=10');
  return flags;
}

/** Idempotent: main.ts applies them again when bin.ts (through code-cache.ts) already did. */
export function applyHeapFlags(command: string): void {
  for (const flag of heapFlagsFor(command)) setFlagsFromString(flag);
}
