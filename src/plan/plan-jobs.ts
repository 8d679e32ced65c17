/**
 * Where each job goes and what it runs, as pure functions of the composed job: the sweep (or run)
 * dir from `orch.sweep.dir` / `orch.run.dir`, a job's dir from `orch.sweep.subdir`, its plan line
 * (overrides, dir, hash of its resolved config) and, once dispatched, its command line and env.
 */
import { join, resolve } from 'node:path';
import { pyStr, toJson, type CfgDict, type CfgValue } from '../config/value.js';
import { configJsonPath } from '../store/snapshot.js';
import { hashText } from '../store/content-hash.js';
import type { PlanJob } from '../store/plan-record-format.js';
import { jobArgv, jobEnv } from '../task/job-argv.js';
import type { ResolvedTask } from '../task/resolve-task.js';
import type { ComposedJob, PlannedJob } from './types.js';

/** The sweep dir (multirun) or the job's dir (single run) a plan asks for, before it is made unique. */
export function baseDirOf(projectRoot: string, multirun: boolean, first: ComposedJob | undefined): string {
  return resolve(projectRoot, dirOf(first?.orch, multirun ? 'sweep' : 'run', 'dir') || 'outputs');
}

/** The hash a job recomposed at dispatch must have again. */
export function configHashOf(config: CfgDict): string {
  return hashText(toJson(config));
}

/** The plan line of a composed job, `num` aside (the plan writer numbers them). */
export function planLineOf(job: ComposedJob, num: number): Omit<PlanJob, 'num'> {
  return { overrides: job.overrides, overrideDirname: job.overrideDirname, dir: dirOf(job.orch, 'sweep', 'subdir') || String(num), configHash: configHashOf(job.config) };
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

/** The dry run's view of a job: where it would go, with its dir under the (not created) sweep dir. */
export function dryRunJob(task: ResolvedTask, baseDir: string, projectRoot: string, multirun: boolean, job: ComposedJob, num: number): PlannedJob {
  const outputDir = multirun ? join(baseDir, planLineOf(job, num).dir) : baseDir;
  return plannedJob(task, baseDir, projectRoot, { num, overrides: job.overrides, overrideDirname: job.overrideDirname }, outputDir);
}

function dirOf(orch: CfgDict | undefined, ...path: string[]): string {
  const v = path.reduce<CfgValue | undefined>((node, k) => (node instanceof Map ? node.get(k) : undefined), orch);
  return v === undefined || v === null ? '' : pyStr(v);
}
