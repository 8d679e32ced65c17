import { historyNumber, historyValue } from './metrics.js';
import { mean, sampleStd } from './stats.js';
import type { Curve, CurveSeries, Group, JobData } from './types.js';

/** Keys that place a record in time rather than measure something. */
const X_KEYS = ['epoch', 'step', 'iteration', 'iter'];
const NOT_CURVES = new Set([...X_KEYS, 'time', 'time_sec', 'timestamp', 'wall_time', 'elapsed', 't', 'ts']);
const MAX_DEFAULT_CURVES = 4;

/** The x axis of a set of histories: the first of X_KEYS they carry, else the record number. */
export function xKeyOf(jobs: readonly JobData[]): string {
  for (const k of X_KEYS) if (jobs.some((j) => j.history.some((r) => historyValue(r, k) !== undefined))) return k;
  return 'record';
}

/** Numeric top-level history keys in first-seen order, time keys excluded. */
export function curveKeys(jobs: readonly JobData[]): string[] {
  const keys = new Set<string>();
  for (const j of jobs) {
    for (const r of j.history) {
      for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && !NOT_CURVES.has(k)) keys.add(k);
    }
  }
  return [...keys];
}

function seriesOf(group: Group, key: string, xKey: string): CurveSeries | undefined {
  const byX = new Map<number, number[]>();
  for (const job of group.jobs) {
    job.history.forEach((rec, i) => {
      const x = xKey === 'record' ? i + 1 : historyValue(rec, xKey);
      const y = historyValue(rec, key);
      if (x === undefined || y === undefined) return;
      let ys = byX.get(x);
      if (!ys) byX.set(x, (ys = []));
      ys.push(y);
    });
  }
  if (byX.size === 0) return undefined;
  const xs = [...byX.keys()].sort((a, b) => a - b);
  const ys = xs.map((x) => byX.get(x)!);
  return {
    group: group.label,
    x: xs,
    mean: ys.map(mean),
    // One seed gives no spread; draw no band rather than a fake zero-width one.
    std: ys.map((v) => (v.length > 1 ? sampleStd(v) : 0)),
    n: ys.map((v) => v.length),
  };
}

/** Learning curves per group: mean over repeats at each x with a ±std band. */
export function buildCurves(groups: readonly Group[], wanted: readonly string[] | undefined): Curve[] {
  const jobs = groups.flatMap((g) => g.jobs);
  if (!jobs.some((j) => j.history.length)) return [];
  const xKey = xKeyOf(jobs);
  const keys = wanted ?? curveKeys(jobs).slice(0, MAX_DEFAULT_CURVES);
  return keys
    .map((key) => ({ key, xKey, series: groups.map((g) => seriesOf(g, key, xKey)).filter((s): s is CurveSeries => s !== undefined), nonFinite: nonFinitePoints(groups, key) }))
    .filter((c) => c.series.length > 0);
}

function nonFinitePoints(groups: readonly Group[], key: string): number {
  let n = 0;
  for (const g of groups) for (const j of g.jobs) for (const r of j.history) {
    const v = historyNumber(r, key);
    if (v !== undefined && !Number.isFinite(v)) n++;
  }
  return n;
}
