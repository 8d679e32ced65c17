import { createEmptyResolverRegistry, type ResolverRegistry } from './registry.js';
import { create, createEnvResolver, decode, dictKeys, dictValues, select } from './resolvers/oc.js';
import { strftime } from './resolvers/strftime.js';

export interface BuiltinResolverOptions {
  /** Environment read by `oc.env` (default: `process.env`, read at resolution time). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Clock used by `now` (default: the system clock); inject one for deterministic tests. */
  readonly clock?: () => Date;
}

/** A registry with OmegaConf's built-ins (`oc.env`, `oc.select`, `oc.decode`, `oc.create`, `oc.dict.*`) and Hydra's `now`. */
export function createResolverRegistry(opts: BuiltinResolverOptions = {}): ResolverRegistry {
  const registry = createEmptyResolverRegistry();
  const clock = opts.clock ?? (() => new Date());
  registry.register('oc.env', createEnvResolver(() => opts.env ?? process.env));
  registry.register('oc.select', select);
  registry.register('oc.decode', decode);
  registry.register('oc.create', create);
  registry.register('oc.dict.keys', dictKeys);
  registry.register('oc.dict.values', dictValues);
  // Hydra registers `now` with use_cache so every ${now:...} in one config sees the same instant.
  registry.register(
    'now',
    (args) => {
      if (typeof args[0] !== 'string') throw new Error('now needs a strftime pattern, e.g. ${now:%Y-%m-%d}');
      return strftime(args[0], clock());
    },
    { useCache: true },
  );
  return registry;
}
