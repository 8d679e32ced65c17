import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { makeFloat, type CfgValue } from '../../../../src/value/value.js';

/**
 * Test-only loader: YAML or JSON text to the config value model (Map dicts in file order, Float for
 * numbers written with a point or exponent such as `1000.0`). Not the application's config loader.
 */
export function loadModel(text: string): CfgValue {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw doc.errors[0];
  return toModel(doc.contents as YamlNode | null);
}

function toModel(node: YamlNode | null): CfgValue {
  if (node === null) return null;
  if (isMap(node)) {
    const out = new Map<string, CfgValue>();
    for (const pair of node.items) {
      const k = pair.key as YamlNode;
      out.set(isScalar(k) ? String(k.value) : String(k), toModel(pair.value as YamlNode | null));
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((x) => toModel(x as YamlNode | null));
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number') return /[.eE]|inf|nan/i.test(String(node.source ?? v)) ? makeFloat(v) : v;
    return v as CfgValue;
  }
  throw new Error(`unsupported YAML node ${String(node)}`);
}
