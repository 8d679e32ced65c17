import { isDict, type CfgDict } from './value.js';
import { createResolverRegistry, resolveConfig, resolvePath, type ResolverRegistry } from './interpolation/index.js';
import { jobConfigOf } from './compose.js';
import { ORCH_NODE } from './orch-defaults.js';

export interface ResolvedJobConfig {
  /** Job config (no `orch` node), interpolations resolved; `???` stays `???`. */
  config: CfgDict;
  /** Job config as composed (shares values with the composed config). */
  configUnresolved: CfgDict;
  /** The reserved `orch` node, resolved against the whole config. */
  orch: CfgDict;
}

/**
 * Resolves a composed config as `--cfg job --resolve` shows it: the `orch` node is removed first
 * (so `${orch.x}` does not resolve in a job config, as `${hydra.x}` does not in Hydra), and the
 * `orch:` resolver (Hydra's `hydra:`) reads the run's settings instead: `${orch:job.num}`.
 */
export function resolveJobConfig(composed: CfgDict, opts: { resolvers?: ResolverRegistry } = {}): ResolvedJobConfig {
  const base = opts.resolvers ?? createResolverRegistry();
  const orch = resolvePath(composed, ORCH_NODE, { resolvers: base });
  const orchDict = isDict(orch) ? orch : new Map();
  const resolvers = withOrchResolver(base, orchDict);
  const configUnresolved = jobConfigOf(composed);
  return { config: resolveConfig(configUnresolved, { resolvers }), configUnresolved, orch: orchDict };
}

function withOrchResolver(base: ResolverRegistry, orch: CfgDict): ResolverRegistry {
  const orchResolver = {
    name: ORCH_NODE,
    useCache: false,
    fn: (args: readonly unknown[]) => resolvePath(orch, String(args[0] ?? ''), { resolvers: base }),
  };
  return {
    register: (name, fn, o) => base.register(name, fn, o),
    get: (name) => (name === ORCH_NODE ? orchResolver : base.get(name)),
    has: (name) => name === ORCH_NODE || base.has(name),
    names: () => [...new Set([...base.names(), ORCH_NODE])].sort(),
  };
}
