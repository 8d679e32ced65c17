import { Document, Scalar } from 'yaml';
import { BigInteger, Float, type CfgValue } from '../value/value.js';

/**
 * YAML text of a config, as `--cfg` and the job snapshots show it: key order kept (integer-like keys
 * included), floats with a decimal point (`1.0`), non-finite floats as `.inf`/`.nan`.
 */
export function toYaml(value: CfgValue): string {
  const doc = new Document(toYamlNode(value));
  return doc.toString({ lineWidth: 0 });
}

function toYamlNode(v: CfgValue): unknown {
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, toYamlNode(x)]));
  if (Array.isArray(v)) return v.map(toYamlNode);
  if (v instanceof BigInteger) return v.value; // the yaml package writes a bigint's digits
  if (v instanceof Float) {
    const s = new Scalar(v.value);
    s.minFractionDigits = 1;
    return s;
  }
  return v;
}
