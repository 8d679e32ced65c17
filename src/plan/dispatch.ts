/**
 * Turns a plan line into a job a launcher can run, when the job's turn comes: its directory and
 * `.orch/` snapshot are made now, from the job composed again from the sweep's frozen config tree
 * with the line's overrides and the plan's clock, so it is exactly the job that was validated
 * (its config hash is checked): a queued job's config never changes, whenever it runs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConfigRepository, type ConfigRepository } from '../config/index.js';
import { orchPresetSources } from '../config/builtin.js';
import { OrchError } from '../errors.js';
import { verifyFrozenTree } from '../store/frozen-config.js';
import type { PlanHeader, PlanJob } from '../store/plan-record-format.js';
import { configJsonPath, writeJobSnapshot } from '../store/snapshot.js';
import type { ResolvedTask } from '../task/resolve-task.js';
import { createRecomposer, type Recomposer } from './compose-jobs.js';
import { configHashOf, plannedJob, taskCommandOf } from './plan-jobs.js';
import { makeJobDir } from './dir-guard.js';
import { taskResolver } from '../task/resolve-task.js';
import type { PlannedJob } from './types.js';

export type Dispatch = (job: PlanJob) => Promise<PlannedJob>;

/** The task a plan runs, rebuilt from its header (argv is never stored per job). */
export function taskOfPlan(header: PlanHeader): ResolvedTask {
  const spec = header.taskSpec;
  if (spec?.kind === 'module') return { kind: 'module', name: header.task, file: spec.file };
  if (spec?.kind === 'command') return { kind: 'command', name: header.task, argv: spec.argv };
  throw new OrchError({ code: 'PLAN_NO_TASK', message: `${header.sweepDir}: the plan does not say how its jobs run (no taskSpec)`, hint: 'Plan the sweep again with this version of orch.' });
}

/** The sweep's frozen config tree as a repository, checked and loaded once, when first asked for. */
export function frozenRepoOf(sweepDir: string, header: PlanHeader): () => Promise<ConfigRepository> {
  let repo: Promise<ConfigRepository> | undefined;
  return () => (repo ??= (async () => {
    if (!header.configTree || !header.compose) {
      throw new OrchError({ code: 'PLAN_NO_CONFIG_TREE', message: `${sweepDir}: the plan has no frozen config tree to compose its jobs from`, hint: 'Plan the sweep again.' });
    }
    const configDir = await verifyFrozenTree(sweepDir, header.configTree.hash);
    return createConfigRepository({ configDir, extraSources: orchPresetSources() });
  })());
}

export function createDispatcher(sweepDir: string, header: PlanHeader): Dispatch {
  const task = taskOfPlan(header);
  const projectRoot = header.projectRoot ?? process.cwd();
  const taskOf = taskResolver(projectRoot, header.task);
  const now = new Date(header.createdAt);
  const frozenRepo = frozenRepoOf(sweepDir, header);
  let recompose: Recomposer | undefined;

  return async (line) => {
    const outputDir = join(sweepDir, line.dir);
    // Made now (the common case): no earlier attempt to keep aside, no run record to read.
    const firstAttempt = makeJobDir(outputDir, sweepDir);
    let jobTask = task;
    // Written again on every dispatch when the plan can compose it (it is not fsynced); kept as is
    // otherwise (a sweep whose jobs were given their snapshots by hand).
    if (header.configTree || !existsSync(configJsonPath(outputDir))) {
      // One recomposer for the whole plan; cwd as planned, so `${orch:runtime.cwd}` hashes the same.
      recompose ??= createRecomposer(await frozenRepo(), { configName: header.compose!.configName, orchOverrides: header.compose!.orchOverrides, now, cwd: header.compose!.cwd ?? projectRoot });
      // With the dir it really has (the sweep dir may have got a `_1` suffix): the hash leaves it out.
      const job = recompose({ jobOverrides: line.overrides, jobNum: line.num, projectRoot, outputDir });
      const hash = configHashOf(job);
      if (hash !== line.configHash) {
        throw new OrchError({
          code: 'PLAN_JOB_CHANGED', message: `${sweepDir}: job ${line.num} (${line.overrides.join(' ') || 'no overrides'}) composes to a different config than was planned (${hash}, the plan says ${line.configHash})`,
          hint: 'Something the config reads changed since the sweep was planned (an environment variable read by oc.env?); restore it, or start a new sweep.',
        });
      }
      await writeJobSnapshot(outputDir, { config: job.config, overrides: job.overrides, orch: job.orch, unresolved: job.unresolved }, { lean: true, fresh: firstAttempt });
      // Each job runs its own `orch.task.command` (it may interpolate swept values).
      const command = taskCommandOf(job);
      jobTask = command === undefined || command === null ? task : taskOf(command);
    }
    return { ...plannedJob(jobTask, sweepDir, projectRoot, line, outputDir), firstAttempt, configHash: line.configHash };
  };
}
