import { isDict, type CfgDict } from '../value/value.js';
import { createResolverRegistry, resolveConfig, resolvePath, type IncrementalResolver, type ResolverRegistry } from './interpolation/index.js';
import { resolveOrchNode, type OrchPath } from './orch-node.js';
import { jobConfigOf } from './compose.js';
import { resolveDirTemplate, withDirTemplates, type DirRoots, type DirValue } from './dir-template.js';
import { ORCH_NODE } from './orch-defaults.js';
import { findMissingKeys } from './missing.js';
import { resolveLeniently, type UnresolvedValue } from './lazy-resolve.js';
import { OrchError } from '../errors.js';
import { withOrchNodeResolver, withOrchResolver } from './orch-resolver.js';

export interface ResolvedJobConfig {
  /** Job config (no `orch` node), interpolations resolved; `???` stays `???`. */
  config: CfgDict;
  /** Job config as composed (shares values with the composed config). */
  configUnresolved: CfgDict;
  /**
   * The reserved `orch` node, resolved against the whole config; its dir keys as templates
   * (dir-template.ts). With `unused`, those keys are kept as written when they do not resolve (orch-node.ts).
   */
  orch: CfgDict;
  /** What `orch.run.dir` / `orch.sweep.dir` must stay in. */
  dirRoots: DirRoots;
  /** With `lenient`: the values of `config` kept as written (lazy-resolve.ts); empty otherwise. */
  unresolved: UnresolvedValue[];
}

/**
 * Resolves a composed config as `--cfg job --resolve` shows it: the `orch` node is removed first
 * (so `${orch.x}` does not resolve in a job config, as `${hydra.x}` does not in Hydra), and the
 * `orch:` resolver (Hydra's `hydra:`) reads the run's settings instead: `${orch:job.num}`.
 */
/**
 * With an `incremental` resolver shared by the jobs of a sweep, each job re-evaluates only the
 * interpolations whose inputs differ from the previous job's (incremental.ts); results then share
 * containers with the composed config and with other jobs' results: do not mutate them.
 */
export function resolveJobConfig(
  composed: CfgDict,
  opts: {
    resolvers?: ResolverRegistry; incremental?: IncrementalResolver; lenient?: boolean; outputDir?: (orch: CfgDict) => string; unused?: readonly OrchPath[];
    /** The config as its files compose it (ComposeResult.fromFiles): dir values held there keep their `/`. */
    reference?: CfgDict;
  } = {},
): ResolvedJobConfig {
  const base = opts.resolvers ?? createResolverRegistry();
  const inc = opts.incremental;
  const own = withOrchNodeResolver(base);
  const { orch, failed } = resolveOrchNode(composed, { resolvers: own, incremental: inc, unused: opts.unused });
  // Before the `orch:` resolver is made, so `${orch:sweep.subdir}` in a job config is the real dir.
  const dirs = withDirTemplates(composed, orch, { resolvers: own, memo: inc?.memo, failed, unused: opts.unused, reference: opts.reference });
  const orchDict = opts.outputDir ? withOutputDir(dirs.orch, opts.outputDir(dirs.orch)) : dirs.orch;
  const resolvers = withOrchResolver(base, orchDict, failed);
  const configUnresolved = jobConfigOf(composed);
  const strict = (): CfgDict => inc
    ? (inc.resolve(configUnresolved, [], 'job', { resolvers }) as CfgDict)
    : resolveConfig(configUnresolved, { resolvers });
  const done = (config: CfgDict, unresolved: UnresolvedValue[] = []): ResolvedJobConfig => ({ config, configUnresolved, orch: orchDict, dirRoots: dirs.roots, unresolved });
  if (!opts.lenient || isStrict(orchDict)) return done(strict());
  // The fast (memoized) path first: only a config with something unresolvable pays the lenient walk.
  try {
    const config = strict();
    if (findMissingKeys(config).length === 0) return done(config);
  } catch (e) {
    if (!(e instanceof OrchError)) throw e;
  }
  const lenient = resolveLeniently(configUnresolved, resolvers);
  return done(lenient.config, lenient.unresolved);
}

/**
 * `orch.runtime.output_dir` (Hydra's `hydra.runtime.output_dir`): set after the dir keys are
 * resolved, from them, so no dir template can depend on it. New dicts: the resolved node may be
 * shared with other jobs.
 */
function withOutputDir(orch: CfgDict, outputDir: string): CfgDict {
  const runtime = orch.get('runtime');
  return new Map(orch).set('runtime', new Map(isDict(runtime) ? runtime : []).set('output_dir', outputDir));
}

/** `orch.job.strict: true`: refuse before running, as orch did before lazy resolution. */
function isStrict(orch: CfgDict): boolean {
  const job = orch.get('job');
  return isDict(job) && job.get('strict') === true;
}

/**
 * The dir of a sweep, resolved once from the sweep's own composition (the command line with its
 * sweeps left out), as Hydra's launcher reads `hydra.sweep.dir` of the multirun config: it may
 * interpolate what differs between jobs without being a different dir for each. Undefined when unset.
 */
export function sweepDirOf(sweepConfig: { config: CfgDict; fromFiles: CfgDict }, resolvers: ResolverRegistry): DirValue | undefined {
  const own = withOrchNodeResolver(resolvers);
  const key = ['sweep', 'dir'] as const;
  const { config } = sweepConfig;
  return resolveDirTemplate(config, key, resolvePath(config, [ORCH_NODE, ...key], { resolvers: own }), { resolvers: own, reference: sweepConfig.fromFiles });
}
