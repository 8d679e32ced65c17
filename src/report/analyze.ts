import { didYouMean, sentences } from '../errors.js';
import { ReportError } from './errors.js';
import { divergedNote, metricValues } from './metrics.js';
import { matchesSelector, parseSelector } from './params.js';
import { fmtNum, fmtP, namedFew } from './format.js';
import { holmAdjust, summarize, welchTTest } from './stats.js';
import type { MetricDirection } from './direction.js';
import type { BooleanTable, ClaimResult, Comparison, Group, JobData, MetricGroupRow, MetricTable, ReportConfig } from './types.js';

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
  throw new ReportError({
    code: 'REPORT_UNKNOWN_METRIC', message: sentences(`report.metric: no job has a numeric metric '${metric}'.`, didYouMean(metric, names)),
    hint: `Metrics in metrics.json of this sweep: ${names.join(', ')}.`,
  });
}

function better(a: number, b: number, higherIsBetter: boolean): boolean {
  return higherIsBetter ? a > b : a < b;
}

type Side = { label: string; values: number[] };

/** One Welch test; `pAdj` is its own p until `holmCorrect` sees the whole family. */
export function compareGroups(a: Side, b: Side, alpha: number, higherIsBetter: boolean): Comparison {
  const welch = welchTTest(a.values, b.values);
  const p = welch?.p ?? NaN;
  return { a: a.label, b: b.label, welch, pAdj: p, significant: inDirection(welch, higherIsBetter) && p < alpha };
}

function inDirection(welch: Comparison['welch'], higherIsBetter: boolean): boolean {
  return welch !== undefined && better(welch.meanDiff, 0, higherIsBetter);
}

/** The comparisons made together for one answer, Holm–Bonferroni corrected as one family. */
export function holmCorrect(cs: readonly Comparison[], alpha: number, higherIsBetter: boolean): Comparison[] {
  const adj = holmAdjust(cs.map((c) => c.welch?.p ?? NaN));
  return cs.map((c, i) => ({ ...c, pAdj: adj[i]!, significant: inDirection(c.welch, higherIsBetter) && adj[i]! < alpha }));
}

export const CORRECTION = 'Holm–Bonferroni';

/** Rows with a mean first, best mean first (`higherIsBetter` undefined: the higher first). */
export function bestFirst(rows: readonly MetricGroupRow[], higherIsBetter: boolean | undefined): MetricGroupRow[] {
  const sign = higherIsBetter === false ? -1 : 1;
  return [...rows].sort((a, b) => (b.summary ? 1 : 0) - (a.summary ? 1 : 0) || sign * ((b.summary?.mean ?? 0) - (a.summary?.mean ?? 0)));
}

export function metricTable(metric: string, groups: readonly Group[], alpha: number, direction: MetricDirection, test: boolean): MetricTable {
  const rows: MetricGroupRow[] = groups.map((group) => {
    const mv = metricValues(group.jobs, metric);
    const values = mv.values;
    return { group, values, diverged: divergedNote(mv), summary: values.length ? summarize(values) : undefined, best: false };
  });
  const higherIsBetter = direction.dir === undefined ? undefined : direction.dir === 'max';
  const table: MetricTable = { metric, direction, higherIsBetter, rows, comparisons: [] };
  if (higherIsBetter === undefined) return table;
  let bestRow: MetricGroupRow | undefined;
  for (const r of rows) {
    if (r.summary && (!bestRow || better(r.summary.mean, bestRow.summary!.mean, higherIsBetter))) bestRow = r;
  }
  if (!bestRow) return table;
  // An exact tie has no winner: a badge would pick one by the order groups happen to appear in.
  const tied = rows.filter((r) => r.summary && r.summary.mean === bestRow.summary!.mean);
  if (tied.length > 1) return { ...table, tie: tied.map((r) => r.group.label) };
  bestRow.best = true;
  const comparisons = test
    ? rows.filter((r) => r !== bestRow && r.summary).map((r) => compareGroups({ label: bestRow.group.label, values: bestRow.values }, { label: r.group.label, values: r.values }, alpha, higherIsBetter))
    : [];
  return { ...table, best: bestRow.group.label, comparisons: holmCorrect(comparisons, alpha, higherIsBetter) };
}

function selectGroups(selector: string, groups: readonly Group[], what: string): Group[] {
  const sel = parseSelector(selector);
  const found = groups.filter((g) => matchesSelector(g.params, sel));
  if (found.length === 0) {
    throw new ReportError({
      code: 'REPORT_BAD_SELECTOR', message: `report.${what}: '${selector}' matches no group`,
      hint: `Groups: ${namedFew(groups.map((g) => g.label), '; ', 50)}.`,
    });
  }
  return found;
}

const FAILED = new Set(['failed', 'timeout', 'cancelled']);
/** Groups an answer names one by one; past this it names the first few and counts the rest. */
const NAMED_GROUPS = 10;

/** How many runs of each group the answer rests on, and a warning for runs that are not in it. */
export function answerBasis(table: MetricTable, groups: readonly Group[]): { basis: string; warning?: string } {
  const parts: string[] = [];
  const lost: string[] = [];
  // By group, not a search per group: a sweep of 100,000 distinct settings has 100,000 groups.
  const rowOf = new Map(table.rows.map((r) => [r.group, r]));
  let used = 0;
  let runs = 0;
  for (const g of groups) {
    const row = rowOf.get(g);
    const n = row?.values.length ?? 0;
    used += n;
    runs += g.jobs.length;
    if (groups.length <= NAMED_GROUPS) parts.push(`${n} of ${g.jobs.length} run${g.jobs.length === 1 ? '' : 's'} of ${g.label}`);
    const failed = g.jobs.filter((j) => FAILED.has(j.status)).length;
    const unfinished = g.jobs.filter((j) => j.status === 'pending' || j.status === 'running').length;
    const noValue = g.jobs.length - n - failed - unfinished;
    const why = [failed && `${failed} failed`, unfinished && `${unfinished} not finished`, noValue > 0 && `${noValue} without a finite ${table.metric}`].filter(Boolean);
    if (why.length) lost.push(`${g.label}: ${why.join(', ')}`);
  }
  return {
    // Past a few groups, totals: a sentence naming 100,000 groups is read by nobody.
    basis: groups.length <= NAMED_GROUPS ? `Rests on ${parts.join(', ')}.` : `Rests on ${used.toLocaleString('en-US')} of ${runs.toLocaleString('en-US')} runs of ${groups.length.toLocaleString('en-US')} groups.`,
    warning: lost.length ? `Warning: not every run is in this answer (${namedFew(lost, '; ', NAMED_GROUPS)}).` : undefined,
  };
}

/**
 * The claim: the claimed group (default: the best one) beats each baseline (default: every other
 * group) on the main metric, by Welch's t-test with a Holm–Bonferroni correction over the tests.
 */
export function evaluateClaim(table: MetricTable, groups: readonly Group[], cfg: ReportConfig): ClaimResult {
  const higherIsBetter = table.higherIsBetter ?? true;
  const dir = higherIsBetter ? 'higher' : 'lower';
  const claimed = cfg.claim ? selectGroups(cfg.claim, groups, 'claim') : groups.filter((g) => g.label === table.best);
  const claimedRow = table.rows.find((r) => r.group === claimed[0]);
  const baselineGroups = cfg.baselines.length
    ? cfg.baselines.flatMap((b) => selectGroups(b, groups, 'baselines'))
    : groups.filter((g) => g !== claimed[0]);
  const claimedLabel = claimed[0]?.label ?? (table.tie ? namedFew(table.tie, ' / ', NAMED_GROUPS) : '(no group has data)');
  const against = cfg.baselines.length ? namedFew(baselineGroups.map((g) => g.label), '; ', NAMED_GROUPS) : 'every other group';
  const statement = `${claimedLabel} has a ${dir} ${table.metric} than ${against}.`;
  const involved = claimed[0] ? [claimed[0], ...baselineGroups.filter((g) => g !== claimed[0])] : groups;
  const { basis, warning } = answerBasis(table, involved);
  const done = (holds: boolean | undefined, answer: string, comparisons: Comparison[] = []): ClaimResult =>
    ({ statement, criterion: '', holds, answer: [answer, basis, warning].filter(Boolean).join(' '), basis, warning, comparisons });
  const withCriterion = (r: ClaimResult, m: number): ClaimResult => ({
    ...r,
    criterion: `Welch's t-test, two-sided, ${CORRECTION}-adjusted p < ${cfg.alpha} over the ${m} comparison(s) made, with the difference in the claimed direction, against each of them.`,
  });
  if (table.tie && !cfg.claim) {
    return withCriterion(done(undefined, `Cannot tell: ${namedFew(table.tie, ' and ', NAMED_GROUPS)} have exactly the same mean ${table.metric} (${fmtNum(table.rows.find((r) => r.group.label === table.tie![0])!.summary!.mean)}); no group is best.`), 0);
  }
  if (!claimedRow?.summary) return withCriterion(done(undefined, 'Cannot tell: the claimed group has no results yet.'), 0);
  const rowOf = new Map(table.rows.map((r) => [r.group, r]));
  const rows = baselineGroups.map((g) => rowOf.get(g)!).filter((r) => r.group !== claimedRow.group);
  const raw = rows.filter((r) => r.summary).map((r) => compareGroups({ label: claimedRow.group.label, values: claimedRow.values }, { label: r.group.label, values: r.values }, cfg.alpha, higherIsBetter));
  const comparisons = holmCorrect(raw, cfg.alpha, higherIsBetter);
  const m = comparisons.filter((c) => !Number.isNaN(c.pAdj)).length;
  const result = (holds: boolean | undefined, answer: string): ClaimResult => withCriterion(done(holds, answer, comparisons), m);
  const missing = rows.filter((r) => !r.summary).map((r) => r.group.label);
  const untestable = comparisons.filter((c) => Number.isNaN(c.pAdj)).map((c) => c.b);
  const failing = comparisons.filter((c) => !Number.isNaN(c.pAdj) && !c.significant);
  const mean = fmtNum(claimedRow.summary.mean);
  const pText = (c: Comparison): string => `p = ${fmtP(c.welch!.p)}, adjusted ${fmtP(c.pAdj)}`;
  if (comparisons.length === 0) return result(undefined, 'Cannot tell: no other group has results to compare with.');
  if (failing.length) {
    // A significant difference in the wrong direction is a stronger "no" than a missing effect: say which.
    const reversed = failing.filter((c) => c.pAdj < cfg.alpha);
    const weak = failing.filter((c) => c.pAdj >= cfg.alpha);
    const parts: string[] = [];
    if (reversed.length) {
      parts.push(`is significantly ${higherIsBetter ? 'lower' : 'higher'} than ${namedFew(reversed.map((c) => `${c.b} (${pText(c)}, mean difference ${fmtNum(c.welch!.meanDiff)})`), '; ', NAMED_GROUPS)}`);
    }
    if (weak.length) {
      const worst = weak.reduce((a, b) => (a.pAdj >= b.pAdj ? a : b));
      parts.push(`is not significantly ${dir} than ${namedFew(weak.map((c) => c.b), '; ', NAMED_GROUPS)} (weakest: ${pText(worst)}, mean difference ${fmtNum(worst.welch!.meanDiff)})`);
    }
    return result(false, `No. ${claimedLabel} (mean ${mean}) ${parts.join(', and ')}.`);
  }
  if (untestable.length || missing.length) {
    const lacking = namedFew([...untestable, ...missing], '; ', NAMED_GROUPS);
    const tested = comparisons.length - untestable.length;
    return result(undefined, (tested > 0
      ? `Not yet. ${claimedLabel} (mean ${mean}) is significantly ${dir} than the ${tested} group(s) it could be tested against, but `
      : `Cannot tell yet. ${claimedLabel} has mean ${mean}, but `) +
      `${lacking} lack enough runs to test (each group needs at least 2, with some spread: add repeats over ${cfg.repeatKeys.join(', ') || 'a seed'}).`);
  }
  let maxP = 0;
  for (const c of comparisons) maxP = Math.max(maxP, c.pAdj);
  return result(true, `Yes. ${claimedLabel} (mean ${mean}) is significantly ${dir} than each of them (largest ${CORRECTION}-adjusted p = ${fmtP(maxP)} < ${cfg.alpha}).`);
}
