/**
 * The start of a search (`orch TASK -m +sweeper=tpe ...`): its settings and space from the command
 * line and `orch.sweeper.*`, the study, and trial 0 asked for at once, as the sweep's dir and plan
 * are placed like its first job. What the plan records (settings and the override texts the space
 * is read from) is all `orch resume` needs to rebuild the same study.
 */
import { OrchError } from '../../errors.js';
import { parseOverride } from '../../overrides/index.js';
import { orchOverridesOf, recomposeJob, sweepDirOfCommandLine, type JobStream, type SearchSweep } from '../../plan/compose-jobs.js';
import type { ComposedJob } from '../../plan/types.js';
import type { ConfigRepository } from '../../config/index.js';
import type { PlanSearch } from '../../store/plan-record-format.js';
import { paramOverrides } from '../../sweep/basic-sweeper.js';
import { createStudy, searchSpaceOf, type Proposal, type Study, type TrialRecord } from '../../sweep/search/index.js';
import { searchSettingsOf, studyOptionsOf, type SearchSettings } from '../../sweep/search/settings.js';
import type { Pruning } from '../pruning/types.js';
import { studyPruneDecider } from './prune-decider.js';
import { describeSearch, type SearchDescription } from './describe-search.js';

export interface SearchStart {
  settings: SearchSettings;
  study: Study;
  /** Trial 0, or undefined when the study proposes nothing (n_trials=0). */
  first: Proposal | undefined;
  plan: PlanSearch;
  /** What `--dry-run` shows of the search. */
  description: SearchDescription;
}

export function startSearch(search: SearchSweep): SearchStart {
  const settings = searchSettingsOf(search.sweeper);
  const space = [...paramOverrides(search.params), ...search.overrides].map((o) => o.input);
  const study = studyOf({ settings: settings as unknown as Record<string, unknown>, space });
  const first = study.ask();
  const description = describeSearch(settings, searchSpaceOf({ overrides: space.map(parseOverride) }));
  return { settings, study, first: typeof first === 'string' ? undefined : first, plan: { settings: settings as unknown as Record<string, unknown>, space }, description };
}

/** The study a plan's search block describes, with the trials of its journal when resumed. */
export function studyOf(plan: PlanSearch, records: readonly TrialRecord[] = []): Study {
  const settings = plan.settings as unknown as SearchSettings;
  return createStudy(studyOptionsOf(settings, searchSpaceOf({ overrides: plan.space.map(parseOverride) })), records);
}

/** The study's pruner as the run loop's decider (contract B), when the search has one. */
export function searchPruning(settings: SearchSettings, study: Study): Pruning | undefined {
  if (!settings.pruner) return undefined;
  const decide = studyPruneDecider(study, settings.metric);
  return {
    decide, metric: settings.metric,
    // A trial's last lines (all of them, for one a polled launcher never saw running) reach the
    // study before the trial is told: later trials are judged against them. Its decision is moot.
    ended: (_num, _status, late) => { for (const r of late) decide(r); },
  };
}

/** Trial 0 as the one job a search's plan is written with, composed as dispatch composes it again. */
export function firstTrialJobs(
  repo: ConfigRepository, input: { configName: string | null; overrides: string[] }, first: Proposal, now: Date, projectRoot: string, cwd: string,
): JobStream<ComposedJob> {
  const sweepDir = sweepDirOfCommandLine(repo, { configName: input.configName, overrides: input.overrides, now, cwd });
  const job = recomposeJob(repo, { configName: input.configName, orchOverrides: orchOverridesOf(repo, input.overrides), jobOverrides: first.overrides, jobNum: 0, now, projectRoot, sweepDir, cwd });
  return { count: 1, [Symbol.iterator]: () => [job][Symbol.iterator]() };
}

/** Launchers that take a search's trials one at a time as their slots free (contract A). */
const SEARCH_LAUNCHERS = ['local', 'gpu', 'slurm', 'slurmgpu'];

export function refuseUnsearchableLauncher(name: string): void {
  if (!SEARCH_LAUNCHERS.includes(name)) {
    throw new OrchError({
      code: 'SEARCH_LAUNCHER', message: `orch.launcher.name=${name}: a search runs on the ${SEARCH_LAUNCHERS.join(', ')} launchers only (its trials are proposed one at a time)`,
      hint: 'Pick one of them with +launcher=NAME, or run a grid with the basic sweeper.',
    });
  }
}

/**
 * A search's next trial is proposed by orch from the results of the last, so orch must stay to
 * propose it: `--no-wait` would leave the study with nobody to run it.
 */
export function refuseDetachedSearch(wait: boolean): void {
  if (!wait) {
    throw new OrchError({
      code: 'SEARCH_NO_WAIT', message: '--no-wait: a search cannot be left to the scheduler; orch proposes each trial from the results of the earlier ones, so it must keep running',
      hint: 'Drop --no-wait and run orch inside tmux/screen or as a Slurm job of its own; if it stops, `orch resume SWEEP_DIR` goes on with the same study.',
    });
  }
}
