/**
 * orch's own node resolved where it is used, as Hydra resolves its `hydra` node only where it reads
 * it: a single run never reads `orch.sweep.*`, a sweep never reads `orch.run.*`, and a sweep job's
 * own `orch.sweep.dir` is read only by `${orch:sweep.dir}` (the sweep's dir is resolved once, from
 * the sweep's own composition). Such a key that cannot be resolved is kept as written and fails
 * only where it is read; every other key is resolved strictly, as before.
 */
import { OrchError } from '../errors.js';
import { isDict, type CfgDict, type CfgValue } from '../value/value.js';
import { resolvePath, type IncrementalResolver, type ResolverRegistry } from './interpolation/index.js';
import { ORCH_NODE } from './orch-defaults.js';

/** Paths under the `orch` node, as segments. */
export type OrchPath = readonly string[];

const UNUSED_IN_RUN: readonly OrchPath[] = [['sweep']];
const UNUSED_IN_MULTIRUN: readonly OrchPath[] = [['run'], ['sweep', 'dir']];

/** What a job of each kind does not read of the `orch` node (unless a `${orch:...}` reads it). */
export function unusedOrchPaths(mode: 'run' | 'multirun'): readonly OrchPath[] {
  return mode === 'run' ? UNUSED_IN_RUN : UNUSED_IN_MULTIRUN;
}

export interface ResolvedOrchNode {
  orch: CfgDict;
  /** Unused keys that did not resolve, by dotted path under `orch` (`sweep.dir`), with the error a read gets. */
  failed: Map<string, OrchError>;
}

/** The `orch` node of `composed`, each unused path resolved on its own and kept as written when it fails. */
export function resolveOrchNode(
  composed: CfgDict, opts: { resolvers: ResolverRegistry; incremental?: IncrementalResolver; unused?: readonly OrchPath[] },
): ResolvedOrchNode {
  const unused = opts.unused ?? [];
  const failed = new Map<string, OrchError>();
  // One incremental slot per resolved path: a sweep's jobs reuse what the previous job's same path gave.
  const strict = (path: string[]): CfgValue => opts.incremental
    ? opts.incremental.resolve(composed, path, path.join('.'), { resolvers: opts.resolvers })
    : resolvePath(composed, path, { resolvers: opts.resolvers });
  const walk = (path: string[], raw: CfgValue): CfgValue => {
    const under = path.slice(1);
    if (unused.some((u) => samePath(u, under))) {
      try {
        return strict(path);
      } catch (e) {
        if (!(e instanceof OrchError)) throw e;
        failed.set(under.join('.'), e);
        return raw;
      }
    }
    if (!isDict(raw) || !unused.some((u) => isPrefix(under, u))) return strict(path);
    return new Map([...raw].map(([k, v]) => [k, walk([...path, k], v)]));
  };
  const node = composed.get(ORCH_NODE);
  if (node === undefined) return { orch: new Map(), failed };
  // The common case first: the whole node resolves, unused keys included, in one incremental pass
  // (resolution is pure, so each key gets what resolving it on its own would give). Only a node
  // with a key that fails is walked path by path, so an unused key can be kept as written.
  try {
    const whole = strict([ORCH_NODE]);
    return { orch: isDict(whole) ? whole : new Map(), failed };
  } catch (e) {
    if (!(e instanceof OrchError) || unused.length === 0) throw e;
  }
  const orch = walk([ORCH_NODE], node);
  return { orch: isDict(orch) ? orch : new Map(), failed };
}

function samePath(a: OrchPath, b: OrchPath): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** `prefix` is a proper prefix of `path`. */
function isPrefix(prefix: OrchPath, path: OrchPath): boolean {
  return prefix.length < path.length && prefix.every((s, i) => s === path[i]);
}
