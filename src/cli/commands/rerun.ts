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
  const rec = await readRunRecord(jobDir);
  if (!rec || !existsSync(configJsonPath(jobDir))) {
    throw new StoreError({
      code: 'STORE_NOT_A_JOB', message: `${jobDir}: not a job directory (no .orch/run.json and .orch/config.json)`,
      hint: isSweepDir(jobDir) ? `This is a sweep directory: use orch resume ${jobDir}` : 'Pass a directory of one job, e.g. multirun/<date>/<time>/3',
    });
  }
  // Writes only into the job's .orch/exact/: no lock, a sweep running meanwhile is not in its way.
  if (opts.exact) return (await import('../../run/exact/rerun-exact.js')).rerunExact(jobDir, rec, opts);
  // The sweep's lock, not the job's: a resume of the sweep would run this job too.
  const sweepDir = isSweepDir(dirname(jobDir)) ? dirname(jobDir) : jobDir;
  return withRunLock(sweepDir, opts.command ?? ['rerun', jobDir], () => rerunLocked(jobDir, sweepDir, opts), opts.out ?? process.stderr);
}

async function rerunLocked(jobDir: string, sweepDir: string, opts: RerunOptions): Promise<number> {
  const rec = (await readRunRecord(jobDir))!;
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
