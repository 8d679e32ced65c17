/** Reading values out of metrics.json and history records by dotted path. */

/** Decodes the run store's `{"$float": "nan"|"inf"|"-inf"}` encoding of non-finite floats. */
function decodeFloat(v: unknown): number | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  const f = (v as Record<string, unknown>).$float;
  if (keys.length !== 1 || typeof f !== 'string') return undefined;
  return f === 'nan' ? NaN : f === '-inf' ? -Infinity : f === 'inf' ? Infinity : undefined;
}

/** Numeric and string leaves of a nested object under dotted names; arrays are not tabulated. */
export function flattenMetrics(obj: unknown, prefix = '', out = new Map<string, number | string>()): Map<string, number | string> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return out;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const name = prefix ? `${prefix}.${k}` : k;
    const f = decodeFloat(v);
    if (f !== undefined) out.set(name, f);
    else if (typeof v === 'number' || typeof v === 'string') out.set(name, v);
    else if (typeof v === 'boolean') out.set(name, v ? 1 : 0);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) flattenMetrics(v, name, out);
  }
  return out;
}

/** Numeric value at a dotted path, or undefined; a literal dotted key (`"test.accuracy": 0.9`) also counts. */
export function numericAt(flat: Map<string, number | string>, path: string): number | undefined {
  const v = flat.get(path);
  return typeof v === 'number' && !Number.isNaN(v) ? v : undefined;
}

/** Numeric value of a history record at a dotted path. */
export function historyValue(rec: Record<string, unknown>, path: string): number | undefined {
  let cur: unknown = rec;
  if (path in rec) cur = rec[path];
  else {
    for (const part of path.split('.')) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
  }
  const f = decodeFloat(cur);
  const n = f ?? cur;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
