/**
 * `orch rerun JOB_DIR`: runs one job again from its own snapshot (config, command line, cwd),
 * composing nothing, as a new attempt in the same directory: the earlier attempt's files move to
 * `.orch/attempts/<n>/`. Not a new directory, because the dir is the job's identity for sweep.json,
 * status and report. Its output is shown.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StoreError } from '../../store/errors.js';
import { withRunLock } from '../../store/lock.js';
import type { RunRecord } from '../../store/types.js';
import { readRunRecord } from '../../store/run-record.js';
import { configJsonPath } from '../../store/snapshot.js';
import { isSweepDir } from '../../store/sweep-view.js';
import { jobEnv } from '../../task/job-argv.js';
import type { PlannedJob } from '../../plan/types.js';
import type { LauncherRegistry } from '../../launchers/registry.js';
import { runSweep, type RunSweepOptions } from '../../launchers/run-sweep.js';
import { killLeftoverJob, liveOrchOf } from '../../launchers/sweep-jobs.js';
import { feedOf } from '../../launchers/job-source.js';
import { launchProvenance } from '../../run/launch-provenance.js';

export interface RerunOptions {
  jobDir: string;
  registry: LauncherRegistry;
  out?: RunSweepOptions['out'];
  handleSignals?: boolean;
  interactive?: boolean;
  /** The command line named in the lock. */
  command?: string[];
  /** Run it with the code it ran with (run/exact/), in a temporary worktree, and compare the metrics. */
  exact?: boolean;
  keepWorktree?: boolean;
}

export async function rerunCommand(opts: RerunOptions): Promise<number> {
  const jobDir = resolve(opts.jobDir);
  if (!existsSync(configJsonPath(jobDir))) {
    throw new StoreError({
      code: 'STORE_NOT_A_JOB', message: `${jobDir}: not a job directory (no .orch/config.json)`,
      hint: isSweepDir(jobDir) ? `This is a sweep directory: use orch resume ${jobDir}` : 'Pass a directory of one job, e.g. multirun/<date>/<time>/3',
    });
  }
  // Writes only into the job's .orch/exact/: no lock, a sweep running meanwhile is not in its way.
  if (opts.exact) return (await import('../../run/exact/rerun-exact.js')).rerunExact(jobDir, await recordToRerun(jobDir), opts);
  // The sweep's lock, not the job's: a resume of the sweep would run this job too.
  const sweepDir = isSweepDir(dirname(jobDir)) ? dirname(jobDir) : jobDir;
  return withRunLock(sweepDir, opts.command ?? ['rerun', jobDir], () => rerunLocked(jobDir, sweepDir, opts), opts.out ?? process.stderr);
}

/** The record of the job's last attempt: what it ran with. A job that has none never ran long enough to be rerun. */
async function recordToRerun(jobDir: string): Promise<RunRecord> {
  const rec = await readRunRecord(jobDir);
  if (rec) return rec;
  throw new StoreError({
    code: 'STORE_NOT_A_JOB', message: `${jobDir}: the job has no run record (.orch/run.json): it has not run, or its orch was killed as it started`,
    hint: isSweepDir(dirname(jobDir)) ? `Run it with its sweep: orch resume ${dirname(jobDir)}` : 'Run the task again.',
  });
}

async function rerunLocked(jobDir: string, sweepDir: string, opts: RerunOptions): Promise<number> {
  const rec = await recordToRerun(jobDir);
  const pid = liveOrchOf(rec);
  if (pid !== undefined) throw new StoreError({ code: 'STORE_JOB_RUNNING', message: `${jobDir}: the job is still being run by orch (pid ${pid})` });
  killLeftoverJob(rec, jobDir);
  const job: PlannedJob = {
    num: rec.jobNum, overrides: rec.overrides, overrideDirname: rec.overrides.join(','), outputDir: jobDir, argv: rec.argv,
    cwd: rec.cwd ?? process.cwd(), env: jobEnv({ outputDir: jobDir, num: rec.jobNum, sweepDir, configPath: configJsonPath(jobDir) }),
  };
  const launcher = opts.registry.createLauncher('local', { n_jobs: 1 });
  const interactive = opts.interactive ?? true;
  const facts = await launchProvenance(job.cwd, sweepDir, rec.argv, opts.out);
  const result = await runSweep(feedOf([job]), launcher, { sweepDir, settings: { n_jobs: 1 }, projectRoot: job.cwd, task: rec.task, interactive, ...facts }, {
    out: opts.out, handleSignals: opts.handleSignals,
  });
  return result.exitCode;
}
