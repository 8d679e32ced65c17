/**
 * The run use case of `orch <task>`: compose and validate every job once while the plan is
 * written (plan/write-plan.ts), then launch: the launcher takes the jobs from the plan as it has
 * room, each dispatched (dir and snapshot made) when taken, and the summary follows. A dry run
 * streams the same pass to stdout and writes nothing.
 */
import { iterateJobs } from '../plan/compose-jobs.js';
import { orchOverridesOf, searchSweepOf } from '../plan/compose-jobs.js';
import { isDict, toPlain, type CfgDict } from '../value/value.js';
import { OrchError } from '../errors.js';
import { inform, warn } from '../warn.js';
import { checkOrchSettings } from '../config/orch-settings.js';
import { writePlanRows, writeSingleRun, writeSweepPlan } from '../plan/write-plan.js';
import { jobTaskResolver } from '../plan/plan-jobs.js';
import type { ComposedJob } from '../plan/types.js';
import type { Project } from '../cli/project.js';
import { openPlan } from '../store/plan-record-reader.js';
import { withRunLock } from '../store/lock.js';
import { feedOf } from '../launchers/job-source.js';
import type { JobHandle } from '../launchers/types.js';
import { sweepFindings, validatedJobs } from './validate-jobs.js';
import { planWorkerCount } from './plan-workers/worker-count.js';
import { printDryRun } from './dry-run.js';
import { planFeed } from './plan-feed.js';
import { launchProvenance, singleRunProvenance } from './launch-provenance.js';
import { forgetPrefetchedGitState, prefetchGitState } from '../store/git.js';
import { reuseFinder } from './reuse/reuse-job.js';

function skipCompleted(orch: CfgDict): boolean {
  const sweeper = orch.get('sweeper');
  return isDict(sweeper) && sweeper.get('skip_completed') === true;
}
import type { ResolvedTask } from '../task/resolve-task.js';

const taskArgvOf = (task: ResolvedTask): string[] | undefined => (task.kind === 'command' ? task.argv : undefined);
import { gridPruning } from './pruning/grid-pruning.js';
import type { TrialFeed } from './search/trial-feed.js';

export interface RunTaskInput {
  project: Project;
  taskName: string;
  configName: string | null;
  overrides: string[];
  multirun: boolean;
  /** orch's own command line (argv after `orch`), recorded in the plan and the lock. */
  command: string[];
  dryRun: boolean;
  json: boolean;
  wait: boolean;
  /** Told each composition warning, once. */
  onWarning?: (warning: string) => void;
}

export async function runTask(input: RunTaskInput): Promise<number> {
  // The run records the project's code (provenance.ts): git runs while the jobs are composed.
  if (!input.dryRun) void prefetchGitState(input.project.root);
  try {
    return await composeAndLaunch(input);
  } finally {
    forgetPrefetchedGitState(input.project.root);
  }
}

async function composeAndLaunch(input: RunTaskInput): Promise<number> {
  const { project } = input;
  // One instant for `now` in every job, recorded in the plan so a job composed again at dispatch resolves it the same.
  const createdAt = new Date();
  // `${orch:runtime.cwd}` is where orch was started (a subdirectory of the project, maybe); recorded in the plan.
  const cwd = process.cwd();
  // One seed for a `shuffle()` written without one: planning workers must expand the same sweep.
  const seed = Math.floor(Math.random() * 2 ** 32);
  const composeOptions = { configName: input.configName, overrides: input.overrides, multirun: input.multirun, now: createdAt, lenient: true, projectRoot: project.root, cwd, seed };
  // A search's jobs are proposed one at a time; only its first trial is known before it runs.
  const search = input.multirun ? searchSweepOf(project.repo, { configName: input.configName, overrides: input.overrides }) : undefined;
  // Loaded only for a search: every module loaded at start costs a descriptor while it loads.
  const searchLib = search && await import('./search/start-search.js');
  const searching = search && searchLib!.startSearch(search);
  if (searching && !searching.first) {
    warn('the search has orch.sweeper.n_trials=0; nothing to run.');
    return 0;
  }
  const composed = searching
    ? searchLib!.firstTrialJobs(project.repo, input, searching.first!, createdAt, project.root, cwd)
    : iterateJobs(project.repo, { ...composeOptions, onWarning: input.onWarning });
  const { first, jobs } = validatedJobs(project.repo, composed, input.multirun, { onUnresolved: input.onWarning ?? warn });
  if (!first) {
    warn('the sweep expands to no job; nothing to run.');
    return 0;
  }
  const taskOf = jobTaskResolver(project.root, input.taskName);
  // The first job's task now: a missing task file is reported before any dir is made.
  const task = taskOf(first);
  const launcherNode = first.orch.get('launcher');
  const launcherPlain = isDict(launcherNode) ? (toPlain(launcherNode) as Record<string, unknown>) : { name: 'local' };
  const { launcherSettings } = await import('../launchers/registry.js');
  const { name: launcherName, settings } = launcherSettings(launcherPlain);
  // orch's own settings are checked like any config, before anything is written (--dry-run too).
  checkOrchSettings(first.orch);
  // A bad pruner setting is refused before anything runs; a single run has no others to compare with.
  const pruning = searching ? searchLib!.searchPruning(searching.settings, searching.study) : input.multirun ? gridPruning(first.orch) : undefined;
  const { createBuiltinLauncherRegistry } = await import('../launchers/builtin-registry.js');
  const registry = createBuiltinLauncherRegistry();
  registry.checkSettings(launcherName, settings);
  const launcher = registry.createLauncher(launcherName, settings);
  if (searching) searchLib!.refuseUnsearchableLauncher(launcher);
  if (searching && !input.dryRun) searchLib!.refuseDetachedSearch(input.wait);

  if (input.dryRun) {
    return printDryRun({ jobs, task, projectRoot: project.root, multirun: input.multirun, launcherName, launcher, settings: launcherPlain, taskName: input.taskName, json: input.json, count: composed.count, taskOf, search: searching ? searching.description : undefined });
  }
  await launcher.preflight?.({ settings: launcherPlain, projectRoot: project.root, commandSweep: input.multirun && task.kind === 'command' });
  if (!input.wait && !launcher.detachable) {
    // A local pool's jobs are orch's own children: they cannot outlive it.
    throw new OrchError({
      code: 'NO_WAIT_UNSUPPORTED', message: `--no-wait needs a scheduler that keeps the jobs; the '${launcherName}' launcher runs them inside orch`,
      hint: `Use +launcher=slurm (or slurmgpu), or drop --no-wait.`,
    });
  }
  const { runSweep } = await import('../launchers/run-sweep.js');
  const detach = input.wait ? undefined : (dir: string) => (handles: JobHandle[]) => {
    // Submit-and-go: the jobs record their own status; `orch status` and `orch report` read it later.
    const ids = [...new Set(handles.map((h) => h.externalId?.split('_')[0]).filter(Boolean))];
    process.stdout.write(`${dir}\n`);
    inform(`submitted ${handles.length} job(s)${ids.length ? ` (${launcherName} job ids: ${ids.join(', ')})` : ''}; follow with: orch status ${dir}`);
  };

  if (!input.multirun) {
    const [job] = [...jobs]; // runs the checks of the one job to their end
    const atDir = (dir: string): ComposedJob => [...iterateJobs(project.repo, { ...composeOptions, outputDir: dir })][0]!;
    const planned = await writeSingleRun(job!, { projectRoot: project.root, task, atDir });
    // A launcher that writes the final record itself (not a scheduler's) can name the file there.
    const provenance = input.wait && !launcher.detachable ? singleRunProvenance : launchProvenance;
    const ctx = { sweepDir: planned.outputDir, settings: launcherPlain, projectRoot: project.root, task: input.taskName, interactive: true,
      ...(await provenance(project.root, planned.outputDir, taskArgvOf(task))) };
    return withRunLock(planned.outputDir, input.command, async () => (await runSweep(feedOf([planned]), launcher, ctx, { detach: detach?.(planned.outputDir) })).exitCode);
  }

  const planMeta = {
    projectRoot: project.root, configDir: project.configDir, task, taskOf, taskName: input.taskName, command: input.command,
    launcher: isDict(launcherNode) ? (launcherNode as CfgDict) : undefined, createdAt,
    compose: { configName: input.configName, orchOverrides: orchOverridesOf(project.repo, input.overrides), cwd },
    ...(searching ? { search: searching.plan } : {}),
  };
  // With ORCH_PLAN_WORKERS, worker threads compose and check the jobs (plan-workers/): the same jobs, the same way.
  const workers = searching ? 0 : planWorkerCount(composed.count);
  const { sweepDir, header } = workers === 0 ? await writeSweepPlan(jobs, planMeta) : await writePlanRows({
    first,
    // Loaded only when asked for: node's worker_threads is not needed by any other run.
    rows: (await import('./plan-workers/parallel-rows.js')).parallelPlanRows(
      { configDir: project.configDir, projectRoot: project.root, taskName: input.taskName, compose: composeOptions },
      { repo: project.repo, count: composed.count, workers, findings: sweepFindings({ onUnresolved: input.onWarning ?? warn }), onWarning: input.onWarning },
    ),
  }, planMeta);
  inform(searching
    ? `${searching.settings.sweeper} search of up to ${searching.settings.nTrials} trial(s) in ${sweepDir}`
    : `sweep of ${header.jobCount} job(s) in ${sweepDir}`);
  // As for a single run: on a launcher that writes its jobs' final records itself, jobs start once
  // the git facts are known, not after a Python task's package listing (a second or more). A
  // reused job's record is written at once, so with skip_completed the file comes first.
  const reusing = skipCompleted(first.orch);
  const provenance = input.wait && !launcher.detachable && !reusing ? singleRunProvenance : launchProvenance;
  const ctx = { sweepDir, settings: launcherPlain, projectRoot: project.root, task: input.taskName, interactive: false,
    ...(await provenance(project.root, sweepDir, taskArgvOf(task))) };
  const reuse = reusing ? await reuseFinder({ ...ctx, warn }) : undefined;
  // The dir is new, but `orch resume` of it may start any moment after the plan is on disk.
  return withRunLock(sweepDir, input.command, async () => {
    const plan = await openPlan(sweepDir);
    const feed = searching
      ? await (await import('./search/trial-feed.js')).trialFeed({ sweepDir, plan, study: searching.study, metric: searching.settings.metric, nTrials: searching.settings.nTrials, pending: searching.first })
      : planFeed(sweepDir, plan);
    try {
      return (await runSweep(feed, launcher, ctx, { detach: detach?.(sweepDir), reuse, pruning })).exitCode;
    } finally {
      await (feed as Partial<TrialFeed>).close?.();
      await plan.close();
    }
  });
}
