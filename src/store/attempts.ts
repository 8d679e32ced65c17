import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { HISTORY_FILE, METRICS_FILE, ORCH_META_DIR, RUN_FILE, STDERR_FILE, STDOUT_FILE, type RunRecord } from './types.js';

export const ATTEMPTS_DIR = 'attempts';

/** What one attempt writes into the job dir; checkpoints and other task files stay where they are. */
export const ATTEMPT_FILES: readonly string[] = [STDOUT_FILE, STDERR_FILE, HISTORY_FILE, METRICS_FILE];

/** Where attempt `n` of a job is kept once a later attempt is set up: `<job>/.orch/attempts/<n>/`. */
export function attemptDir(jobDir: string, n: number): string {
  return join(jobDir, ORCH_META_DIR, ATTEMPTS_DIR, String(n));
}

/**
 * Moves the files of the attempt `rec` describes to `.orch/attempts/<rec.attempt>/` before the job
 * dir is set up for another attempt, so the dir only ever shows one attempt and none is lost.
 * Each move is a rename; the record is copied last and marks the attempt as kept, so a crash in
 * between is finished by the next call, and a record of an attempt that was queued but never
 * started (its number is that of the last started one, already kept) moves nothing.
 */
export async function keepAttempt(jobDir: string, rec: RunRecord | undefined): Promise<void> {
  if (!rec || !(rec.attempt >= 1)) return;
  const dest = attemptDir(jobDir, rec.attempt);
  if (existsSync(join(dest, RUN_FILE))) return;
  await mkdir(dest, { recursive: true });
  await Promise.all(ATTEMPT_FILES.map((f) => rename(join(jobDir, f), join(dest, f)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  })));
  const kept = rec.status === 'running' || rec.status === 'pending'
    ? { ...rec, reason: rec.reason ?? 'this attempt never recorded its end (orch or the machine went away, or Slurm requeued it)' }
    : rec;
  await writeFileAtomic(join(dest, RUN_FILE), JSON.stringify(kept, null, 2) + '\n');
}
