/**
 * The `orch:` resolver (Hydra's `hydra:`): `${orch:job.num}`, `${orch:runtime.output_dir}`,
 * `${orch:runtime.choices.model}` read the job's resolved `orch` node. Inside the `orch` node itself
 * it reads the node as composed, except `runtime.output_dir`: the dir keys define it.
 */
import { isDict, type CfgDict } from '../value/value.js';
import { InterpolationKeyError, InterpolationResolutionError, splitKey, type RegisteredResolver, type ResolverContext, type ResolverRegistry } from './interpolation/index.js';
import { selectPath } from './key-path.js';
import { ORCH_NODE } from './orch-defaults.js';

const OUTPUT_DIR = 'runtime.output_dir';

/**
 * `base` with `orch:` reading `orch`, the job's resolved node. Its values are final: an override
 * kept as typed (`+x=${y}` in `orch.overrides.task`) must not be resolved a second time.
 */
export function withOrchResolver(base: ResolverRegistry, orch: CfgDict, failed?: ReadonlyMap<string, Error>): ResolverRegistry {
  return withResolver(base, (key, ctx) => {
    if (failed?.size) throwIfFailed(splitKey(key), failed);
    const node = selectPath(orch, key);
    if (node === undefined) throw unknownKey(key, ctx, orch);
    return node;
  });
}

/** `base` with `orch:` for the `orch` node's own values: `${orch:job.name}` is `${orch.job.name}`. */
export function withOrchNodeResolver(base: ResolverRegistry): ResolverRegistry {
  return withResolver(base, (key, ctx) => {
    if (key === OUTPUT_DIR || key.startsWith(`${OUTPUT_DIR}.`)) {
      throw new InterpolationResolutionError({
        keyPath: ctx.keyPath, text: `\${orch:${key}}`,
        detail: `${ORCH_NODE}.${OUTPUT_DIR} is made from orch.run.dir / orch.sweep.dir and orch.sweep.subdir, so the orch node cannot use it`,
        hint: 'Build the dir from what defines it: orch.run.dir=outputs/${orch:job.name}, or use ${orch:runtime.output_dir} in the job config.',
      });
    }
    const found = ctx.select(`${ORCH_NODE}.${key}`);
    if (!found.found) throw unknownKey(key, ctx, isDict(ctx.root.get(ORCH_NODE)) ? (ctx.root.get(ORCH_NODE) as CfgDict) : new Map());
    return found.value;
  });
}

function withResolver(base: ResolverRegistry, read: (key: string, ctx: ResolverContext) => ReturnType<RegisteredResolver['fn']>): ResolverRegistry {
  const orchResolver: RegisteredResolver = { name: ORCH_NODE, useCache: false, fn: (args, ctx) => read(String(args[0] ?? ''), ctx) };
  return {
    register: (name, fn, o) => base.register(name, fn, o),
    get: (name) => (name === ORCH_NODE ? orchResolver : base.get(name)),
    has: (name) => name === ORCH_NODE || base.has(name),
    names: () => [...new Set([...base.names(), ORCH_NODE])].sort(),
  };
}

/** Names the keys valid where the lookup stopped: `${orch:job.nme}` lists the keys of `job`. */
function unknownKey(key: string, ctx: ResolverContext, orch: CfgDict): InterpolationKeyError {
  let node: CfgDict = orch;
  const known: string[] = [];
  for (const seg of splitKey(key)) {
    const next = node.get(seg);
    if (!isDict(next)) break;
    node = next;
    known.push(seg);
  }
  const at = known.length ? `${known.join('.')}.` : '';
  const valid = [...node.keys()].map((k) => `${at}${k}`).join(', ');
  return new InterpolationKeyError({ keyPath: ctx.keyPath, missingKey: `orch:${key}`, text: `\${orch:${key}}`, hint: `Valid keys: ${valid || '(none)'}.` });
}

/**
 * A key orch did not need and could not resolve (orch-node.ts): reading it, or a node above or
 * below it, fails as resolving it would have.
 */
function throwIfFailed(segments: readonly string[], failed: ReadonlyMap<string, Error>): void {
  const at: string[] = [];
  for (const seg of segments) {
    at.push(seg);
    const error = failed.get(at.join('.'));
    if (error) throw error;
  }
  const prefix = `${at.join('.')}.`;
  for (const [k, error] of failed) if (k.startsWith(prefix)) throw error;
}
