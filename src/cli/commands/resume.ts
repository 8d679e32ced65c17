/**
 * `orch resume [SWEEP_DIR] [--rerun-failed]`: runs again, in their original directories, the jobs
 * of a sweep that did not complete (or, with --rerun-failed, only those that failed or timed out).
 * Completed jobs are never run twice; nothing is composed again: the plan on disk is used as is.
 */
import { sweepDirOrLatest } from '../../store/latest-sweep.js';
import { readRunRecordIfValid } from '../../store/run-record.js';
import { IO_CONCURRENCY, mapLimit } from '../../concurrency.js';
import { StoreError } from '../../store/errors.js';
import { withRunLock } from '../../store/lock.js';
import { jobDirOf, loadSweep, missingSnapshots } from '../../store/sweep-file.js';
import type { RunRecord } from '../../store/types.js';
import { launcherSettings, type LauncherRegistry } from '../../launchers/registry.js';
import { runSweep, type RunSweepOptions } from '../../launchers/run-sweep.js';
import { killLeftoverJob, liveOrchOf, plannedJobsFromSweep } from '../../launchers/sweep-jobs.js';

export interface ResumeOptions {
  sweepDir?: string;
  /** Where to look for the latest sweep when no dir is given. */
  outputsRoots?: string[];
  rerunFailed?: boolean;
  registry: LauncherRegistry;
  /** `orch.launcher.*` settings that replace the recorded ones (e.g. a different n_jobs). */
  launcherOverrides?: Record<string, unknown>;
  out?: RunSweepOptions['out'];
  handleSignals?: boolean;
  /** The command line named in the lock, for whoever finds the sweep busy. */
  command?: string[];
}

export async function resumeCommand(opts: ResumeOptions): Promise<number> {
  const sweepDir = await sweepDirOrLatest(opts.sweepDir, opts.outputsRoots, 'resume');
  const sweep = await loadSweep(sweepDir);
  // Held from before the records are read until the last job ends: a second resume started at the
  // same moment must not see the same unfinished jobs and run them again in the same dirs.
  return withRunLock(sweepDir, opts.command ?? ['resume', sweepDir], () => resumeLocked(sweepDir, sweep, opts), opts.out ?? process.stderr);
}

async function resumeLocked(sweepDir: string, sweep: Awaited<ReturnType<typeof loadSweep>>, opts: ResumeOptions): Promise<number> {
  const missing = await missingSnapshots(sweepDir, sweep);
  if (missing.length > 0) {
    throw new StoreError('STORE_PLAN_DAMAGED', `${sweepDir}: the plan on disk is not intact: job(s) ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''} have no .orch/config.json snapshot`, {
      hint: 'Resume runs exactly the planned jobs and cannot re-create a lost snapshot; start the sweep again instead.',
    });
  }
  const records = new Map<number, RunRecord | undefined>();
  await mapLimit(sweep.jobs, IO_CONCURRENCY, async (j) => records.set(j.num, await readRunRecordIfValid(jobDirOf(sweepDir, sweep, j.dir))));
  for (const [num, rec] of records) {
    const pid = liveOrchOf(rec);
    if (pid !== undefined) {
      throw new StoreError('STORE_SWEEP_RUNNING', `${sweepDir}: job ${num} is still being run by orch (pid ${pid})`, {
        hint: `Wait for it to finish, or stop it (kill -INT ${pid}) before resuming.`,
      });
    }
  }
  const wanted = (rec: RunRecord | undefined): boolean =>
    opts.rerunFailed ? rec?.status === 'failed' || rec?.status === 'timeout' : rec?.status !== 'completed';
  const { name, settings } = launcherSettings(sweep.launcher ?? {});
  // Jobs a scheduler still holds (queued or running) are not lost: submitting them again would
  // run them twice.
  const active = await activeJobs(name, sweepDir);
  const nums = new Set(sweep.jobs.filter((j) => wanted(records.get(j.num)) && !active.has(j.num)).map((j) => j.num));
  const out = opts.out ?? process.stderr;
  if (active.size > 0) out.write(`${active.size} job(s) of ${sweepDir} are still queued or running in ${name}; they are left to finish.\n`);
  if (nums.size === 0) {
    out.write(`Nothing to resume in ${sweepDir}: ${opts.rerunFailed ? 'no job failed' : active.size > 0 ? 'every job that did not complete is still queued or running' : `all ${sweep.jobs.length} jobs completed`}.\n`);
    return 0;
  }
  const jobs = plannedJobsFromSweep(sweepDir, sweep, nums, (n) => records.get(n)?.cwd);
  for (const job of jobs) killLeftoverJob(records.get(job.num), job.outputDir);
  out.write(`Resuming ${jobs.length} of ${sweep.jobs.length} jobs in ${sweepDir}\n`);
  // The name stays in the settings: slurm and slurmgpu differ only by it.
  const merged = { ...settings, name, ...(opts.launcherOverrides ?? {}) };
  const launcher = opts.registry.createLauncher(name, merged);
  const projectRoot = sweep.projectRoot ?? jobs[0]!.cwd;
  const result = await runSweep(jobs, launcher, { sweepDir, settings: merged, projectRoot, task: sweep.task, interactive: false }, {
    out, handleSignals: opts.handleSignals,
  });
  return result.exitCode;
}

async function activeJobs(launcherName: string, sweepDir: string): Promise<Set<number>> {
  if (launcherName !== 'slurm' && launcherName !== 'slurmgpu') return new Set();
  const { activeSlurmJobs } = await import('../../launchers/slurm/launcher.js');
  return activeSlurmJobs(sweepDir);
}
