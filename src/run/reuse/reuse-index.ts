/**
 * `orch.sweeper.skip_completed`: which earlier run computed the same thing as a job about to run.
 * Two runs computed the same when they share the task, the resolved config (configHash) and the
 * code state (git.codeState: commit, diff, untracked files); only completed runs count. The
 * candidates come from the ledger index, so finding them costs one `orch runs`, not a scan.
 */
import { resolve } from 'node:path';
import type { LedgerRow } from '../../ledger/types.js';

export function reuseKey(task: string, configHash: string, codeState: string): string {
  return `${task}\0${configHash}\0${codeState}`;
}

/**
 * Key -> the job dir to reuse. A run that was itself reused points at its origin, so a chain of
 * reuses always names the run that really computed the metrics; among equals the newest wins.
 */
export function buildReuseIndex(rows: Iterable<LedgerRow>, cwd: string): Map<string, string> {
  const best = new Map<string, { dir: string; ended: number }>();
  for (const r of rows) {
    if (r.status !== 'completed' || !r.configHash || !r.codeState) continue;
    const key = reuseKey(r.task, r.configHash, r.codeState);
    const ended = r.endedMs ?? 0;
    const prev = best.get(key);
    if (prev && prev.ended >= ended) continue;
    best.set(key, { dir: r.reusedFrom ?? resolve(cwd, r.id), ended });
  }
  return new Map([...best].map(([k, v]) => [k, v.dir]));
}
