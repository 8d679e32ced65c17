import type { CfgDict, CfgValue } from '../../value/value.js';
import type { Element } from './ast.js';
import { ResolverRegistrationError } from './errors.js';

/** What a resolver sees besides its (already resolved) arguments. */
export interface ResolverContext {
  /** Key path of the value being resolved (`db.url`). */
  readonly keyPath: string;
  /** Raw (unresolved) container holding the value: OmegaConf's `_parent_`. */
  readonly parent: CfgValue | undefined;
  /** Raw (unresolved) root of the config: OmegaConf's `_root_`. */
  readonly root: CfgDict;
  /** Source text of each argument (OmegaConf's `args_str`). */
  readonly argsText: readonly string[];
  /**
   * Looks a key up as OmegaConf's `select` does from `_parent_`: `.x`/`..x` relative to the parent,
   * anything else from the root. Found values are fully resolved; `missing` marks a `???` value.
   */
  select(key: string): SelectResult;
  /** Resolves a parsed element (e.g. what `oc.decode` parsed) in the context of this value. */
  evaluate(element: Element): CfgValue;
}

export type SelectResult = { readonly found: false } | { readonly found: true; readonly missing: boolean; readonly value: CfgValue };

/**
 * A resolver: receives its arguments resolved (ints, floats, strings, lists, Map dicts) and returns a
 * value, taken as final (strings in it are not parsed again). Return `new ConfigNode(tree)` instead
 * to have the tree treated as new config, like `OmegaConf.create` output: its interpolations are then
 * resolved relative to where the calling interpolation lives.
 */
export type ResolverFn = (args: readonly CfgValue[], ctx: ResolverContext) => CfgValue | ConfigNode;

/** A resolver result whose `${...}` strings must be resolved (what `oc.create` returns). */
export class ConfigNode {
  constructor(readonly value: CfgDict | CfgValue[]) {}
}

export interface ResolverOptions {
  /** Same arguments (by source text) give the cached result within one resolution, as OmegaConf's use_cache. */
  readonly useCache?: boolean;
  /** Allow replacing a resolver already registered under this name. */
  readonly replace?: boolean;
}

export interface RegisteredResolver {
  readonly name: string;
  readonly fn: ResolverFn;
  readonly useCache: boolean;
}

export interface ResolverRegistry {
  register(name: string, fn: ResolverFn, opts?: ResolverOptions): void;
  get(name: string): RegisteredResolver | undefined;
  has(name: string): boolean;
  /** Registered names, sorted. */
  names(): string[];
}

/** An empty registry; `createResolverRegistry()` (index.ts) adds the built-ins. */
export function createEmptyResolverRegistry(): ResolverRegistry {
  const entries = new Map<string, RegisteredResolver>();
  return {
    register(name, fn, opts = {}) {
      if (typeof name !== 'string' || name === '') throw new ResolverRegistrationError({ message: 'A resolver name must be a non-empty string.' });
      if (entries.has(name) && !opts.replace) {
        throw new ResolverRegistrationError({ message: `A resolver named '${name}' is already registered (pass { replace: true } to replace it).` });
      }
      entries.set(name, { name, fn, useCache: opts.useCache ?? false });
    },
    get: (name) => entries.get(name),
    has: (name) => entries.has(name),
    names: () => [...entries.keys()].sort(),
  };
}
