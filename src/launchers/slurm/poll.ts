import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobState } from '../types.js';
import type { RunRecord, RunStatus } from '../../store/types.js';
import { isTerminal, readRunRecord, updateRunRecord, type RunRecordSeed } from './run-record.js';
import type { SlurmCommands } from './slurm-cli.js';
import { queuedStatus, terminalStatus, type TaskReport } from './slurm-state.js';
import { parseJobcompLog } from './slurm-state.js';
import { checkMetricsFile } from '../../task/metrics.js';
import { prunedRecordFields, readPruneMarker } from '../../store/prune-marker.js';
import { endFields } from '../../store/run-record.js';

export interface TrackedJob extends RunRecordSeed {
  outputDir: string;
  /** `<array job id>_<task id>` of the latest submission. */
  taskId: string;
  /** For a poller without memory (`orch status`): unseen time counts from the submission. */
  submittedAtMs?: number;
  /** When the latest submission was made: a record that ended before it is an earlier attempt's. */
  sentAtMs?: number;
}

/** What one poller remembers between polls: tasks no source knows about yet, and when first seen so. */
export interface PollMemory { unseenSince: Map<string, number> }

export function createPollMemory(): PollMemory { return { unseenSince: new Map() } }

export interface PollDeps {
  commands: SlurmCommands;
  slurmDir: string;
  launcherName: string;
  memory: PollMemory;
  now?: () => number;
  /** How long a task may be unknown to squeue, sacct and the controller before we call it cancelled. */
  unseenGraceMs?: number;
}

/**
 * The state of every tracked job, from the cheapest source that knows: the job's run.json, the
 * exit marker the array task runner writes, squeue (still queued or running), then sacct /
 * scontrol / the job completion log for tasks that died without a word (scancel, time limit, OOM,
 * node failure). Deaths are written to run.json with Slurm's reason and the tail of the task's log.
 */
export async function pollJobs(jobs: TrackedJob[], deps: PollDeps): Promise<JobState[]> {
  const states = new Map<number, JobState>();
  const open: TrackedJob[] = [];
  const marked: Array<{ job: TrackedJob; rc: number; span?: Span }> = [];
  for (const job of jobs) {
    const known = await fromFiles(job, deps);
    if ('state' in known) states.set(job.num, known.state);
    else if (known.rc !== undefined) marked.push({ job, rc: known.rc, span: known.span });
    else open.push(job);
  }
  // An exit code is enough unless a signal ended the job: then Slurm knows why (OOM, time limit).
  for (const { job, rc, span } of marked) {
    if (rc < 128) states.set(job.num, await settle(job, rc === 0 ? 'completed' : 'failed', rc === 0 ? undefined : `exit code ${rc}`, rc, deps, rc !== 0, true, span));
    else open.push(job);
  }
  if (open.length === 0) return order(jobs, states);

  const arrayIds = [...new Set(open.map((j) => j.taskId.split('_')[0]!))];
  const queued = new Map((await deps.commands.squeue(arrayIds)).map((t) => [t.id, t]));
  const gone: TrackedJob[] = [];
  for (const job of open) {
    const q = queued.get(job.taskId);
    if (q && !terminalStatus(q.state)) {
      deps.memory.unseenSince.delete(job.taskId);
      const status = queuedStatus(q.state);
      states.set(job.num, { num: job.num, status, reason: status === 'pending' ? q.reason : undefined });
    } else gone.push(job);
  }
  if (gone.length === 0) return order(jobs, states);

  const reports = await schedulerRecords(gone, deps);
  for (const job of gone) {
    // The job may have finished between our file read and squeue: look at its files once more.
    const again = await fromFiles(job, deps);
    if ('state' in again) { states.set(job.num, again.state); continue; }
    const report = reports.get(job.taskId) ?? queued.get(job.taskId);
    const status = report ? terminalStatus(report.state) : undefined;
    if (report && status) {
      const special = report.state !== 'COMPLETED' && report.state !== 'FAILED';
      if (again.rc !== undefined && !special) {
        states.set(job.num, await settle(job, again.rc === 0 ? 'completed' : 'failed', again.rc === 0 ? undefined : `killed by signal ${again.rc - 128}`, again.rc, deps));
      } else {
        const reason = `Slurm ${report.stateText} (task ${job.taskId}${report.exitCode ? `, exit ${report.exitCode}` : ''})`;
        states.set(job.num, await settle(job, status, reason, exitOf(report.exitCode), deps, true));
      }
      continue;
    }
    if (report) {
      // Accounting lags the controller by a moment: ask again at the next poll.
      states.set(job.num, { num: job.num, status: 'running' });
      continue;
    }
    const now = (deps.now ?? Date.now)();
    const since = deps.memory.unseenSince.get(job.taskId) ?? job.submittedAtMs ?? now;
    deps.memory.unseenSince.set(job.taskId, since);
    const overdue = now - since >= (deps.unseenGraceMs ?? 5000);
    if (again.rc !== undefined) {
      states.set(job.num, overdue
        ? await settle(job, 'failed', `killed by signal ${again.rc - 128}`, again.rc, deps, true)
        : { num: job.num, status: 'running' });
    } else if (overdue && !again.running) {
      // Pending array tasks cancelled before they start leave no trace in sacct or scontrol.
      states.set(job.num, await settle(job, 'cancelled', `Slurm CANCELLED (task ${job.taskId} left the queue before it started)`, undefined, deps, false, false));
    } else states.set(job.num, { num: job.num, status: again.running ? 'running' : 'pending' });
  }
  return order(jobs, states);
}

async function fromFiles(job: TrackedJob, deps: PollDeps): Promise<{ state: JobState } | { rc?: number; span?: Span; running?: boolean }> {
  const rec = await readRunRecord(job.outputDir);
  if (rec && isTerminal(rec.status) && !endedBefore(rec, job)) return { state: { num: job.num, status: rec.status, reason: rec.reason } };
  const marker = await readFile(join(deps.slurmDir, 'exit', String(job.num)), 'utf8').catch(() => '');
  const [task, rc, started, ended] = marker.trim().split(' ');
  const ours = task === job.taskId && rc !== undefined && /^\d+$/.test(rc);
  // A job that said it is running will show up in accounting, however late.
  return { rc: ours ? Number(rc) : undefined, span: ours ? markerSpan(started, ended) : undefined, running: rec?.status === 'running' };
}

/** The job's start and end the task runner measured (seconds since the epoch), when its bash could. */
export function markerSpan(started: string | undefined, ended: string | undefined): { startedAt: string; endedAt: string; durationSec: number } | undefined {
  const num = (s: string | undefined): number => (s && /^\d+(\.\d+)?$/.test(s) ? Number(s) : NaN);
  const [a, b] = [num(started), num(ended)];
  if (!(b >= a)) return undefined;
  return { startedAt: new Date(a * 1000).toISOString(), endedAt: new Date(b * 1000).toISOString(), durationSec: Math.round((b - a) * 100) / 100 };
}

/**
 * The end of an earlier attempt, still in run.json because the task submitted again (resume of a job
 * dispatched on its node) has not started yet: not this submission's end.
 */
function endedBefore(rec: RunRecord, job: TrackedJob): boolean {
  const sent = job.sentAtMs ?? job.submittedAtMs;
  if (rec.launcher?.jobId === job.taskId || sent === undefined || rec.endedAt === undefined) return false;
  return Date.parse(rec.endedAt) < sent;
}

async function schedulerRecords(jobs: TrackedJob[], deps: PollDeps): Promise<Map<string, TaskReport>> {
  const arrayIds = [...new Set(jobs.map((j) => j.taskId.split('_')[0]!))];
  let reports = await deps.commands.sacct(arrayIds);
  if (reports === undefined) {
    // No accounting: the controller remembers finished jobs for MinJobAge, the completion log forever.
    reports = await deps.commands.scontrolJobs(arrayIds);
    const config = await deps.commands.config().catch(() => new Map<string, string>());
    const log = config.get('JobCompType') === 'jobcomp/filetxt' ? config.get('JobCompLoc') : undefined;
    if (log) reports = [...reports, ...parseJobcompLog(await readFile(log, 'utf8').catch(() => ''))];
  }
  return new Map(reports.map((r) => [r.id, r]));
}

type Span = NonNullable<ReturnType<typeof markerSpan>>;

async function settle(job: TrackedJob, status: RunStatus, reason: string | undefined, exitCode: number | undefined, deps: PollDeps, withLog = false, started = true, span?: Span): Promise<JobState> {
  deps.memory.unseenSince.delete(job.taskId);
  const fullReason = withLog && reason ? `${reason}${await logTail(deps.slurmDir, job.taskId)}` : reason;
  // A command task never says it started (only `orch _run-job` does): a job still `pending` that
  // Slurm ran ends an attempt nobody counted yet.
  const current = await readRunRecord(job.outputDir);
  const uncounted = started && current?.status === 'pending';
  // A command job writes no record of its own: its metrics.json is checked here, as the local launcher does.
  const warnings = status === 'completed' ? await checkMetricsFile(job.outputDir) : [];
  // Ended after the pruner decided (scancel's CANCELLED, a 143, a clean exit): pruned, as the local launcher says.
  const pruned = started ? await readPruneMarker(job.outputDir) : undefined;
  await updateRunRecord(job.outputDir, job, {
    // Without the runner's times (an older bash, a death it did not see): from the record's start to now.
    status, reason: fullReason, exitCode, ...(span ?? (started ? endFields(current?.startedAt) : { endedAt: new Date().toISOString() })), warnings: warnings.length ? warnings : undefined,
    ...(uncounted ? { attempt: current.attempt + 1 } : {}),
    ...(pruned ? prunedRecordFields(pruned) : {}),
    launcher: { name: deps.launcherName, jobId: job.taskId },
  }, { unlessTerminal: true });
  const rec = await readRunRecord(job.outputDir);
  return { num: job.num, status: rec?.status ?? status, reason: rec?.reason ?? fullReason };
}

export async function logTail(slurmDir: string, taskId: string, lines = 20): Promise<string> {
  const path = join(slurmDir, 'logs', `${taskId}.out`);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return `\n(no Slurm log at ${path})`;
  const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
  return `\n--- last lines of ${path} ---\n${tail}`;
}

function exitOf(code: string | undefined): number | undefined {
  const n = Number(code?.split(':')[0]);
  return Number.isFinite(n) ? n : undefined;
}

function order(jobs: TrackedJob[], states: Map<number, JobState>): JobState[] {
  return jobs.map((j) => states.get(j.num) ?? { num: j.num, status: 'pending' });
}
