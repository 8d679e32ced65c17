import { closestMatch } from '../errors.js';
import { ReportError } from './errors.js';
import { divergedNote, metricValues } from './metrics.js';
import { matchesSelector, parseSelector } from './params.js';
import { fmtNum, fmtP } from './format.js';
import { summarize, welchTTest } from './stats.js';
import type { BooleanTable, ClaimResult, Comparison, Group, JobData, MetricTable, ReportConfig } from './types.js';

/** Numeric metric names present in at least one job, in first-seen order. */
export function availableMetrics(jobs: readonly JobData[]): string[] {
  const names = new Set<string>();
  for (const j of jobs) for (const [k, v] of j.flatMetrics) if (typeof v === 'number') names.add(k);
  return [...names];
}

/** Boolean metric names present in at least one job, in first-seen order. */
export function booleanMetrics(jobs: readonly JobData[]): string[] {
  const names = new Set<string>();
  for (const j of jobs) for (const [k, v] of j.flatMetrics) if (typeof v === 'boolean') names.add(k);
  return [...names];
}

export function booleanTable(metric: string, groups: readonly Group[]): BooleanTable {
  return {
    metric,
    rows: groups.map((group) => {
      const vs = group.jobs.map((j) => j.flatMetrics.get(metric));
      return { group, trues: vs.filter((v) => v === true).length, falses: vs.filter((v) => v === false).length };
    }),
  };
}

/** Fails when no job has `metric` (unless no job has any metric yet, e.g. a sweep still pending). */
export function checkMetricExists(metric: string, jobs: readonly JobData[]): void {
  const names = availableMetrics(jobs);
  if (names.length === 0 || names.includes(metric)) return;
  const guess = closestMatch(metric, names);
  throw new ReportError('REPORT_UNKNOWN_METRIC', `report.metric: no job has a numeric metric '${metric}'.${guess ? ` Did you mean ${guess}?` : ''}`, {
    hint: `Metrics in metrics.json of this sweep: ${names.join(', ')}.`,
  });
}

function better(a: number, b: number, higherIsBetter: boolean): boolean {
  return higherIsBetter ? a > b : a < b;
}

type Side = { label: string; values: number[] };

export function compareGroups(a: Side, b: Side, alpha: number, higherIsBetter: boolean): Comparison {
  const welch = welchTTest(a.values, b.values);
  const inDirection = welch !== undefined && better(welch.meanDiff, 0, higherIsBetter);
  return { a: a.label, b: b.label, welch, significant: inDirection && welch.p < alpha };
}

/** Direction of an extra metric, which has no setting of its own: losses, errors and times go down. */
export function guessHigherIsBetter(metric: string): boolean {
  return !/(loss|err|error|mse|mae|rmse|perplexity|time|duration|latency|sec|_s$)/i.test(metric.split('.').pop() ?? metric);
}

export function metricTable(metric: string, groups: readonly Group[], alpha: number, higherIsBetter: boolean): MetricTable {
  const rows = groups.map((group) => {
    const mv = metricValues(group.jobs, metric);
    const values = mv.values;
    return { group, values, diverged: divergedNote(mv), summary: values.length ? summarize(values) : undefined, best: false };
  });
  let bestRow: (typeof rows)[number] | undefined;
  for (const r of rows) {
    if (r.summary && (!bestRow || better(r.summary.mean, bestRow.summary!.mean, higherIsBetter))) bestRow = r;
  }
  if (bestRow) bestRow.best = true;
  const comparisons = bestRow
    ? rows.filter((r) => r !== bestRow && r.summary).map((r) => compareGroups({ label: bestRow.group.label, values: bestRow.values }, { label: r.group.label, values: r.values }, alpha, higherIsBetter))
    : [];
  return { metric, higherIsBetter, rows, best: bestRow?.group.label, comparisons };
}

function selectGroups(selector: string, groups: readonly Group[], what: string): Group[] {
  const sel = parseSelector(selector);
  const found = groups.filter((g) => matchesSelector(g.params, sel));
  if (found.length === 0) {
    throw new ReportError('REPORT_BAD_SELECTOR', `report.${what}: '${selector}' matches no group`, {
      hint: `Groups: ${groups.map((g) => g.label).join('; ')}.`,
    });
  }
  return found;
}

/**
 * The claim: the claimed group (default: the best one) beats each baseline (default: every other
 * group) on the main metric, by Welch's t-test at level alpha.
 */
export function evaluateClaim(table: MetricTable, groups: readonly Group[], cfg: ReportConfig): ClaimResult {
  const dir = table.higherIsBetter ? 'higher' : 'lower';
  const claimed = cfg.claim ? selectGroups(cfg.claim, groups, 'claim') : groups.filter((g) => g.label === table.best);
  const claimedRow = table.rows.find((r) => r.group === claimed[0]);
  const baselineGroups = cfg.baselines.length
    ? cfg.baselines.flatMap((b) => selectGroups(b, groups, 'baselines'))
    : groups.filter((g) => g !== claimed[0]);
  const claimedLabel = claimed[0]?.label ?? '(no group has data)';
  const against = cfg.baselines.length ? baselineGroups.map((g) => g.label).join('; ') : 'every other group';
  const statement = `${claimedLabel} has a ${dir} ${table.metric} than ${against}.`;
  const criterion = `Welch's t-test, two-sided p < ${cfg.alpha} with the difference in the claimed direction, against each of them.`;
  if (!claimedRow?.summary) return { statement, criterion, holds: undefined, answer: 'Cannot tell: the claimed group has no results yet.', comparisons: [] };
  const rows = baselineGroups.map((g) => table.rows.find((r) => r.group === g)!).filter((r) => r.group !== claimedRow.group);
  const comparisons = rows.filter((r) => r.summary).map((r) => compareGroups({ label: claimedRow.group.label, values: claimedRow.values }, { label: r.group.label, values: r.values }, cfg.alpha, table.higherIsBetter));
  const missing = rows.filter((r) => !r.summary).map((r) => r.group.label);
  const untestable = comparisons.filter((c) => !c.welch || Number.isNaN(c.welch.p)).map((c) => c.b);
  const failing = comparisons.filter((c) => c.welch && !Number.isNaN(c.welch.p) && !c.significant);
  const mean = fmtNum(claimedRow.summary.mean);
  if (comparisons.length === 0) return { statement, criterion, holds: undefined, answer: 'Cannot tell: no other group has results to compare with.', comparisons };
  if (failing.length) {
    // A significant difference in the wrong direction is a stronger "no" than a missing effect: say which.
    const reversed = failing.filter((c) => c.welch!.p < cfg.alpha);
    const weak = failing.filter((c) => c.welch!.p >= cfg.alpha);
    const parts: string[] = [];
    if (reversed.length) {
      const opposite = table.higherIsBetter ? 'lower' : 'higher';
      parts.push(`is significantly ${opposite} than ${reversed.map((c) => `${c.b} (p = ${fmtP(c.welch!.p)}, mean difference ${fmtNum(c.welch!.meanDiff)})`).join('; ')}`);
    }
    if (weak.length) {
      const worst = weak.reduce((a, b) => ((a.welch?.p ?? 1) >= (b.welch?.p ?? 1) ? a : b));
      parts.push(`is not significantly ${dir} than ${weak.map((c) => c.b).join('; ')} (weakest: p = ${fmtP(worst.welch?.p)}, mean difference ${fmtNum(worst.welch!.meanDiff)})`);
    }
    return { statement, criterion, holds: false, comparisons, answer: `No. ${claimedLabel} (mean ${mean}) ${parts.join(', and ')}.` };
  }
  if (untestable.length || missing.length) {
    const lacking = [...untestable, ...missing].join('; ');
    const tested = comparisons.length - untestable.length;
    return {
      statement, criterion, holds: undefined, comparisons,
      answer: (tested > 0
        ? `Not yet. ${claimedLabel} (mean ${mean}) is significantly ${dir} than the ${tested} group(s) it could be tested against, but `
        : `Cannot tell yet. ${claimedLabel} has mean ${mean}, but `) +
        `${lacking} lack enough runs to test (each group needs at least 2, with some spread: add repeats over ${cfg.repeatKeys.join(', ') || 'a seed'}).`,
    };
  }
  const maxP = Math.max(...comparisons.map((c) => c.welch!.p));
  return { statement, criterion, holds: true, comparisons, answer: `Yes. ${claimedLabel} (mean ${mean}) is significantly ${dir} than each of them (largest p = ${fmtP(maxP)} < ${cfg.alpha}).` };
}
