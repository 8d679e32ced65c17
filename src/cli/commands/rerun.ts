/**
 * `orch rerun JOB_DIR`: runs one job again from its own snapshot (config, command line, cwd),
 * composing nothing, in the same directory with the attempt count incremented. Its output is shown.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StoreError } from '../../store/errors.js';
import { readRunRecord } from '../../store/run-record.js';
import { configJsonPath } from '../../store/snapshot.js';
import { SWEEP_FILE } from '../../store/types.js';
import { jobEnv } from '../../task/job-argv.js';
import type { PlannedJob } from '../../plan/types.js';
import type { LauncherRegistry } from '../../launchers/registry.js';
import { runSweep, type RunSweepOptions } from '../../launchers/run-sweep.js';
import { killLeftoverJob, liveOrchOf } from '../../launchers/sweep-jobs.js';

export async function rerunCommand(opts: { jobDir: string; registry: LauncherRegistry; out?: RunSweepOptions['out']; handleSignals?: boolean; interactive?: boolean }): Promise<number> {
  const jobDir = resolve(opts.jobDir);
  const rec = await readRunRecord(jobDir);
  if (!rec || !existsSync(configJsonPath(jobDir))) {
    throw new StoreError('STORE_NOT_A_JOB', `${jobDir}: not a job directory (no .orch/run.json and .orch/config.json)`, {
      hint: existsSync(join(jobDir, SWEEP_FILE)) ? `This is a sweep directory: use orch resume ${jobDir}` : 'Pass a directory of one job, e.g. multirun/<date>/<time>/3',
    });
  }
  const pid = liveOrchOf(rec);
  if (pid !== undefined) throw new StoreError('STORE_JOB_RUNNING', `${jobDir}: the job is still being run by orch (pid ${pid})`);
  killLeftoverJob(rec, jobDir);
  const sweepDir = existsSync(join(dirname(jobDir), SWEEP_FILE)) ? dirname(jobDir) : jobDir;
  const job: PlannedJob = {
    num: rec.jobNum, overrides: rec.overrides, overrideDirname: rec.overrides.join(','), outputDir: jobDir, argv: rec.argv,
    cwd: rec.cwd ?? process.cwd(), env: jobEnv({ outputDir: jobDir, num: rec.jobNum, sweepDir, configPath: configJsonPath(jobDir) }),
  };
  const launcher = opts.registry.createLauncher('local', { n_jobs: 1 });
  const interactive = opts.interactive ?? true;
  const result = await runSweep([job], launcher, { sweepDir, settings: { n_jobs: 1 }, projectRoot: job.cwd, task: rec.task, interactive }, {
    out: opts.out, handleSignals: opts.handleSignals,
  });
  return result.exitCode;
}
