import { writeRunRecord } from '../../store/run-record.js';
import { warn } from '../../warn.js';
import type { RunRecord } from '../../store/types.js';

/**
 * The local launcher's run.json writes, bounded by the number of job slots and not by the size of
 * the sweep. Jobs of a few milliseconds (`true`, a no-op module job) end faster than their records
 * are fsynced; with every write started at once a sweep of 3,000 such jobs held ~3,000 files open
 * and died of EMFILE under the default `ulimit -n 1024`.
 *
 * Writes of one job are applied in order. At most `slots × WRITES_PER_SLOT` writes are in flight
 * (one open file each); a finished job hands its final record to a backlog and frees its slot at
 * once, so a fsync is not on every job's critical path, but when the backlog is full (`room()`)
 * the slot waits: jobs are then started only as fast as their records can be written.
 */
export interface RecordWriter {
  /** Writes a copy of `rec` after the job's earlier writes; resolves once it is on disk (a failed write is reported, not thrown). */
  save(dir: string, rec: RunRecord): Promise<void>;
  /** Resolves once fewer than `maxPending` writes are waiting or in flight. */
  room(): Promise<void>;
  /** What the job's run.json says now, as far as this writer knows. */
  persisted(num: number): RunRecord | undefined;
  /** A record that is already on disk (written before the launcher took over). */
  known(rec: RunRecord): void;
  /** Writes in flight and writes accepted but not finished (for tests and the bound's proof). */
  load(): { active: number; pending: number };
  readonly maxActive: number;
  readonly maxPending: number;
}

export interface RecordWriterOptions {
  /** The launcher's job slots (`n_jobs`). */
  slots: number;
  write?: (dir: string, rec: RunRecord) => Promise<void>;
  onError?: (dir: string, err: Error) => void;
  /** Keep the last record of every job for `persisted` (false: memory stays bounded by what is in flight). */
  remember?: boolean;
}

/** A running job's `running` record and the final record of the job that had the slot before. */
export const WRITES_PER_SLOT = 2;
/** Final records that may wait per slot before a finished job keeps its slot. */
export const BACKLOG_PER_SLOT = 2;

export function createRecordWriter(opts: RecordWriterOptions): RecordWriter {
  const write = opts.write ?? writeRunRecord;
  const onError = opts.onError ?? ((dir, err) => warn(`cannot update ${dir}/.orch/run.json: ${err.message}`));
  const maxActive = opts.slots * WRITES_PER_SLOT;
  const maxPending = maxActive + opts.slots * BACKLOG_PER_SLOT;
  const ready: Array<() => void> = [];
  const roomWaiters: Array<() => void> = [];
  const tails = new Map<number, Promise<void>>();
  const persisted = new Map<number, RunRecord>();
  let active = 0;
  let pending = 0;

  const acquire = (): Promise<void> => {
    if (active < maxActive) { active++; return Promise.resolve(); }
    return new Promise((resolve) => ready.push(resolve));
  };
  const release = (): void => {
    const next = ready.shift();
    if (next) next(); else active--;
    pending--;
    while (pending < maxPending && roomWaiters.length > 0) roomWaiters.shift()!();
  };

  return {
    save(dir, rec) {
      const snapshot = { ...rec };
      pending++;
      const done = (tails.get(rec.jobNum) ?? Promise.resolve())
        .then(acquire)
        .then(() => write(dir, snapshot))
        .then(() => { if (opts.remember !== false) persisted.set(snapshot.jobNum, snapshot); }, (err: Error) => onError(dir, err))
        .finally(release);
      tails.set(rec.jobNum, done);
      void done.then(() => { if (tails.get(rec.jobNum) === done) tails.delete(rec.jobNum); });
      return done;
    },
    room() {
      return pending < maxPending ? Promise.resolve() : new Promise((resolve) => roomWaiters.push(resolve));
    },
    persisted: (num) => persisted.get(num),
    known(rec) { persisted.set(rec.jobNum, { ...rec }); },
    load: () => ({ active, pending }),
    maxActive,
    maxPending,
  };
}
