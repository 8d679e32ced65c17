import { BigInteger, Float, isDict, type CfgValue } from '../value/value.js';
import type { SchemaNode, SchemaType } from './types.js';

/**
 * A schema read off a config that has none, for editors and TypeScript only (never for validation):
 * each key typed by its value, objects closed to their keys. `???`, interpolations and null say
 * nothing about the type, so they give an open type.
 */
export function inferSchema(value: CfgValue, origin: { file: string; path: string }): SchemaNode {
  const node: SchemaNode = { additionalProperties: true, origin, inferred: true };
  const t = typeOfValue(value);
  if (t) node.types = [t];
  if (isDict(value)) {
    node.properties = new Map([...value].map(([k, v]) => [k, inferSchema(v, origin)]));
    node.required = [...value.keys()];
    node.additionalProperties = false;
  }
  if (Array.isArray(value) && value.length > 0) {
    const items = value.map((v) => inferSchema(v, origin));
    const types = new Set(items.map((i) => i.types?.[0]));
    if (types.size === 1 && !types.has('object') && !types.has(undefined)) node.items = items[0];
  }
  return node;
}

function typeOfValue(v: CfgValue): SchemaType | undefined {
  if (typeof v === 'string') return v === '???' || v.includes('${') ? undefined : 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (v instanceof Float) return 'number';
  if (v instanceof BigInteger) return 'integer';
  if (v === null) return undefined;
  if (Array.isArray(v)) return 'array';
  return 'object';
}
