/**
 * A TypeScript task reads its config as a Hydra app reads its DictConfig: a value orch could not
 * resolve (kept as written in config.json, listed in unresolved.json) throws where it is read, with
 * the exception name OmegaConf raises there (InterpolationKeyError, MissingMandatoryValue, ...) and
 * a message naming the key. Every other value reads as usual.
 */
import type { UnresolvedValue } from '../store/types.js';

export class UnresolvedConfigValueError extends Error {
  constructor(readonly key: string, readonly written: string, readonly omegaconfError: string, detail: string) {
    super(`${detail}\n    full_key: ${key}\n    written: ${written}`);
    this.name = omegaconfError;
  }
}

/** `config` with a throwing getter at each unresolved value's path (paths that are gone are skipped). */
export function withUnreadableValues<T>(config: T, unresolved: readonly UnresolvedValue[]): T {
  for (const u of unresolved) {
    let parent: unknown = config;
    for (const seg of u.path.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[seg] : undefined;
    const last = u.path[u.path.length - 1];
    if (last === undefined || parent === null || typeof parent !== 'object' || !Object.hasOwn(parent, last)) continue;
    const error = (): never => { throw new UnresolvedConfigValueError(u.key, u.written, u.error, u.message); };
    Object.defineProperty(parent, last, { get: error, set: (v: unknown) => Object.defineProperty(parent, last, { value: v, writable: true, enumerable: true, configurable: true }), enumerable: true, configurable: true });
  }
  return config;
}
