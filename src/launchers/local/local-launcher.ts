import { mkdir } from 'node:fs/promises';
import { deferred } from '../../concurrency.js';
import type { PlannedJob } from '../../plan/types.js';
import { readGitFacts, type GitFacts } from '../../store/git.js';
import { provenanceRef } from '../../store/provenance.js';
import { endFields, newRunRecord, readRunRecord, writeRunRecord } from '../../store/run-record.js';
import { IoError } from '../../errors.js';
import { warn } from '../../warn.js';
import { unrecordable } from '../store-full.js';
import { keepAttempt } from '../../store/attempts.js';
import { dropEmptyLogs } from '../../store/job-logs.js';
import { clearPruneMarker, prunedRecordFields, readPruneMarker } from '../../store/prune-marker.js';
import type { RunRecord, RunStatus } from '../../store/types.js';
import { readMetricsFile } from '../../task/metrics.js';
import { journalMetricsOf } from '../../store/metric-values.js';
import { parseModuleJobArgv } from '../../task/job-argv.js';
import type { JobEvent, JobSource, LaunchContext, Launcher } from '../types.js';
import type { AttemptHandle } from './attempt.js';
import { signalGroupOnly } from './process-tree.js';
import { parseLocalSettings } from './settings.js';
import { spawnCommand, spawnCommandAfter } from './spawn-command.js';
import { startSpawner } from './spawner.js';
import { createCommandResolver } from './resolve-command.js';
import { createStopper, pollRunRecords } from './stopper.js';
import { createRecordWriter, type RecordWriter } from './record-writer.js';
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

export type LocalLauncher = Launcher;

interface Running { attempt: AttemptHandle; stoppedByUs: boolean }

/**
 * Runs jobs on this machine, `n_jobs` at a time, taking the next job from the source when a slot
 * frees. Command jobs are spawned directly; module jobs go to reused worker processes. A status
 * change is written to the job's run.json before the event for it is emitted, so whoever reacts to
 * an event (the journal) can read the store; a finished job's record is fsynced (or its journal
 * batch is). The one exception is the start of a job the spawner runs: its event goes first, its
 * `running` record only once the job has run RUNNING_RECORD_AFTER_MS.
 */
export interface LocalLauncherDeps {
  /** How run records are written (tests count concurrent writes through it). */
  writeRecord?: (dir: string, rec: RunRecord) => Promise<void>;
  /** How a command job is started (tests hold its start back to race a stop against it). */
  spawn?: typeof spawnCommand;
}

export function createLocalLauncher(rawSettings: Record<string, unknown>, deps: LocalLauncherDeps = {}): LocalLauncher {
  const settings = parseLocalSettings(rawSettings);
  // Set by submit: a journaled sweep's final records are made durable by the journal's group commit.
  let journaled = false;
  // run.json writes bounded by the job slots, not the sweep (record-writer.ts); poll reads the files.
  const writer: RecordWriter = createRecordWriter({
    slots: settings.nJobs, write: deps.writeRecord ?? ((dir, rec) => writeRunRecord(dir, rec, { journaled })), remember: false,
    onError: (dir, err) => {
      warn(err instanceof IoError ? err.message : `cannot update ${dir}/.orch/run.json: ${err.message}`);
      // Jobs whose results cannot be recorded would only fill the disk further: start no more.
      const full = unrecordable(err);
      if (full) stopper.halt(full, undefined);
    },
  });
  const running = new Map<number, Running>();
  const pools = new Map<string, WorkerPool>();
  const resolveCommand = createCommandResolver();
  let source: JobSource | undefined;
  const signalAll = (signal: NodeJS.Signals): void => {
    for (const r of running.values()) {
      r.stoppedByUs = true;
      r.attempt.signal(signal);
    }
    if (signal === 'SIGKILL') return;
    const t = setTimeout(() => { for (const r of running.values()) r.attempt.signal('SIGKILL'); }, settings.graceMs);
    t.unref();
  };
  const stopper = createStopper(signalAll, (reason) => {
    source?.close(reason);
    // A job handed to the spawner to start after another one must not start now.
    for (const r of running.values()) r.attempt.spawned?.cancel();
  });
  /** SIGTERM to one job's process tree, SIGKILL after the grace period if it is still the same attempt. */
  const stopOne = (num: number): void => {
    const r = running.get(num);
    if (!r) return;
    r.attempt.signal('SIGTERM');
    const t = setTimeout(() => { if (running.get(num) === r) r.attempt.signal('SIGKILL'); }, settings.graceMs);
    t.unref();
  };

  /** Writes the record (after the job's earlier writes), then emits the event for it. */
  function saver(dir: string, ctx: LaunchContext) {
    return (rec: RunRecord, event: Omit<JobEvent, 'num' | 'attempt' | 'outputDir'> & { warned?: boolean } | undefined): Promise<void> => {
      const attempt = rec.attempt;
      return writer.save(dir, rec).then(() => {
        if (event) ctx.onJobEvent?.({ num: rec.jobNum, attempt, outputDir: dir, ...event });
      });
    };
  }

  function poolFor(taskFile: string, cwd: string): WorkerPool {
    const key = `${taskFile}\0${cwd}`;
    let pool = pools.get(key);
    if (!pool) pools.set(key, (pool = createWorkerPool(taskFile, cwd)));
    return pool;
  }

  /** A job's record when it is taken: an earlier attempt's files go aside, its attempt count stays. */
  async function firstRecord(job: PlannedJob, ctx: LaunchContext, git: GitFacts | undefined): Promise<RunRecord> {
    let prev: RunRecord | undefined;
    if (!job.firstAttempt) {
      await mkdir(job.outputDir, { recursive: true });
      prev = await readRunRecord(job.outputDir).catch(() => undefined);
      await keepAttempt(job.outputDir, prev);
      // An earlier attempt's prune decision is on its record; this attempt starts undecided.
      await clearPruneMarker(job.outputDir);
    }
    return newRunRecord({
      jobNum: job.num, overrides: job.overrides, task: ctx.task, argv: job.argv, cwd: job.cwd,
      attempt: prev?.attempt ?? 0, git, provenance: provenanceRef(job.outputDir, ctx.provenance), configHash: job.configHash, launcher: { name: 'local' },
    });
  }

  /**
   * Runs a job until it ends (with its retries). `queued` is its first attempt already handed to the
   * spawner (to start when `previous`, the lane's job before, ended well); `onRunning` hears when an
   * attempt has started, once per job, so the lane can take its next job while this one runs.
   */
  async function runJob(job: PlannedJob, ctx: LaunchContext, git: GitFacts | undefined, lane: LaneState, queued?: AttemptHandle, onRunning?: (attempt: AttemptHandle) => void, previous?: Promise<void>): Promise<void> {
    const dir = job.outputDir;
    const save = saver(dir, ctx);
    let rec: RunRecord;
    try {
      rec = await firstRecord(job, ctx, git);
    } catch (err) {
      queued?.spawned?.cancel();
      const reason = `cannot write to ${dir}: ${(err as Error).message}`;
      ctx.onJobEvent?.({ num: job.num, status: 'failed', attempt: 0, outputDir: dir, reason });
      return;
    }
    const module = parseModuleJobArgv(job.argv);
    for (let retriesLeft = settings.maxRetries; ; retriesLeft--) {
      let attempt: AttemptHandle | undefined;
      if (queued) {
        await queued.ready;
        if (!queued.dropped) attempt = queued;
        else running.delete(job.num);
        queued = undefined;
        // Not started because the job before failed (or was stopped): that job may be retried in
        // this lane's slot, so this one waits for its end as it would without the hand-over.
        if (!attempt) await previous;
      }
      if (!attempt && stopper.reason) {
        const reason = `not started: ${stopper.reason}`;
        // A job that never ran has no run record (as a job the source never handed out), only its journal line.
        if (retriesLeft === settings.maxRetries) {
          ctx.onJobEvent?.({ num: job.num, status: 'cancelled', attempt: 0, outputDir: dir, reason });
          return;
        }
        Object.assign(rec, { status: 'cancelled', reason });
        void save(rec, { status: 'cancelled', reason });
        await writer.room();
        return;
      }
      rec.attempt += 1;
      const startedAt = new Date().toISOString();
      if (!attempt) {
        try {
          attempt = module
            ? poolFor(module.taskFile, job.cwd).run({ jobDir: dir, jobNum: job.num, sweepDir: ctx.sweepDir, attempt: rec.attempt, echo: ctx.interactive }, job.env)
            : (deps.spawn ?? spawnCommand)(job, ctx.interactive, resolveCommand, settings.graceMs);
        } catch (err) {
          // orch itself could not start it (its logs cannot be opened: EMFILE, ENOSPC): the job fails
          // with the reason on record instead of taking the whole sweep down.
          attempt = notStarted(`orch could not start it: ${(err as Error).message}`);
        }
        // Known to a stop before its pid is: a job the spawner has started but not yet reported would
        // otherwise miss the SIGTERM, get the grace period's SIGKILL, and be recorded failed.
        running.set(job.num, { attempt, stoppedByUs: false });
        await attempt.ready;
      }
      // Set above, or by queueAfter for a handed-over attempt (a stop may have marked it since).
      const entry = running.get(job.num)!;
      Object.assign(rec, { status: 'running', startedAt, pid: attempt.pid, orchPid: process.pid, exitCode: undefined, signal: undefined, reason: undefined, warnings: undefined, endedAt: undefined, durationSec: undefined });
      // A job the spawner runs is stopped by it if orch dies, and its pid is in the journal's
      // `started` line: its `running` record waits until it has run a while, so a job of a few
      // ms writes one record (its end), not two. Any other job's record is written now: it is
      // what finds the job's processes if orch dies (resume kills them before running it again).
      let runningRecord: NodeJS.Timeout | undefined;
      if (attempt.spawned) {
        ctx.onJobEvent?.({ num: job.num, attempt: rec.attempt, outputDir: dir, status: 'running', pid: attempt.pid });
        const asStarted = { ...rec };
        runningRecord = setTimeout(() => void save(asStarted, undefined), RUNNING_RECORD_AFTER_MS);
      } else {
        void save(rec, { status: 'running', pid: attempt.pid });
      }
      onRunning?.(attempt);
      onRunning = undefined;

      let timedOut = false;
      const timers: NodeJS.Timeout[] = [];
      if (settings.timeoutMs !== undefined) {
        timers.push(setTimeout(() => {
          timedOut = true;
          attempt.signal('SIGTERM');
          timers.push(setTimeout(() => attempt.signal('SIGKILL'), settings.graceMs));
        }, settings.timeoutMs));
      }
      const began = performance.now();
      let outcome = await attempt.done;
      lane.shortJobs = performance.now() - began < SHORT_JOB_MS;
      clearTimeout(runningRecord);
      timers.forEach(clearTimeout);
      running.delete(job.num);
      if (!module && !attempt.tidied && attempt.pid !== undefined) signalGroupOnly(attempt.pid, 'SIGKILL'); // leftovers of the job
      // The child (and, killed above, its group) held the logs' only writers: nothing writes them now.
      if (!module && !ctx.interactive && !attempt.tidied) await dropEmptyLogs(dir);
      // Read once here for both: a command task's warnings, and the metrics its journal event carries
      // so that `orch status` reads no file of this job (a module task's worker checked its own).
      const written = await readMetricsFile(dir);
      if (outcome.ok && !module) outcome = { ...outcome, warnings: written.warnings };
      // Ended after the pruner decided (whatever its exit says: 143, a clean stop, a kill): pruned.
      const pruned = ctx.prunes === false ? undefined : await readPruneMarker(dir);
      const status: RunStatus = pruned ? 'pruned' : outcome.ok ? 'completed' : timedOut ? 'timeout' : entry.stoppedByUs ? 'cancelled' : 'failed';
      const reason = status === 'timeout' ? `timed out after ${settings.timeoutMs! / 60_000} min (${outcome.reason ?? 'killed'})`
        : status === 'cancelled' ? `${stopper.reason ?? 'cancelled'} (${outcome.reason ?? 'stopped'})` : outcome.reason;
      Object.assign(rec, { status, exitCode: outcome.exitCode, signal: outcome.signal, reason, warnings: outcome.warnings?.length ? outcome.warnings : undefined, ...endFields(startedAt) }, pruned ? prunedRecordFields(pruned) : {});
      const retry = (status === 'failed' || status === 'timeout') && retriesLeft > 0 && !stopper.reason;
      if (retry) {
        void save(rec, undefined);
        // The next attempt writes fresh logs and history; this one's are kept under .orch/attempts/.
        await keepAttempt(dir, { ...rec }).catch((err) => warn(`cannot keep attempt ${rec.attempt} of ${dir}: ${(err as Error).message}`));
        await save({ ...rec, status: 'pending' }, { status: 'pending', reason: `retrying after: ${reason}` });
        continue;
      }
      if ((status === 'failed' || status === 'timeout') && settings.failFast) {
        stopper.halt(`fail_fast after job ${job.num} ${status}`, settings.failFast === 'cancel' ? 'SIGTERM' : undefined);
      }
      if (ctx.provenanceLater && rec.provenance === undefined) rec.provenance = provenanceRef(dir, await ctx.provenanceLater);
      // The final record joins the writer's backlog and the slot is free, unless the backlog is
      // full; the event for this status still follows the write.
      const saved = save(rec, { status, reason: rec.reason, exitCode: rec.exitCode, signal: rec.signal, durationSec: rec.durationSec, warned: Boolean(rec.warnings),
        metrics: journalMetricsOf(written.metrics), warningCount: rec.warnings?.length ?? 0 });
      // An adaptive source proposes the next job from this one's result: it hears of the end first (contract A).
      if (source?.adaptive) await saved.catch(() => undefined);
      else await writer.room();
      return;
    }
  }

  /** `next`, handed to the spawner to start when `now` ends well; undefined if it is to be started as usual. */
  function queueAfter(next: PlannedJob, now: AttemptHandle, ctx: LaunchContext): AttemptHandle | undefined {
    // A job run before has its earlier attempt's files moved aside first (firstRecord), not under it.
    if (ctx.interactive || deps.spawn || !next.firstAttempt || stopper.reason || parseModuleJobArgv(next.argv)) return undefined;
    const queued = spawnCommandAfter(next, now, resolveCommand, settings.graceMs);
    // A stop reaches it as it reaches the jobs that run (a signal waits for its pid).
    if (queued) running.set(next.num, { attempt: queued, stoppedByUs: false });
    return queued;
  }

  return {
    name: 'local',
    adaptive: true,
    async preflight(ctx) {
      if (ctx.commandSweep && !deps.spawn) startSpawner(resolveCommand);
    },
    async submit(jobs, ctx) {
      source = jobs;
      journaled = ctx.journaled === true;
      if (stopper.reason) jobs.close(stopper.reason);
      const git = ctx.git !== undefined ? ctx.git ?? undefined : await readGitFacts(ctx.projectRoot);
      const runLane = async (): Promise<void> => {
        let job = await jobs.next();
        let queued: AttemptHandle | undefined;
        let previous: Promise<void> | undefined;
        const inFlight = new Set<Promise<void>>();
        const lane: LaneState = { shortJobs: false, handedOver: 0 };
        while (job) {
          // While this job runs the lane takes its next one (its dir and snapshot are made now, off
          // the path from one job's end to the next one's start) and, for a command job, hands it
          // to the spawner to start the moment this one ends well. The lane then follows that job
          // at once: this one's end (logs, metrics, record) is written while the next one runs, so
          // a lane of short jobs is paced by the spawner, not by orch's bookkeeping. An adaptive
          // source's next job depends on this one's result: it is taken when the slot frees.
          const handOver = deferred<Taken>();
          let lookedAhead = false;
          const lookAhead = jobs.adaptive ? undefined : (now: AttemptHandle): void => {
            lookedAhead = true;
            writer.room().then(() => jobs.next()).then((next) => handOver.resolve({ job: next, queued: next && queueAfter(next, now, ctx) }), handOver.reject);
          };
          // Jobs of a few milliseconds end faster than orch writes one job's end and takes the next:
          // while they do, the lane hands over a chain of jobs (each starts when the one before it
          // ends with 0), so the spawner always has the next one. Longer jobs are handed over one
          // at a time: no dir is made long before its job runs.
          if (queued) {
            lane.handedOver++;
            void queued.ready?.then(() => { lane.handedOver--; });
          }
          const early = queued !== undefined && lookAhead !== undefined && lane.shortJobs && lane.handedOver < MAX_HANDED_OVER;
          const run = runJob(job, ctx, git, lane, queued, early ? undefined : lookAhead, previous);
          if (early) lookAhead!(queued!);
          inFlight.add(run);
          // A run that rejected (a bug) stays in the set: the lane's end throws it, as before.
          run.then(() => { inFlight.delete(run); }, () => undefined);
          const taken = await Promise.race([handOver.promise, run.then(() => (lookedAhead ? handOver.promise : undefined))]);
          ({ job, queued } = taken ?? { job: stopper.reason ? undefined : await jobs.next() });
          // A job the spawner does not start by itself is started when this one's slot is free.
          if (!queued) await run;
          previous = run;
        }
        await Promise.all(inFlight);
      };
      // Last resort: if orch exits while jobs run (an uncaught error), none of them may outlive it.
      const killAll = (): void => {
        for (const r of running.values()) r.attempt.signal('SIGKILL');
        for (const pool of pools.values()) for (const pid of pool.pids()) signalGroupOnly(pid, 'SIGKILL');
      };
      process.on('exit', killAll);
      void Promise.all(Array.from({ length: Math.max(1, Math.min(settings.nJobs, jobs.count)) }, runLane)).then(() => {
        for (const pool of pools.values()) pool.close();
        process.off('exit', killAll);
      });
      return [];
    },
    poll: pollRunRecords,
    stop: (signal) => stopper.stop(signal),
    stopJob: async (num) => stopOne(num),
  };
}

interface Taken { job: PlannedJob | undefined; queued?: AttemptHandle }

/** What a lane knows of its own jobs: whether they are short, and how many wait in the spawner. */
interface LaneState {
  /** The lane's last job ran for less than SHORT_JOB_MS. */
  shortJobs: boolean;
  /** Jobs handed to the spawner and not started (or dropped) yet. */
  handedOver: number;
}
/** How long a job the spawner runs goes without a `running` record (its journal line says it runs). */
export const RUNNING_RECORD_AFTER_MS = 1000;
/** A job shorter than this takes less time than orch's bookkeeping of one job's end and the next's start, many times over. */
export const SHORT_JOB_MS = 100;
/** The most jobs a lane of short jobs has waiting in the spawner (measured: 1 → 8 took 10,000 `true` jobs from 8.0 to 7.3 s). */
export const MAX_HANDED_OVER = 8;

function notStarted(reason: string): AttemptHandle {
  return { pid: undefined, done: Promise.resolve({ ok: false, exitCode: null, signal: null, reason }), signal() {} };
}
