/**
 * Where each job goes and what it runs, as pure functions of the composed job: the sweep (or run)
 * dir and each job's dir (job-dirs.ts: checked, never escaping or clashing), its plan line
 * (overrides, dir, hash of its resolved config) and, once dispatched, its command line and env.
 */
import { relative } from 'node:path';
import { toJson, toPlain, type CfgDict } from '../value/value.js';
import { configJsonPath } from '../store/snapshot.js';
import { hashText } from '../store/content-hash.js';
import type { PlanJob } from '../store/plan-record-format.js';
import { jobArgv, jobEnv } from '../task/job-argv.js';
import type { ResolvedTask } from '../task/resolve-task.js';
import { jobDirAssigner } from './job-dirs.js';
import { checkSweepWide } from './sweep-settings.js';
import type { ComposedJob, PlannedJob } from './types.js';

export { baseDirOf } from './job-dirs.js';

/** The hash a job recomposed at dispatch must have again. */
export function configHashOf(config: CfgDict): string {
  return hashText(toJson(config));
}

/** A job's own `orch.task.command` (it may interpolate swept values), undefined for a task file. */
export function taskCommandOf(job: ComposedJob): unknown {
  const task = job.orch.get('task');
  const command = task instanceof Map ? task.get('command') : undefined;
  return command === undefined ? undefined : toPlain(command as CfgDict);
}

/** `orch.runtime.output_dir` of a composed job: the dir its config was resolved with. */
export function runtimeOutputDir(job: ComposedJob): unknown {
  const runtime = job.orch.get('runtime');
  return runtime instanceof Map ? runtime.get('output_dir') : undefined;
}

/**
 * Places the jobs of one sweep in order: each is checked against job 0's sweep-wide settings and
 * gets its own checked dir, and becomes its plan line (the dir relative to the sweep dir).
 */
export function planLiner(sweepDir: string, first: ComposedJob): (job: ComposedJob, num: number) => { line: Omit<PlanJob, 'num'>; outputDir: string } {
  const jobDir = jobDirAssigner(sweepDir);
  return (job, num) => {
    checkSweepWide(first, job, num);
    const outputDir = jobDir(job, num);
    return { outputDir, line: { overrides: job.overrides, overrideDirname: job.overrideDirname, dir: relative(sweepDir, outputDir), configHash: configHashOf(job.config) } };
  };
}

/** A job ready for a launcher: its command line and env are functions of the task and its dir. */
export function plannedJob(task: ResolvedTask, sweepDir: string, projectRoot: string, job: { num: number; overrides: string[]; overrideDirname: string }, outputDir: string): PlannedJob {
  return {
    num: job.num, overrides: job.overrides, overrideDirname: job.overrideDirname, outputDir,
    argv: jobArgv(task, outputDir),
    env: jobEnv({ outputDir, num: job.num, sweepDir, configPath: configJsonPath(outputDir) }),
    cwd: projectRoot,
  };
}
