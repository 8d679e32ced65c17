/** Reading values out of metrics.json and history records by dotted path. */
import type { JobData, MetricValue } from './types.js';

export { flattenMetrics } from '../store/metric-values.js';
export type { MetricValue } from './types.js';
import { decodeFloat } from '../store/metric-values.js';

/** Numeric value at a dotted path (NaN and ±Infinity included), or undefined; a literal dotted key (`"test.accuracy": 0.9`) also counts. */
export function numberAt(flat: Map<string, MetricValue>, path: string): number | undefined {
  const v = flat.get(path);
  return typeof v === 'number' ? v : undefined;
}

/** A metric over some jobs: the finite values, which statistics use, and the runs that diverged. */
export interface MetricValues {
  values: number[];
  nan: number;
  posInf: number;
  negInf: number;
}

export function metricValues(jobs: readonly JobData[], metric: string): MetricValues {
  const out: MetricValues = { values: [], nan: 0, posInf: 0, negInf: 0 };
  for (const j of jobs) {
    const v = numberAt(j.flatMetrics, metric);
    if (v === undefined) continue;
    if (Number.isFinite(v)) out.values.push(v);
    else if (Number.isNaN(v)) out.nan++;
    else if (v > 0) out.posInf++;
    else out.negInf++;
  }
  return out;
}

/** `2 of 5 runs diverged (NaN)`, or undefined when none did. */
export function divergedNote(mv: MetricValues): string | undefined {
  const diverged = mv.nan + mv.posInf + mv.negInf;
  if (diverged === 0) return undefined;
  const kinds = ([[mv.nan, 'NaN'], [mv.posInf, 'inf'], [mv.negInf, '-inf']] as const).filter(([n]) => n > 0);
  const what = kinds.length === 1 ? kinds[0]![1] : kinds.map(([n, k]) => `${n} ${k}`).join(', ');
  return `${diverged} of ${diverged + mv.values.length} runs diverged (${what})`;
}

/** Numeric value of a history record at a dotted path; a diverged (non-finite) point is left out of curves. */
export function historyValue(rec: Record<string, unknown>, path: string): number | undefined {
  const n = historyNumber(rec, path);
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

/**
 * The value at a dotted path of a parsed JSON object (metrics.json, a history line); a key that has
 * the dots itself (`{"val.loss": 1}`, as flat loggers write) is taken first.
 */
export function plainAt(rec: Record<string, unknown>, path: string): unknown {
  if (path in rec) return rec[path];
  let cur: unknown = rec;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Like historyValue, NaN and ±Infinity included. */
export function historyNumber(rec: Record<string, unknown>, path: string): number | undefined {
  const cur = plainAt(rec, path);
  const n = decodeFloat(cur) ?? cur;
  return typeof n === 'number' ? n : undefined;
}
