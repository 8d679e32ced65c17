import { parseOverride } from '../overrides/index.js';
import type { Override } from '../overrides/types.js';
import { expandBasicSweep } from '../sweep/index.js';
import { composeConfig, isOrchOverride, type ComposeResult } from '../config/compose.js';
import { resolveJobConfig } from '../config/resolve-job.js';
import { createResolverRegistry, resolvePath, type ResolverRegistry } from '../config/interpolation/index.js';
import { isDict, type CfgDict } from '../config/value.js';
import type { ConfigRepository } from '../config/repository.js';
import type { ComposedJob } from './types.js';

export interface ComposeJobsOptions {
  configName: string | null;
  /** Command-line overrides as given (already split, no shell quoting). */
  overrides: readonly string[];
  multirun: boolean;
  /** Resolvers for every job (default: the built-ins, with one clock instant shared by all jobs). */
  resolvers?: ResolverRegistry;
  /** Seed for `shuffle(...)` sweeps written without one. */
  seed?: number;
}

/**
 * Every job of a run or multirun, composed and resolved, in launch order (what `orch compose` and
 * the planner need). A multirun is composed once with sweeps skipped, to read
 * `orch.sweeper.params`; the sweep is expanded (config params first, then the command line) and
 * each job is composed in run mode from its rendered overrides plus the `orch.*` overrides.
 */
export function composeJobs(repo: ConfigRepository, options: ComposeJobsOptions): ComposedJob[] {
  const now = new Date();
  const resolvers = options.resolvers ?? createResolverRegistry({ clock: () => now });
  return composeJobsUnresolved(repo, { ...options, resolvers }).map((job) => toJob(job, resolvers));
}

/** A job composed but not yet resolved: resolution errors (a phase of their own) come later. */
export interface UnresolvedJob {
  overrides: string[];
  composed: ComposeResult;
}

/** `composeJobs` without the resolution step (what `--cfg job` shows). */
export function composeJobsUnresolved(repo: ConfigRepository, options: ComposeJobsOptions): UnresolvedJob[] {
  const parsed = options.overrides.map(parseOverride);
  const resolvers = options.resolvers ?? createResolverRegistry();
  if (!options.multirun) {
    const composed = composeConfig(repo, { configName: options.configName, overrides: parsed, mode: 'run', resolvers });
    return [{ overrides: parsed.filter((o) => !isOrchOverride(o)).map((o) => o.input), composed }];
  }
  const first = composeConfig(repo, { configName: options.configName, overrides: parsed, mode: 'multirun', resolvers });
  const params = resolvePath(first.config, 'orch.sweeper.params', { resolvers });
  const sweep = expandBasicSweep({
    overrides: parsed,
    params: isDict(params) ? params : undefined,
    listGroupOptions: (group) => (repo.groupExists(group) ? repo.groupOptions(group) : []),
    seed: options.seed,
  });
  const orchOverrides = parsed.filter(isOrchOverride);
  const jobs: UnresolvedJob[] = [];
  let num = 0;
  for (const jobOverrides of sweep) {
    const overrides: Override[] = [...orchOverrides, ...jobOverrides.map(parseOverride)];
    const composed = composeConfig(repo, { configName: options.configName, overrides, mode: 'run', jobNum: num++, resolvers });
    jobs.push({ overrides: jobOverrides, composed });
  }
  return jobs;
}

/** `orch.job.override_dirname` of a composed job. */
export function overrideDirnameOf(composed: ComposeResult): string {
  const job = (composed.config.get('orch') as CfgDict).get('job') as CfgDict;
  return String(job.get('override_dirname'));
}

function toJob({ overrides, composed }: UnresolvedJob, resolvers: ResolverRegistry): ComposedJob {
  const resolved = resolveJobConfig(composed.config, { resolvers });
  return {
    overrides,
    overrideDirname: overrideDirnameOf(composed),
    config: resolved.config,
    configUnresolved: resolved.configUnresolved,
    orch: resolved.orch,
  };
}
