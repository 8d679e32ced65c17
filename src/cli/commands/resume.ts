/**
 * `orch resume [SWEEP_DIR] [--rerun-failed]`: runs again, in their original directories, the jobs
 * of a sweep that did not complete (or, with --rerun-failed, only those that failed or timed out).
 * Completed jobs are never run twice; nothing is composed from `config/`: a job not dispatched yet
 * is composed from the sweep's frozen config tree, as the plan says.
 */
import { existsSync } from 'node:fs';
import { journalLateFinishes, type LateFinish } from '../../run/late-finishes.js';
import { sweepDirOrLatest } from '../../store/latest-sweep.js';
import { StoreError } from '../../store/errors.js';
import { withRunLock } from '../../store/lock.js';
import { openSweepView, sweepCounts, type SweepView } from '../../store/sweep-view.js';
import type { RunRecord } from '../../store/types.js';
import { launcherSettings, type LauncherRegistry } from '../../launchers/registry.js';
import { runSweep, type RunSweepOptions } from '../../launchers/run-sweep.js';
import { killLeftoverJob, liveOrchOf } from '../../launchers/sweep-jobs.js';
import type { PlannedJob } from '../../plan/types.js';
import { jobStateOf } from '../../run/job-states.js';
import { planFeed } from '../../run/plan-feed.js';
import { verifyFrozenTree } from '../../store/frozen-config.js';
import { launchProvenance } from '../../run/launch-provenance.js';
import { newRunRecord, readRunRecordSync, writeRunRecord } from '../../store/run-record.js';
import { configJsonPath } from '../../store/snapshot.js';

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
  /** `orch resume orch.sweeper.n_trials=N`: the only override, for a search. */
  overrides?: string[];
}

export async function resumeCommand(opts: ResumeOptions): Promise<number> {
  const sweepDir = await sweepDirOrLatest(opts.sweepDir, opts.outputsRoots, 'resume');
  // A dir that is not a (complete) sweep is refused before anything is written into it, a lock included.
  const view = await openSweepView(sweepDir);
  try {
    // Held from before the states are read until the last job ends: a second resume started at the
    // same moment must not see the same unfinished jobs and run them again in the same dirs.
    return await withRunLock(sweepDir, opts.command ?? ['resume', sweepDir], () => resumeLocked(view, opts), opts.out ?? process.stderr);
  } finally {
    await view.close();
  }
}

async function resumeLocked(view: SweepView, opts: ResumeOptions): Promise<number> {
  const { sweepDir } = view;
  if (!view.plan) {
    throw new StoreError({
      code: 'STORE_LEGACY_SWEEP', message: `${sweepDir}: this sweep was planned by an earlier orch (sweep.json); status and report read it, resume cannot`,
      hint: 'Start the sweep again with this orch.',
    });
  }
  if (view.plan.header.configTree) await verifyFrozenTree(sweepDir, view.plan.header.configTree.hash);
  // Loaded only for a search: every module loaded at start costs a descriptor while it loads.
  const searchLib = view.plan.header.search || opts.overrides?.length ? await import('../../run/search/resume-search.js') : undefined;
  const nTrials = searchLib?.resumeNTrials(opts.overrides ?? [], Boolean(view.plan.header.search), sweepDir);
  const counts = await sweepCounts(view);
  const { name, settings } = launcherSettings(view.launcher);
  // The name stays in the settings: slurm and slurmgpu differ only by it.
  const merged = { ...settings, name, ...(opts.launcherOverrides ?? {}) };
  const launcher = opts.registry.createLauncher(name, merged);
  await launcher.preflight?.({ settings: merged, projectRoot: view.projectRoot ?? process.cwd() });
  // Jobs a scheduler still holds (queued or running) are not lost: submitting them again would run them twice.
  const active = launcher.activeJobs ? await launcher.activeJobs(sweepDir) : new Set<number>();
  // A pruned job was stopped on purpose: running it again would undo the pruner's decision.
  const wanted = (status: string): boolean => (opts.rerunFailed ? status === 'failed' || status === 'timeout' : status !== 'completed' && status !== 'pruned');

  // One pass over the plan picks the jobs; only jobs in flight when orch stopped have a record to read.
  const picked = new Set<number>();
  const records = new Map<number, RunRecord>();
  const lost: LateFinish[] = [];
  for await (const j of view.jobs()) {
    const state = await jobStateOf(j, counts);
    const pid = liveOrchOf(state.record);
    if (pid !== undefined) {
      throw new StoreError({
        code: 'STORE_SWEEP_RUNNING', message: `${sweepDir}: job ${j.num} is still being run by orch (pid ${pid})`,
        hint: `Wait for it to finish, or stop it (kill -INT ${pid}) before resuming.`,
      });
    }
    if (state.unjournaled && state.record) lost.push({ num: j.num, dir: j.dir, rec: state.record });
    if (!wanted(state.status) || active.has(j.num)) continue;
    picked.add(j.num);
    if (state.record) records.set(j.num, state.record);
    // Started and killed with its orch before it had a record of its own (the journal says it ran):
    // given one now, so its attempt's files are kept aside and the next attempt counts on from it.
    else if (state.status === 'interrupted' && state.attempt > 0 && existsSync(configJsonPath(j.dir))) {
      const spec = view.plan?.header.taskSpec;
      await writeRunRecord(j.dir, newRunRecord({ jobNum: j.num, overrides: j.overrides, task: view.task, argv: spec?.kind === 'command' ? spec.argv : [], status: 'running', attempt: state.attempt }));
    }
  }
  if (lost.length > 0) await journalLateFinishes(sweepDir, lost);
  const out = opts.out ?? process.stderr;
  if (view.plan.header.search && searchLib) {
    searchLib.refuseUnsearchableLauncher(launcher);
    const projectRoot = view.projectRoot ?? process.cwd();
    const search = await searchLib.resumeSearch(sweepDir, view.plan, { nTrials });
    out.write(`Resuming the ${search.settings.sweeper} search in ${sweepDir}: ${search.told} of ${search.settings.nTrials} trials done\n`);
    // A trial left running by an orch that died may still have its process.
    const feed = withLeftoversKilled(search.feed, (job) => { killLeftoverJob(readRunRecordSync(job.outputDir), job.outputDir); return job; });
    const spec = view.plan.header.taskSpec;
    const facts = await launchProvenance(projectRoot, sweepDir, spec?.kind === 'command' ? spec.argv : undefined, out);
    try {
      return (await runSweep(feed, launcher, { sweepDir, settings: merged, projectRoot, task: view.task, interactive: false, ...facts }, {
        out, handleSignals: opts.handleSignals, pruning: searchLib.searchPruning(search.settings, search.study),
      })).exitCode;
    } finally {
      await search.feed.close();
    }
  }
  if (active.size > 0) out.write(`${active.size} job(s) of ${sweepDir} are still queued or running in ${name}; they are left to finish.\n`);
  if (picked.size === 0) {
    out.write(`Nothing to resume in ${sweepDir}: ${opts.rerunFailed ? 'no job failed' : active.size > 0 ? 'every job that did not complete is still queued or running' : `all ${view.count} jobs completed${counts?.counts.pruned ? ` or were pruned` : ''}`}.\n`);
    return 0;
  }
  out.write(`Resuming ${picked.size} of ${view.count} jobs in ${sweepDir}\n`);
  const projectRoot = view.projectRoot ?? [...records.values()][0]?.cwd ?? process.cwd();
  const kill = (job: PlannedJob): PlannedJob => { killLeftoverJob(records.get(job.num), job.outputDir); return job; };
  const feed = withLeftoversKilled(planFeed(sweepDir, view.plan!, { wanted: (j) => picked.has(j.num), count: picked.size }), kill);
  const spec = view.plan!.header.taskSpec;
  const facts = await launchProvenance(projectRoot, sweepDir, spec?.kind === 'command' ? spec.argv : undefined, out);
  const result = await runSweep(feed, launcher, { sweepDir, settings: merged, projectRoot, task: view.task, interactive: false, ...facts }, {
    out, handleSignals: opts.handleSignals,
  });
  return result.exitCode;
}

/** A job left running by an orch that died may still have its process: it goes before the job runs again. */
function withLeftoversKilled<F extends { next(): Promise<PlannedJob | undefined> }>(feed: F, kill: (job: PlannedJob) => PlannedJob): F {
  const next = feed.next.bind(feed);
  return Object.assign(feed, { next: async () => { const job = await next(); return job && kill(job); } });
}

