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

export interface SearchStart {
  settings: SearchSettings;
  study: Study;
  /** Trial 0, or undefined when the study proposes nothing (n_trials=0). */
  first: Proposal | undefined;
  plan: PlanSearch;
}

export function startSearch(search: SearchSweep): SearchStart {
  const settings = searchSettingsOf(search.sweeper);
  const space = [...paramOverrides(search.params), ...search.overrides].map((o) => o.input);
  const study = studyOf({ settings: settings as unknown as Record<string, unknown>, space });
  const first = study.ask();
  return { settings, study, first: typeof first === 'string' ? undefined : first, plan: { settings: settings as unknown as Record<string, unknown>, space } };
}

/** The study a plan's search block describes, with the trials of its journal when resumed. */
export function studyOf(plan: PlanSearch, records: readonly TrialRecord[] = []): Study {
  const settings = plan.settings as unknown as SearchSettings;
  return createStudy(studyOptionsOf(settings, searchSpaceOf({ overrides: plan.space.map(parseOverride) })), records);
}

/** The study's pruner as the run loop's decider (contract B), when the search has one. */
export function searchPruning(settings: SearchSettings, study: Study): Pruning | undefined {
  return settings.pruner ? { decide: studyPruneDecider(study, settings.metric), metric: settings.metric } : undefined;
}

/** Trial 0 as the one job a search's plan is written with, composed as dispatch composes it again. */
export function firstTrialJobs(
  repo: ConfigRepository, input: { configName: string | null; overrides: string[] }, first: Proposal, now: Date, projectRoot: string, cwd: string,
): JobStream<ComposedJob> {
  const sweepDir = sweepDirOfCommandLine(repo, { configName: input.configName, overrides: input.overrides, now, cwd });
  const job = recomposeJob(repo, { configName: input.configName, orchOverrides: orchOverridesOf(repo, input.overrides), jobOverrides: first.overrides, jobNum: 0, now, projectRoot, sweepDir, cwd });
  return { count: 1, [Symbol.iterator]: () => [job][Symbol.iterator]() };
}

/** A search needs a launcher that takes jobs as its slots free; Slurm's submits arrays of known jobs. */
export function refuseUnsearchableLauncher(name: string): void {
  if (name !== 'local' && name !== 'gpu') {
    throw new OrchError('SEARCH_LAUNCHER', `orch.launcher.name=${name}: a search runs on the local or gpu launcher only (its trials are proposed one at a time)`, {
      hint: 'Drop +launcher=... (local), or use +launcher=gpu; on Slurm, run a grid with the basic sweeper.',
    });
  }
}
