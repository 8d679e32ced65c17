import { parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { isContainer, isDict, makeFloat, MISSING, pyStr, type CfgDict, type CfgValue } from '../../value.js';
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
  const doc = parseDocument(text, { version: '1.1' });
  if (doc.errors.length > 0) throw new Error(`oc.create: invalid YAML: ${doc.errors[0]!.message}`);
  const value = toModel(doc.contents as YamlNode | null);
  if (isContainer(value)) return value;
  // OmegaConf.create('text') makes {text: None}; an empty document makes {}.
  return value === null ? new Map() : new Map([[text, null]]);
}

function toModel(node: YamlNode | null): CfgValue {
  if (node === null) return null;
  if (isMap(node)) {
    const out = new Map<string, CfgValue>();
    for (const pair of node.items) {
      const k = pair.key as YamlNode | null;
      out.set(isScalar(k) ? String(k.value) : String(k), toModel(pair.value as YamlNode | null));
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((x) => toModel(x as YamlNode | null));
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number') return /[.eE]|inf|nan/i.test(String(node.source ?? v)) ? makeFloat(v) : v;
    return typeof v === 'string' || typeof v === 'boolean' || v === null ? v : String(v);
  }
  return null;
}
