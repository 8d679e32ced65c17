import { parseYamlConfig } from '../../yaml-loader.js';
import { ConfigLoadError } from '../../errors.js';
import { isContainer, isDict, MISSING, pyStr, type CfgDict, type CfgValue } from '../../../value/value.js';
import { parseElement } from '../parser.js';
import { ConfigNode, type ResolverContext, type ResolverFn } from '../registry.js';

/** OmegaConf 2.2's `oc.*` resolvers (resolvers/oc/*.py). Errors thrown here are reported with the key path. */

/** `${oc.env:VAR}` / `${oc.env:VAR,default}`: a string; an unset variable uses the default, `null` stays null. */
export function createEnvResolver(env: () => Readonly<Record<string, string | undefined>>): ResolverFn {
  return (args) => {
    const [key, ...rest] = args;
    if (typeof key !== 'string') throw new Error(`oc.env needs a variable name, got ${pyStr(key ?? null)}`);
    const value = env()[key];
    if (value !== undefined) return value;
    if (rest.length === 0) throw new Error(`Environment variable '${key}' not found (give a default: \${oc.env:${key},default})`);
    return rest[0] === null ? null : pyStr(rest[0]!);
  };
}

/** `${oc.select:key,default}`: the value at `key`, or the default (null if none) when absent or ???. */
export const select: ResolverFn = (args, ctx) => {
  const [key, ...rest] = args;
  if (typeof key !== 'string') throw new Error(`oc.select needs a key, got ${pyStr(key ?? null)}`);
  const found = ctx.select(key);
  if (found.found && !found.missing) return found.value;
  return rest.length > 0 ? rest[0]! : null;
};

/** `${oc.decode:'[1, 2]'}`: parses a string as one grammar element (int, float, bool, null, list, dict, quoted). */
export const decode: ResolverFn = (args, ctx) => {
  const [expr] = args;
  if (expr === null || expr === undefined) return null;
  if (typeof expr !== 'string') throw new Error(`oc.decode can only take strings or null as input, but got ${pyStr(expr)}`);
  return ctx.evaluate(parseElement(expr, { keyPath: ctx.keyPath }));
};

/** `${oc.create:{a: 1}}` or a YAML string: a new config node placed at the interpolation. */
export const create: ResolverFn = (args) => {
  const [obj] = args;
  if (obj === undefined || obj === null) return new ConfigNode(new Map());
  if (typeof obj === 'string') return new ConfigNode(fromYaml(obj));
  if (isContainer(obj)) return new ConfigNode(obj);
  throw new Error(`oc.create needs a dict, a list or a YAML string, got ${pyStr(obj)}`);
};

function dictAt(name: string, args: readonly CfgValue[], ctx: ResolverContext): Map<string, CfgValue> {
  const [key] = args;
  if (typeof key !== 'string') throw new Error(`${name} requires a string key as input, but obtained ${pyStr(key ?? null)}`);
  const found = ctx.select(key);
  if (!found.found) throw new Error(`${name}: key not found: '${key}'`);
  if (found.missing) throw new Error(`${name}: '${key}' is a missing mandatory value (${MISSING})`);
  if (!isDict(found.value)) throw new Error(`${name} cannot be applied to '${key}': it is not a dict`);
  return found.value;
}

/** `${oc.dict.keys:path}`: the keys of the dict at `path`, as a list. */
export const dictKeys: ResolverFn = (args, ctx) => [...dictAt('oc.dict.keys', args, ctx).keys()];

/** `${oc.dict.values:path}`: the (resolved) values of the dict at `path`, as a list. */
export const dictValues: ResolverFn = (args, ctx) => [...dictAt('oc.dict.values', args, ctx).values()];

function fromYaml(text: string): CfgDict | CfgValue[] {
  // The same reader as config files, so `oc.create` reads YAML exactly as OmegaConf's loader does.
  try {
    return parseYamlConfig(text, 'oc.create').content;
  } catch (err) {
    // OmegaConf.create('text') of a plain scalar makes {text: None}.
    if (err instanceof ConfigLoadError) return new Map([[text, null]]);
    throw new Error(`oc.create: invalid YAML: ${(err as Error).message}`);
  }
}
