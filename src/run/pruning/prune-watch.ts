/**
 * Follows the history of the running jobs of a sweep and stops those the decider prunes. Every
 * `intervalMs` each running job's history.jsonl is read from where the last read stopped (at
 * most `maxBytes` a job per round, so the round's work is bounded by the running jobs, not by how
 * much they log); a change notification (fs.watch, where the file system gives one: not NFS)
 * only brings the next round forward. A prune writes `.orch/prune.json` and the journal's
 * `prune` event before the launcher is asked to stop the job, so whoever records its end knows.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { IO_CONCURRENCY, mapLimit } from '../../concurrency.js';
import { historyNumber } from '../../report/metrics.js';
import { writePruneMarker } from '../../store/prune-marker.js';
import { HISTORY_FILE, type PruneFacts, type RunStatus } from '../../store/types.js';
import { createHistoryFollower, DEFAULT_MAX_BYTES, type HistoryFollower, type HistoryRecord } from './history-follower.js';
import type { PruneReport, Pruning } from './types.js';

export interface PruneWatchOptions {
  pruning: Pruning;
  /** The launcher's stopJob (SIGTERM, SIGKILL after its grace period). */
  stopJob(num: number): Promise<void>;
  /** Records the decision (the journal's `prune` event); called after prune.json is written. */
  onPrune?(num: number, facts: PruneFacts): void | Promise<void>;
  /** A prune that could not be carried out (prune.json not writable, the launcher refused). */
  onError?(num: number, err: Error): void;
  intervalMs?: number;
  maxBytes?: number;
  /** Notifications wanted for at most this many jobs at once (inotify watches are a per-user limit). */
  maxWatches?: number;
}

export interface PruneWatch {
  started(num: number, jobDir: string): void;
  /**
   * The job is over: its last reports go to the decider with its status (synchronously). A job
   * never seen running (a polled launcher can see it go from pending to ended) is read whole from
   * `jobDir`, so the decider still learns its intermediate values.
   */
  ended(num: number, status: RunStatus, jobDir?: string): void;
  close(): void;
}

interface Followed { dir: string; follower: HistoryFollower; pruned: boolean; watcher?: FSWatcher }

export const DEFAULT_INTERVAL_MS = 500;

export function createPruneWatch(opts: PruneWatchOptions): PruneWatch {
  const { pruning } = opts;
  const intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  const maxWatches = opts.maxWatches ?? 256;
  const jobs = new Map<number, Followed>();
  let watches = 0;
  let round: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const report = (num: number, r: HistoryRecord): PruneReport => ({ num, step: r.step, values: r.values });

  async function prune(num: number, job: Followed, r: HistoryRecord, steps: number): Promise<void> {
    job.pruned = true;
    const metric = pruning.metric ?? '';
    const facts: PruneFacts = { step: r.step, metric, value: metric ? historyNumber(r.values, metric) ?? NaN : NaN, steps };
    try {
      await writePruneMarker(job.dir, facts);
      await opts.onPrune?.(num, facts);
      await opts.stopJob(num);
    } catch (err) {
      opts.onError?.(num, err as Error);
    }
  }

  async function follow(num: number, job: Followed): Promise<void> {
    const records = await job.follower.read();
    const before = job.follower.steps - records.length;
    for (let i = 0; i < records.length && !job.pruned && jobs.has(num); i++) {
      if (pruning.decide(report(num, records[i]!)) === 'prune') await prune(num, job, records[i]!, before + i + 1);
    }
  }

  function runRound(): void {
    if (round) { again = true; return; }
    round = mapLimit([...jobs].filter(([, j]) => !j.pruned), IO_CONCURRENCY, ([num, job]) => follow(num, job))
      .then(() => undefined, () => undefined)
      .finally(() => {
        round = undefined;
        if (again && !closed) { again = false; runRound(); }
      });
  }

  const timer = setInterval(runRound, intervalMs);
  timer.unref();

  return {
    started(num, dir) {
      if (closed) return;
      const job: Followed = { dir, follower: createHistoryFollower(join(dir, HISTORY_FILE), opts.maxBytes ?? DEFAULT_MAX_BYTES), pruned: false };
      jobs.set(num, job);
      if (watches < maxWatches) {
        try {
          job.watcher = watch(dir, { persistent: false }, (_event, file) => { if (file === HISTORY_FILE) runRound(); });
          job.watcher.on('error', () => { job.watcher?.close(); });
          watches++;
        } catch {
          // No notifications here (NFS, no inotify left): the rounds still read it.
        }
      }
    },
    ended(num, status, jobDir) {
      const job = jobs.get(num);
      if (!job && jobDir === undefined) return;
      jobs.delete(num);
      if (job?.watcher) { job.watcher.close(); watches--; }
      const follower = job?.follower ?? createHistoryFollower(join(jobDir!, HISTORY_FILE), opts.maxBytes ?? DEFAULT_MAX_BYTES);
      let late: PruneReport[] = [];
      try {
        late = follower.drainSync().map((r) => report(num, r));
      } catch {
        // An unreadable history at the end: the decider keeps what it was told.
      }
      pruning.ended?.(num, status, late);
    },
    close() {
      closed = true;
      clearInterval(timer);
      for (const job of jobs.values()) job.watcher?.close();
      jobs.clear();
    },
  };
}
