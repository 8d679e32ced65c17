import PQueue from 'p-queue';
import { IoError } from '../../errors.js';
import type { PlannedJob } from '../../plan/types.js';
import { readGitFacts } from '../../store/git.js';
import { endFields, readRunRecord } from '../../store/run-record.js';
import { keepAttempt } from '../../store/attempts.js';
import type { RunRecord, RunStatus } from '../../store/types.js';
import { checkMetricsFile } from '../../task/metrics.js';
import { parseModuleJobArgv } from '../../task/job-argv.js';
import type { JobHandle, JobState, LaunchContext, Launcher } from '../types.js';
import type { AttemptHandle } from './attempt.js';
import { initRunRecords } from './init-records.js';
import { signalGroupOnly } from './process-tree.js';
import { createRecordWriter, type RecordWriter } from './record-writer.js';
import { parseLocalSettings } from './settings.js';
import { spawnCommand } from './spawn-command.js';
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

export interface LocalLauncher extends Launcher {
  /** Stop launching and send `signal` to every running job; a second call kills at once. */
  interrupt(signal: NodeJS.Signals): void;
}

interface Running { attempt: AttemptHandle; stoppedByUs: boolean }

export interface LocalLauncherDeps {
  /** How run records are written (tests count concurrent writes through it). */
  writeRecord?: (dir: string, rec: RunRecord) => Promise<void>;
}

/**
 * Runs jobs on this machine, `n_jobs` at a time. Command jobs are spawned directly; module jobs go
 * to reused worker processes. Every status change is written to the job's run.json before the
 * event for it is emitted, so whoever reacts to an event can read the store.
 */
/** Errors after which no job's record can be written. */
const STORE_FULL = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

export function createLocalLauncher(rawSettings: Record<string, unknown>, deps: LocalLauncherDeps = {}): LocalLauncher {
  const settings = parseLocalSettings(rawSettings);
  const records = new Map<number, RunRecord>();
  const running = new Map<number, Running>();
  // poll() answers from what the writer says is on disk, never from `records`, which runs ahead of
  // the disk: a job reported finished before its record is written would be summarized as running.
  const writer: RecordWriter = createRecordWriter({
    slots: settings.nJobs, write: deps.writeRecord,
    onError: (dir, err) => {
      process.stderr.write(`orch: ${err instanceof IoError ? err.message : `cannot update ${dir}/.orch/run.json: ${err.message}`}\n`);
      // Jobs whose results cannot be recorded would only fill the disk further: start no more.
      if (err instanceof IoError && STORE_FULL.has(err.errno)) stop(`results cannot be recorded (${err.errno}); free space, then orch resume`, undefined);
    },
  });
  const pools = new Map<string, WorkerPool>();
  let stopReason: string | undefined;
  let interrupts = 0;

  function save(dir: string, rec: RunRecord, ctx: LaunchContext, emit: { status: RunStatus; reason?: string } | undefined): Promise<void> {
    const attempt = rec.attempt;
    return writer.save(dir, rec).then(() => {
      if (emit) ctx.onJobEvent?.({ num: rec.jobNum, status: emit.status, attempt, outputDir: dir, reason: emit.reason });
    });
  }

  /**
   * The end of a job: its final record joins the writer's backlog and the slot is free, unless the
   * backlog is full. The event for this status still follows the write.
   */
  async function finish(dir: string, rec: RunRecord, ctx: LaunchContext, emit: { status: RunStatus; reason?: string }): Promise<void> {
    void save(dir, rec, ctx, emit);
    await writer.room();
  }

  function poolFor(taskFile: string, cwd: string): WorkerPool {
    const key = `${taskFile}\0${cwd}`;
    let pool = pools.get(key);
    if (!pool) pools.set(key, (pool = createWorkerPool(taskFile, cwd)));
    return pool;
  }

  function stop(reason: string, signal: NodeJS.Signals | undefined): void {
    stopReason ??= reason;
    if (!signal) return;
    for (const r of running.values()) {
      r.stoppedByUs = true;
      r.attempt.signal(signal);
    }
    const t = setTimeout(() => { for (const r of running.values()) r.attempt.signal('SIGKILL'); }, settings.graceMs);
    t.unref();
  }

  async function runJob(job: PlannedJob, ctx: LaunchContext): Promise<void> {
    const rec = records.get(job.num)!;
    const dir = job.outputDir;
    const module = parseModuleJobArgv(job.argv);
    for (let retriesLeft = settings.maxRetries; ; retriesLeft--) {
      if (stopReason) {
        Object.assign(rec, { status: 'cancelled', reason: `not started: ${stopReason}` });
        await finish(dir, rec, ctx, { status: 'cancelled', reason: rec.reason });
        return;
      }
      rec.attempt += 1;
      const startedAt = new Date().toISOString();
      let attempt: AttemptHandle;
      try {
        attempt = module
          ? poolFor(module.taskFile, job.cwd).run({ jobDir: dir, jobNum: job.num, sweepDir: ctx.sweepDir, attempt: rec.attempt, echo: ctx.interactive }, job.env)
          : spawnCommand(job, ctx.interactive);
      } catch (err) {
        // orch itself could not start it (its logs cannot be opened: EMFILE, ENOSPC): the job fails
        // with the reason on record instead of taking the whole sweep down.
        attempt = notStarted(`orch could not start it: ${(err as Error).message}`);
      }
      const entry: Running = { attempt, stoppedByUs: false };
      running.set(job.num, entry);
      Object.assign(rec, { status: 'running', startedAt, pid: attempt.pid, orchPid: process.pid, exitCode: undefined, signal: undefined, reason: undefined, warnings: undefined, endedAt: undefined, durationSec: undefined });
      void save(dir, rec, ctx, { status: 'running' });

      let timedOut = false;
      const timers: NodeJS.Timeout[] = [];
      if (settings.timeoutMs !== undefined) {
        timers.push(setTimeout(() => {
          timedOut = true;
          attempt.signal('SIGTERM');
          timers.push(setTimeout(() => attempt.signal('SIGKILL'), settings.graceMs));
        }, settings.timeoutMs));
      }
      let outcome = await attempt.done;
      timers.forEach(clearTimeout);
      running.delete(job.num);
      if (!module && attempt.pid !== undefined) signalGroupOnly(attempt.pid, 'SIGKILL'); // leftovers of the job
      if (outcome.ok && !module) outcome = { ...outcome, warnings: await checkMetricsFile(dir) };
      const status: RunStatus = outcome.ok ? 'completed' : timedOut ? 'timeout' : entry.stoppedByUs ? 'cancelled' : 'failed';
      const reason = status === 'timeout' ? `timed out after ${settings.timeoutMs! / 60_000} min (${outcome.reason ?? 'killed'})`
        : status === 'cancelled' ? `${stopReason ?? 'cancelled'} (${outcome.reason ?? 'stopped'})` : outcome.reason;
      Object.assign(rec, { status, exitCode: outcome.exitCode, signal: outcome.signal, reason, warnings: outcome.warnings?.length ? outcome.warnings : undefined, ...endFields(startedAt) });
      const retry = (status === 'failed' || status === 'timeout') && retriesLeft > 0 && !stopReason;
      if (retry) {
        void save(dir, rec, ctx, undefined);
        // The next attempt writes fresh logs and history; this one's are kept under .orch/attempts/.
        await keepAttempt(dir, { ...rec }).catch((err) => process.stderr.write(`orch: cannot keep attempt ${rec.attempt} of ${dir}: ${(err as Error).message}\n`));
        await save(dir, { ...rec, status: 'pending' }, ctx, { status: 'pending', reason: `retrying after: ${reason}` });
        continue;
      }
      if ((status === 'failed' || status === 'timeout') && settings.failFast) {
        stop(`fail_fast after job ${job.num} ${status}`, settings.failFast === 'cancel' ? 'SIGTERM' : undefined);
      }
      await finish(dir, rec, ctx, { status, reason });
      return;
    }
  }

  return {
    name: 'local',
    async submit(jobs, ctx) {
      const git = ctx.git !== undefined ? ctx.git ?? undefined : await readGitFacts(ctx.projectRoot);
      for (const [num, rec] of await initRunRecords(jobs, { task: ctx.task, launcher: 'local', git })) {
        records.set(num, rec);
        writer.known(rec);
      }
      const queue = new PQueue({ concurrency: settings.nJobs });
      for (const job of jobs) void queue.add(() => runJob(job, ctx));
      // Last resort: if orch exits while jobs run (an uncaught error), none of them may outlive it.
      const killAll = (): void => {
        for (const r of running.values()) r.attempt.signal('SIGKILL');
        for (const pool of pools.values()) for (const pid of pool.pids()) signalGroupOnly(pid, 'SIGKILL');
      };
      process.on('exit', killAll);
      void queue.onIdle().then(() => {
        for (const pool of pools.values()) pool.close();
        process.off('exit', killAll);
      });
      if (ctx.signal) {
        const onAbort = () => stop(`interrupted (${String(ctx.signal!.reason ?? 'abort')})`, 'SIGTERM');
        if (ctx.signal.aborted) onAbort(); else ctx.signal.addEventListener('abort', onAbort, { once: true });
      }
      return jobs.map((j) => ({ num: j.num, outputDir: j.outputDir }));
    },
    async poll(handles: JobHandle[]): Promise<JobState[]> {
      return Promise.all(handles.map(async (h) => {
        const rec = writer.persisted(h.num) ?? (await readRunRecord(h.outputDir).catch(() => undefined));
        return { num: h.num, status: rec?.status ?? 'pending', reason: rec?.reason };
      }));
    },
    async cancel() {
      this.interrupt('SIGTERM');
    },
    interrupt(signal) {
      if (++interrupts > 1) {
        for (const r of running.values()) r.attempt.signal('SIGKILL');
        return;
      }
      // A hangup is orch's terminal going away, not a request to the job: it gets the SIGTERM that
      // it may handle (save a checkpoint) before it is cancelled.
      stop(`interrupted by ${signal}`, signal === 'SIGHUP' ? 'SIGTERM' : signal);
    },
  };
}

function notStarted(reason: string): AttemptHandle {
  return { pid: undefined, done: Promise.resolve({ ok: false, exitCode: null, signal: null, reason }), signal() {} };
}
