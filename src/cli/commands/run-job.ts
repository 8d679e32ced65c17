/**
 * `orch _run-job JOB_DIR [TASK_FILE]`: runs one job of a module task in this process, standalone
 * (a Slurm array task, or by hand), and records it in the job's run.json: running, then
 * completed/failed with exit code, times, host, pid and attempt (`pruned` when it ends after the
 * pruner's decision, `.orch/prune.json`, whatever its exit).
 */
import { dirname, join, resolve } from 'node:path';
import { hostname } from 'node:os';
import { keepAttempt } from '../../store/attempts.js';
import { clearPruneMarker, prunedRecordFields, readPruneMarker, readPruneMarkerSync } from '../../store/prune-marker.js';
import { StoreError } from '../../store/errors.js';
import { endFields, newRunRecord, readRunRecord, writeRunRecord, writeRunRecordSync } from '../../store/run-record.js';
import type { RunRecord } from '../../store/types.js';
import { isSweepDir } from '../../store/sweep-view.js';
import type { TaskContextHandle } from '../../task/context.js';
import { deviceFromEnv } from '../../task/context.js';
import { onJobSignals, STOP_EXIT_CODES } from '../../task/job-signals.js';
import { jobArgv, parseModuleJobArgv } from '../../task/job-argv.js';
import { loadTaskFunction } from '../../task/load-task.js';
import { runModuleJob } from '../../task/run-module-job.js';
import { inform } from '../../warn.js';

export interface RunJobOptions {
  jobDir: string;
  taskFile?: string;
  /** Also print the task's output (default: only to the job's logs). */
  echo?: boolean;
}

export async function runJobCommand(opts: RunJobOptions): Promise<number> {
  const jobDir = resolve(opts.jobDir);
  const prev = await readRunRecord(jobDir);
  const taskFile = opts.taskFile ?? (prev && parseModuleJobArgv(prev.argv)?.taskFile);
  if (!taskFile) {
    throw new StoreError({
      code: 'RUN_JOB_NO_TASK', message: `${jobDir}: no task file given and none recorded in .orch/run.json`,
      hint: 'Usage: orch _run-job JOB_DIR TASK_FILE',
    });
  }
  const sweepDir = process.env.ORCH_SWEEP_DIR ?? (isSweepDir(dirname(jobDir)) ? dirname(jobDir) : jobDir);
  const jobNum = prev?.jobNum ?? Number(process.env.ORCH_JOB_NUM ?? 0);
  // A Slurm requeue (or a second run by hand) starts a new attempt: the previous one's files go aside.
  await keepAttempt(jobDir, prev);
  // An earlier attempt's prune decision is on its record; this attempt starts undecided.
  await clearPruneMarker(jobDir);
  const startedAt = new Date().toISOString();
  const rec: RunRecord = {
    ...(prev ?? newRunRecord({ jobNum, overrides: [], task: taskFile, argv: jobArgv({ kind: 'module', name: taskFile, file: resolve(taskFile) }, jobDir) })),
    status: 'running',
    attempt: (prev?.attempt ?? 0) + 1,
    host: hostname(), pid: process.pid, startedAt, device: deviceFromEnv(),
    exitCode: undefined, signal: undefined, reason: undefined, warnings: undefined, endedAt: undefined, durationSec: undefined,
  } as RunRecord;
  await writeRunRecord(jobDir, rec);

  // A task that calls process.exit() skips our ending: record it on the way out.
  let ended = false;
  const onExit = (code: number): void => {
    if (ended) return;
    const pruned = readPruneMarkerSync(jobDir);
    writeRunRecordSync(jobDir, { ...rec, status: 'failed', exitCode: code, reason: `the task called process.exit(${code})`, ...endFields(startedAt), ...(pruned ? prunedRecordFields(pruned) : {}) });
  };
  process.on('exit', onExit);
  let current: TaskContextHandle | undefined;
  // Under Slurm, USR1 is the preemption/time-limit warning: checkpoint, then leave at once without
  // a final status, so the batch script requeues the job and the next attempt resumes from it.
  const preemptible = process.env.ORCH_LAUNCHER === 'slurm';
  const signals = onJobSignals({
    handle: () => current,
    // A task that watches ctx.shouldStop() ends where it chooses (the pruner's scancel included).
    letTaskWindDown: true,
    afterCheckpoint: preemptible ? () => { ended = true; process.exit(0); } : undefined,
    stop: (signal, code) => {
      ended = true;
      // The pruner's scancel (TERM) is a prune, not a cancellation.
      const pruned = readPruneMarkerSync(jobDir);
      writeRunRecordSync(jobDir, { ...rec, status: 'cancelled', signal, exitCode: null, reason: `received ${signal}`, ...endFields(startedAt), ...(pruned ? prunedRecordFields(pruned) : {}) });
      process.exit(code);
    },
  });
  try {
    const result = await runModuleJob(() => loadTaskFunction(resolve(taskFile)), {
      jobDir, jobNum, sweepDir, attempt: rec.attempt, echo: opts.echo ?? false,
    }, (h) => { current = h; });
    ended = true;
    // A task that saw ctx.shouldStop() and returned (or threw on the aborted signal) was stopped:
    // pruned when the pruner decided, else cancelled, as if it had not watched (no completed run).
    const pruned = await readPruneMarker(jobDir);
    const stopping = signals.stopping();
    if (stopping !== undefined) {
      const signal = stopping === STOP_EXIT_CODES.SIGINT ? 'SIGINT' : 'SIGTERM';
      await writeRunRecord(jobDir, { ...rec, status: 'cancelled', signal, exitCode: null, reason: `received ${signal}`, warnings: result.warnings, ...endFields(startedAt), ...(pruned ? prunedRecordFields(pruned) : {}) });
      return stopping;
    }
    const exitCode = result.status === 'completed' ? 0 : 1;
    await writeRunRecord(jobDir, { ...rec, status: result.status, exitCode, reason: result.reason, warnings: result.warnings, ...endFields(startedAt), ...(pruned ? prunedRecordFields(pruned) : {}) });
    if (result.reason && !pruned) inform(`job ${jobNum} failed: ${result.reason} (log: ${join(jobDir, 'stderr.log')})`);
    return exitCode;
  } finally {
    process.off('exit', onExit);
    signals.remove();
  }
}
