/**
 * What a metric does as a function of the swept parameters: per numeric parameter, every run's value
 * and the mean with its 95 % CI at each parameter value (the other parameters pooled); and one line
 * per setting of all swept parameters for parallel coordinates.
 */
import { numberAt } from './metrics.js';
import { summarize } from './stats.js';
import type { JobData } from './types.js';

export interface ParamLevel { x: number; n: number; mean: number; lo: number; hi: number }

export interface ParamEffect {
  key: string;
  metric: string;
  points: Array<{ x: number; y: number }>;
  levels: ParamLevel[];
}

/** A parameter value read as a number (`1e-3`, `0.1`, `32`); anything else (`cnn`, `[1,2]`) is not. */
export function numericValue(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** Keys whose every value is a number and that take at least two values. */
export function numericKeys(jobs: readonly JobData[], keys: readonly string[]): string[] {
  return keys.filter((k) => {
    const seen = new Set<number>();
    for (const j of jobs) {
      const text = j.params.get(k);
      if (text === undefined) continue;
      const v = numericValue(text);
      if (v === undefined) return false;
      seen.add(v);
    }
    return seen.size >= 2;
  });
}

function finiteMetric(job: JobData, metric: string): number | undefined {
  const y = job.status === 'completed' ? numberAt(job.flatMetrics, metric) : undefined;
  return y !== undefined && Number.isFinite(y) ? y : undefined;
}

export function paramEffect(jobs: readonly JobData[], key: string, metric: string): ParamEffect | undefined {
  const byX = new Map<number, number[]>();
  const points: Array<{ x: number; y: number }> = [];
  for (const j of jobs) {
    const x = numericValue(j.params.get(key));
    const y = finiteMetric(j, metric);
    if (x === undefined || y === undefined) continue;
    points.push({ x, y });
    let ys = byX.get(x);
    if (!ys) byX.set(x, (ys = []));
    ys.push(y);
  }
  if (byX.size < 2) return undefined;
  const levels = [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([x, ys]) => {
    const s = summarize(ys);
    return { x, n: s.n, mean: s.mean, lo: s.ci95[0], hi: s.ci95[1] };
  });
  return { key, metric, points, levels };
}

export interface ParallelAxis {
  key: string;
  /** Numeric axes place values on a scale; categorical ones space the values evenly, in first-seen order. */
  kind: 'numeric' | 'categorical';
  categories?: string[];
}

export interface ParallelData {
  axes: ParallelAxis[];
  metric: string;
  /** One line per setting of the swept parameters: their values and the metric's mean over repeats. */
  lines: Array<{ values: string[]; metric: number; n: number }>;
  /** Settings left out to keep the plot drawable (a sample across the metric's range is kept). */
  dropped: number;
}

/** Past this many lines the SVG gets slow to open and a solid blot to look at. */
export const MAX_PARALLEL_LINES = 1500;

export function parallelData(jobs: readonly JobData[], keys: readonly string[], metric: string, higherIsBetter: boolean): ParallelData | undefined {
  if (keys.length < 1) return undefined;
  const numeric = new Set(numericKeys(jobs, keys));
  const settings = new Map<string, { values: string[]; ys: number[] }>();
  for (const j of jobs) {
    const y = finiteMetric(j, metric);
    if (y === undefined) continue;
    const values = keys.map((k) => j.params.get(k) ?? '∅');
    const id = JSON.stringify(values);
    const s = settings.get(id);
    if (s) s.ys.push(y);
    else settings.set(id, { values, ys: [y] });
  }
  if (settings.size < 2) return undefined;
  const axes: ParallelAxis[] = keys.map((key) => numeric.has(key)
    ? { key, kind: 'numeric' }
    : { key, kind: 'categorical', categories: [...new Set([...settings.values()].map((s) => s.values[keys.indexOf(key)]!))] });
  // Worst first, so the best lines are drawn last, on top.
  const sign = higherIsBetter ? 1 : -1;
  let lines = [...settings.values()].map((s) => ({ values: s.values, metric: s.ys.reduce((a, b) => a + b, 0) / s.ys.length, n: s.ys.length }))
    .sort((a, b) => sign * (a.metric - b.metric));
  const dropped = Math.max(0, lines.length - MAX_PARALLEL_LINES);
  if (dropped) {
    const step = lines.length / MAX_PARALLEL_LINES;
    const best = lines[lines.length - 1]!;
    lines = Array.from({ length: MAX_PARALLEL_LINES - 1 }, (_, i) => lines[Math.floor(i * step)]!).concat(best);
  }
  return { axes, metric, lines, dropped };
}
