/**
 * Finished jobs the journal has not heard of: their `finished` events were lost to a kill of orch,
 * or the jobs ended where orch was not watching (Slurm array tasks after `--no-wait`, which write
 * only their run records). The journal hears of them once, with the facts readers need, so the
 * next `status` reads neither their records nor their metrics.
 */
import { journalPath } from '../store/journal-format.js';
import { openJournalWriter } from '../store/journal-writer.js';
import { acquireRunLock } from '../store/lock.js';
import { journalMetricsOf, type ScalarMetrics } from '../store/metric-values.js';
import type { RunRecord } from '../store/types.js';
import { readMetricsFile } from '../task/metrics.js';

export interface LateFinish { num: number; dir: string; rec: RunRecord }

/** What a `finished` event carries of an ended job (store/journal-format.ts): its metrics, its record's warning count. */
export async function endFacts(dir: string, rec: RunRecord | undefined): Promise<{ metrics?: ScalarMetrics; warningCount: number }> {
  // The job has ended: its metrics.json is final. Warnings are the record's, as the launcher wrote them.
  const { metrics } = await readMetricsFile(dir);
  return { metrics: journalMetricsOf(metrics), warningCount: rec?.warnings?.length ?? 0 };
}

/** Appends a `finished` event for each; the caller holds the sweep's run lock. */
export async function journalLateFinishes(sweepDir: string, late: readonly LateFinish[]): Promise<void> {
  const journal = await openJournalWriter(journalPath(sweepDir));
  try {
    for (const { num, dir, rec } of late) {
      const { metrics, warningCount } = await endFacts(dir, rec);
      void journal.append({
        job: num, ev: 'finished', status: rec.status as 'completed', attempt: rec.attempt, exitCode: rec.exitCode, signal: rec.signal,
        durationSec: rec.durationSec, reason: rec.reason, metrics, warnings: warningCount,
      });
    }
  } finally {
    await journal.close();
  }
}

/**
 * For a reader (`orch status`): the same, only when no orch runs the sweep (the lock is free):
 * a running orch writes its journal itself, and two writers would interleave. Returns whether
 * the journal was written; a reader that cannot (locked, read-only file system) just reads.
 */
export async function journalLateFinishesIfIdle(sweepDir: string, late: readonly LateFinish[], command: readonly string[]): Promise<boolean> {
  if (late.length === 0) return false;
  let lock;
  try {
    lock = acquireRunLock(sweepDir, command);
  } catch {
    return false;
  }
  try {
    await journalLateFinishes(sweepDir, late);
    return true;
  } catch {
    return false;
  } finally {
    lock.release();
  }
}
