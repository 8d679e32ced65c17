import { isDict, type CfgDict } from '../value/value.js';
import { createResolverRegistry, resolveConfig, resolveIncrementally, resolvePath, type ResolveMemo, type ResolverRegistry } from './interpolation/index.js';
import { jobConfigOf } from './compose.js';
import { ORCH_NODE } from './orch-defaults.js';
import { withDirTemplates, type DirRoots } from './dir-template.js';
import { findMissingKeys } from './missing.js';
import { resolveLeniently, type UnresolvedValue } from './lazy-resolve.js';
import { OrchError } from '../errors.js';

export interface ResolvedJobConfig {
  /** Job config (no `orch` node), interpolations resolved; `???` stays `???`. */
  config: CfgDict;
  /** Job config as composed (shares values with the composed config). */
  configUnresolved: CfgDict;
  /** The reserved `orch` node, resolved against the whole config; its dir keys as templates (dir-template.ts). */
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
 * With a `memo` shared by the jobs of a sweep, each job re-evaluates only the interpolations whose
 * inputs differ from the previous job's (incremental.ts); results then share containers with the
 * composed config and with other jobs' results: do not mutate them.
 */
export function resolveJobConfig(composed: CfgDict, opts: { resolvers?: ResolverRegistry; memo?: ResolveMemo; lenient?: boolean } = {}): ResolvedJobConfig {
  const base = opts.resolvers ?? createResolverRegistry();
  const memo = opts.memo;
  const orch = memo
    ? resolveIncrementally(composed, [ORCH_NODE], memo.reuseState(ORCH_NODE), { resolvers: base, memo, stableResolvers: memo.stableResolvers })
    : resolvePath(composed, ORCH_NODE, { resolvers: base });
  // Before the `orch:` resolver is made, so `${orch:sweep.subdir}` in a job config is the real dir.
  const dirs = withDirTemplates(composed, isDict(orch) ? orch : new Map(), { resolvers: base, memo });
  const orchDict = dirs.orch;
  const resolvers = withOrchResolver(base, orchDict, memo);
  const configUnresolved = jobConfigOf(composed);
  const strict = (): CfgDict => memo
    ? (resolveIncrementally(configUnresolved, [], memo.reuseState('job'), { resolvers, memo, stableResolvers: memo.stableResolvers }) as CfgDict)
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

function withOrchResolver(base: ResolverRegistry, orch: CfgDict, memo: ResolveMemo | undefined): ResolverRegistry {
  const orchResolver = {
    name: ORCH_NODE,
    useCache: false,
    fn: (args: readonly unknown[]) => resolvePath(orch, String(args[0] ?? ''), { resolvers: base, memo }),
  };
  return {
    register: (name, fn, o) => base.register(name, fn, o),
    get: (name) => (name === ORCH_NODE ? orchResolver : base.get(name)),
    has: (name) => name === ORCH_NODE || base.has(name),
    names: () => [...new Set([...base.names(), ORCH_NODE])].sort(),
  };
}

/** `orch.job.strict: true`: refuse before running, as orch did before lazy resolution. */
function isStrict(orch: CfgDict): boolean {
  const job = orch.get('job');
  return isDict(job) && job.get('strict') === true;
}
