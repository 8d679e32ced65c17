/**
 * A job's metrics as flat scalars (dotted names), the shape readers tabulate, and how the journal's
 * `finished` event carries them so that `orch status` needs no metrics.json per job.
 */
export type MetricValue = number | string | boolean;
export type ScalarMetrics = Record<string, MetricValue>;

/**
 * More than this and the event would outgrow a journal line worth folding: the event then carries
 * no metrics and readers read metrics.json, as for a sweep of an earlier orch.
 */
export const MAX_JOURNAL_METRICS = 64;
const MAX_JOURNAL_TEXT = 256;

/** Decodes `{"$float": "nan"|"inf"|"-inf"}`, how non-finite floats are tagged in strict-JSON output. */
export function decodeFloat(v: unknown): number | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  const f = (v as Record<string, unknown>).$float;
  if (keys.length !== 1 || typeof f !== 'string') return undefined;
  return f === 'nan' ? NaN : f === '-inf' ? -Infinity : f === 'inf' ? Infinity : undefined;
}

function encodeFloat(v: number): unknown {
  return Number.isFinite(v) ? v : { $float: Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf' };
}

/** Number, boolean and string leaves of a nested object under dotted names; arrays are not tabulated. */
export function flattenMetrics(obj: unknown, prefix = '', out = new Map<string, MetricValue>()): Map<string, MetricValue> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return out;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const name = prefix ? `${prefix}.${k}` : k;
    const f = decodeFloat(v);
    if (f !== undefined) out.set(name, f);
    else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out.set(name, v);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) flattenMetrics(v, name, out);
  }
  return out;
}

/**
 * What a `finished` event carries of a job's metrics.json (parsed; undefined when there is none):
 * its scalar leaves, or undefined when they do not fit (too many, a long text), which readers take
 * as "not known, read the file".
 */
export function journalMetricsOf(metrics: Record<string, unknown> | undefined): ScalarMetrics | undefined {
  const flat = flattenMetrics(metrics);
  if (flat.size > MAX_JOURNAL_METRICS) return undefined;
  const out: ScalarMetrics = {};
  for (const [k, v] of flat) {
    if (typeof v === 'string' && v.length > MAX_JOURNAL_TEXT) return undefined;
    out[k] = v;
  }
  return out;
}

/** JSON-ready form: NaN and ±Infinity are tagged, since a journal line is plain JSON. */
export function encodeJournalMetrics(m: ScalarMetrics): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) out[k] = typeof v === 'number' ? encodeFloat(v) : v;
  return out;
}

/** The metrics of a decoded line, or undefined when the field is absent or not in the written shape. */
export function decodeJournalMetrics(v: unknown): ScalarMetrics | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  // Nearly always all plain scalars: then the parsed object is the answer, no copy.
  let tagged = false;
  for (const k in o) {
    const t = typeof o[k];
    if (t === 'number' || t === 'string' || t === 'boolean') continue;
    if (decodeFloat(o[k]) === undefined) return undefined;
    tagged = true;
  }
  if (!tagged) return o as ScalarMetrics;
  const out: ScalarMetrics = {};
  for (const k in o) out[k] = decodeFloat(o[k]) ?? (o[k] as MetricValue);
  return out;
}
