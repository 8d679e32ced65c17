import { Float, fromPlain, type CfgDict, type CfgValue } from '../../../../src/value/value.js';

/** Builds a config dict from a plain object literal (keys in literal order; Floats pass through). */
export function cfg(o: Record<string, unknown>): CfgDict {
  return build(o) as CfgDict;
}

function build(v: unknown): CfgValue {
  if (Array.isArray(v)) return v.map(build);
  if (v instanceof Map || v instanceof Float) return v as CfgValue;
  if (v !== null && typeof v === 'object' && v.constructor === Object) {
    return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, build(x)]));
  }
  return fromPlain(v) as CfgValue;
}
