/**
 * A sweep that was a search (`orch.sweeper.name` random or tpe) is a study: trials in order, one
 * objective (`orch.sweeper.metric`, `orch.sweeper.direction`) and a search space. The report then
 * shows what matters for a study rather than group statistics: the best trial and its config, the
 * best value so far over trial number, the objective against each parameter and how much each
 * parameter matters.
 *
 * Trial numbers are the run record's `trial` where the search wrote one, else the job number (a
 * search dispatches trial n as job n).
 */
import { numberAt } from './metrics.js';
import { numericValue } from './param-effects.js';
import type { JobData, LoadedSweep, ReportConfig } from './types.js';

export const SEARCH_SWEEPERS = ['random', 'tpe'];

export interface StudySettings {
  sweeper: string;
  metric?: string;
  direction: 'minimize' | 'maximize';
  /** Searched parameters whose distribution is logarithmic (`tag(log, interval(...))`). */
  logParams: string[];
}

export interface Trial { trial: number; job: JobData; value?: number; pruned: boolean }

export interface ParamImportance {
  key: string;
  /** Share of the variance of the objective's ranks explained by this parameter alone (ε², ≥ 0). */
  share: number;
  /** Spearman's rank correlation with the objective (numeric parameters only): the sign says which way. */
  rho?: number;
}

export interface Study {
  settings: StudySettings;
  metric: string;
  trials: Trial[];
  best?: Trial;
  /** `[trial, best value among trials up to it]` for every trial with a value. */
  bestSoFar: Array<[number, number]>;
  params: string[];
  importance: ParamImportance[];
  counts: { completed: number; pruned: number; failed: number; other: number };
}

/** The study settings of a sweep, or undefined when it was not a search. */
export function studySettings(sweeper: Record<string, unknown> | undefined): StudySettings | undefined {
  const name = sweeper?.name;
  if (typeof name !== 'string' || !SEARCH_SWEEPERS.includes(name)) return undefined;
  const params = sweeper!.params;
  const logParams = params !== null && typeof params === 'object' && !Array.isArray(params)
    ? Object.entries(params).filter(([, v]) => typeof v === 'string' && /\btag\([^)]*\blog\b/.test(v)).map(([k]) => k) : [];
  return {
    sweeper: name,
    metric: typeof sweeper!.metric === 'string' ? sweeper!.metric : undefined,
    direction: sweeper!.direction === 'maximize' ? 'maximize' : 'minimize',
    logParams,
  };
}

/** The first searched sweep's settings; a report over several sweeps is a study only if the first one is. */
export function studyOf(sweeps: readonly LoadedSweep[]): StudySettings | undefined {
  return studySettings(sweeps[0]?.plan.sweeper);
}

function trialNumber(job: JobData): number {
  const t = job.run?.trial;
  return typeof t === 'number' && Number.isInteger(t) ? t : job.num;
}

function ranks(xs: readonly number[]): number[] {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]!] === xs[idx[i]!]) j++;
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i]! - ma) * (b[i]! - mb); saa += (a[i]! - ma) ** 2; sbb += (b[i]! - mb) ** 2; }
  return saa && sbb ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * ε² (epsilon squared) of `y` over the classes: (SS_between − (k − 1)·MS_within) / SS_total,
 * clipped at 0. Unlike η² it does not grow with the number of classes on noise alone.
 */
export function epsilonSquared(y: readonly number[], classes: readonly string[]): number {
  const n = y.length;
  const m = y.reduce((s, v) => s + v, 0) / n;
  const by = new Map<string, number[]>();
  classes.forEach((c, i) => { const l = by.get(c); if (l) l.push(y[i]!); else by.set(c, [y[i]!]); });
  const k = by.size;
  if (k < 2 || n <= k) return 0;
  let ssb = 0;
  for (const l of by.values()) { const ml = l.reduce((s, v) => s + v, 0) / l.length; ssb += l.length * (ml - m) ** 2; }
  const sst = y.reduce((s, v) => s + (v - m) ** 2, 0);
  if (sst === 0) return 0;
  const msw = (sst - ssb) / (n - k);
  return Math.max(0, (ssb - (k - 1) * msw) / sst);
}

/** Quantile bins of a numeric parameter (about √n of them, 2 to 10), so a peak in the middle counts as much as a trend. */
function binOf(xs: readonly number[]): string[] {
  const distinct = new Set(xs).size;
  const bins = Math.min(distinct, 10, Math.max(2, Math.round(Math.sqrt(xs.length))));
  const r = ranks(xs);
  return r.map((v) => String(Math.min(bins - 1, Math.floor((v / xs.length) * bins))));
}

/**
 * Importance of each parameter as a first-order variance decomposition of the objective's ranks
 * (the main effects of fANOVA, estimated by binning instead of a random forest): ε² of the ranks
 * grouped by the parameter's value (categorical) or its quantile bin (numeric). Ranks keep one
 * diverged trial from deciding everything.
 */
export function importance(trials: readonly Trial[], params: readonly string[]): ParamImportance[] {
  const done = trials.filter((t) => t.value !== undefined && !t.pruned);
  if (done.length < 4) return [];
  const y = ranks(done.map((t) => t.value!));
  return params.map((key) => {
    const texts = done.map((t) => t.job.params.get(key) ?? '∅');
    const nums = texts.map(numericValue);
    const numeric = nums.every((v) => v !== undefined);
    const share = epsilonSquared(y, numeric ? binOf(nums as number[]) : texts);
    return { key, share, rho: numeric ? pearson(ranks(nums as number[]), y) : undefined };
  }).sort((a, b) => b.share - a.share);
}

export function buildStudy(settings: StudySettings, metric: string, jobs: readonly JobData[], params: readonly string[]): Study {
  const sign = settings.direction === 'maximize' ? 1 : -1;
  const trials = jobs.map((job): Trial => {
    const pruned = (job.status as string) === 'pruned';
    const v = job.status === 'completed' ? numberAt(job.flatMetrics, metric) : undefined;
    return { trial: trialNumber(job), job, pruned, value: v !== undefined && Number.isFinite(v) ? v : undefined };
  }).sort((a, b) => a.trial - b.trial);
  let best: Trial | undefined;
  const bestSoFar: Array<[number, number]> = [];
  for (const t of trials) {
    if (t.value === undefined) continue;
    if (!best || sign * (t.value - best.value!) > 0) best = t;
    bestSoFar.push([t.trial, best.value!]);
  }
  const counts = { completed: 0, pruned: 0, failed: 0, other: 0 };
  for (const t of trials) {
    const s = t.job.status as string;
    if (s === 'completed') counts.completed++;
    else if (s === 'pruned') counts.pruned++;
    else if (s === 'failed' || s === 'timeout') counts.failed++;
    else counts.other++;
  }
  return { settings, metric, trials, best, bestSoFar, params: [...params], importance: importance(trials, params), counts };
}

/** A study's objective is the report's main metric and its direction, unless report settings say otherwise; trials are not grouped. */
export function applyStudyDefaults(cfg: ReportConfig, s: StudySettings): void {
  if (cfg.metric === undefined && s.metric) cfg.metric = s.metric;
  const m = cfg.metric;
  if (m && cfg.higherIsBetter === undefined && !cfg.directions[m]) cfg.directions[m] = s.direction === 'maximize' ? 'max' : 'min';
  // Each trial is its own setting: group statistics over single runs say nothing.
  if (cfg.groupBy === undefined) cfg.groupBy = [];
}

/** Trials whose learning curves are drawn: the first MAX_CURVE_TRIALS by trial number. */
export const MAX_CURVE_TRIALS = 300;
