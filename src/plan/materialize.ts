/**
 * Turns composed jobs into a plan on disk: output directories (never reusing an existing one),
 * each job's `.orch/` snapshot, and for a multirun `sweep.json`, all written before any job starts.
 * `planJobs` is pure (paths and command lines); `writePlan` is the I/O.
 */
import { join, resolve } from 'node:path';
import { pyStr, toPlain, type CfgDict, type CfgValue } from '../config/value.js';
import { createUniqueDir, writeJobSnapshot, writeSweep, configJsonPath } from '../store/index.js';
import { jobArgv, jobEnv } from '../task/job-argv.js';
import type { ResolvedTask } from '../task/resolve-task.js';
import type { ComposedJob, PlannedJob, SweepPlanFile } from './types.js';
import PQueue from 'p-queue';

export interface PlanInput {
  projectRoot: string;
  task: ResolvedTask;
  multirun: boolean;
  jobs: ComposedJob[];
}

export interface Plan {
  multirun: boolean;
  /** Sweep directory (multirun) or the job's directory (single run), absolute. */
  baseDir: string;
  jobs: PlannedJob[];
}

/** Where each job goes and what it runs, from `orch.run.dir` / `orch.sweep.dir` + `orch.sweep.subdir`. */
export function planJobs(input: PlanInput, baseDir?: string): Plan {
  const first = input.jobs[0];
  const dirOf = (orch: CfgDict | undefined, ...path: string[]): string => {
    const v = path.reduce<CfgValue | undefined>((node, k) => (node instanceof Map ? node.get(k) : undefined), orch);
    return v === undefined || v === null ? '' : pyStr(v);
  };
  const base = baseDir ?? resolve(input.projectRoot, dirOf(first?.orch, input.multirun ? 'sweep' : 'run', 'dir') || 'outputs');
  const jobs = input.jobs.map((job, num): PlannedJob => {
    const outputDir = input.multirun ? join(base, dirOf(job.orch, 'sweep', 'subdir') || String(num)) : base;
    return {
      num, overrides: job.overrides, overrideDirname: job.overrideDirname, outputDir,
      argv: jobArgv(input.task, outputDir),
      env: jobEnv({ outputDir, num, sweepDir: base, configPath: configJsonPath(outputDir) }),
      cwd: input.projectRoot,
    };
  });
  return { multirun: input.multirun, baseDir: base, jobs };
}

/**
 * Creates the directories and writes every snapshot, then `sweep.json` last, so a sweep dir with a
 * `sweep.json` always holds a complete plan. The base dir gets a fresh unique name if it exists.
 */
export async function writePlan(input: PlanInput, meta: { taskName: string; command: string[]; launcher: CfgDict | undefined }): Promise<Plan> {
  const draft = planJobs(input);
  const baseDir = await createUniqueDir(draft.baseDir);
  const plan = baseDir === draft.baseDir ? draft : planJobs(input, baseDir);
  const queue = new PQueue({ concurrency: 16 });
  await queue.addAll(plan.jobs.map((planned, i) => () => {
    const job = input.jobs[i]!;
    return writeJobSnapshot(planned.outputDir, { config: job.config, configUnresolved: job.configUnresolved, overrides: job.overrides, orch: job.orch });
  }));
  if (plan.multirun) {
    const file: SweepPlanFile & { projectRoot: string } = {
      version: 1, task: meta.taskName, command: meta.command, createdAt: new Date().toISOString(), sweepDir: baseDir,
      launcher: (meta.launcher ? toPlain(meta.launcher) : { name: 'local' }) as Record<string, unknown>,
      jobs: plan.jobs.map((j) => ({ num: j.num, overrides: j.overrides, overrideDirname: j.overrideDirname, dir: j.outputDir.slice(baseDir.length + 1), argv: j.argv })),
      projectRoot: input.projectRoot,
    };
    await writeSweep(baseDir, file);
  }
  return plan;
}
