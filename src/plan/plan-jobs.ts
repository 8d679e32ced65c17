/**
 * Where each job goes and what it runs, as pure functions of the composed job: the sweep (or run)
 * dir and each job's dir (job-dirs.ts: checked, never escaping or clashing), its plan line
 * (overrides, dir, hash of its resolved config) and, once dispatched, its command line and env.
 */
import { relative, resolve } from 'node:path';
import { toJson, toPlain, type CfgDict } from '../value/value.js';
import { configJsonPath } from '../store/snapshot.js';
import { hashText } from '../store/content-hash.js';
import type { PlanJob } from '../store/plan-record-format.js';
import { jobArgv, jobEnv } from '../task/job-argv.js';
import { taskResolver, type ResolvedTask } from '../task/resolve-task.js';
import { dirOf, subdirAssigner } from './job-dirs.js';
import { checkSweepWide } from './sweep-settings.js';
import type { ComposedJob, PlannedJob, PlanRow } from './types.js';

export { baseDirOf } from './job-dirs.js';

/**
 * The hash a job recomposed at dispatch must have again, and what `skip_completed` matches runs by.
 * The job's own dir is hashed as `${orch:runtime.output_dir}`: a config that only differs in where
 * it lives (a sweep dir that got a `_1` suffix, the same job in another sweep) is the same job.
 * A config that does not contain its dir hashes as before.
 */
export function configHashOf(job: Pick<ComposedJob, 'config' | 'orch'>): string {
  const text = toJson(job.config);
  const dir = runtimeOutputDir(job);
  if (typeof dir !== 'string' || dir === '') return hashText(text);
  return hashText(text.split(JSON.stringify(dir).slice(1, -1)).join(OUTPUT_DIR_AS_WRITTEN));
}
const OUTPUT_DIR_AS_WRITTEN = '${orch:runtime.output_dir}';

/** A job's own `orch.task.command` (it may interpolate swept values), undefined for a task file. */
export function taskCommandOf(job: ComposedJob): unknown {
  const task = job.orch.get('task');
  const command = task instanceof Map ? task.get('command') : undefined;
  return command === undefined ? undefined : toPlain(command as CfgDict);
}

/** Each job's task: its own `orch.task.command` (which may interpolate swept values), else the task file `taskName`. */
export function jobTaskResolver(projectRoot: string, taskName: string): (job: ComposedJob) => ResolvedTask {
  const of = taskResolver(projectRoot, taskName);
  return (job) => of(taskCommandOf(job));
}

/** `orch.runtime.output_dir` of a composed job: the dir its config was resolved with. */
export function runtimeOutputDir(job: Pick<ComposedJob, 'orch'>): unknown {
  const runtime = job.orch.get('runtime');
  return runtime instanceof Map ? runtime.get('output_dir') : undefined;
}

/**
 * Places the jobs of one sweep in order: each is checked against job 0's sweep-wide settings and
 * gets its own checked dir, and becomes its plan line (the dir relative to the sweep dir).
 */
export function planLiner(sweepDir: string, first: ComposedJob): (job: ComposedJob, num: number) => { line: Omit<PlanJob, 'num'>; outputDir: string } {
  const rowOf = planRowOf(first);
  const place = rowPlacer(sweepDir);
  return (job, num) => place(rowOf(job, num), num);
}

/**
 * A job's plan row: what its plan line needs of its composed config, checked against job 0's
 * sweep-wide settings. A pure function of the job, so a planning worker computes it as well.
 */
export function planRowOf(first: ComposedJob): (job: ComposedJob, num: number) => PlanRow {
  return (job, num) => {
    checkSweepWide(first, job, num);
    return { overrides: job.overrides, overrideDirname: job.overrideDirname, subdir: dirOf(job.orch, 'sweep', 'subdir'), configHash: configHashOf(job) };
  };
}

/** Gives each row of one sweep, in order, its checked dir (no two jobs sharing one) and its plan line. */
export function rowPlacer(sweepDir: string): (row: PlanRow, num: number) => { line: Omit<PlanJob, 'num'>; outputDir: string } {
  const assign = subdirAssigner(sweepDir);
  const root = resolve(sweepDir);
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return (row, num) => {
    const outputDir = assign(row.subdir, row, num);
    // Job dirs are normalised and inside the sweep dir (subdirAssigner): a slice is `relative`.
    const dir = outputDir.startsWith(prefix) ? outputDir.slice(prefix.length) : relative(sweepDir, outputDir);
    return { outputDir, line: { overrides: row.overrides, overrideDirname: row.overrideDirname, dir, configHash: row.configHash } };
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
