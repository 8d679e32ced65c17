/**
 * `orch report --compare A B`: the same groups in two sweeps side by side (e.g. before and after a
 * code change), with Welch's t-test of B against A per group on the main metric.
 */
import { join, resolve } from 'node:path';
import { availableMetrics, checkMetricExists, compareGroups, CORRECTION, holmCorrect } from './analyze.js';
import { describeDirection, mainDirection } from './direction.js';
import { chooseMainMetric } from './main-metric.js';
import { loadReportConfig } from './config.js';
import { sweepReportSettings } from './sweep-settings.js';
import { fmtMeanStd, fmtNum, fmtP } from './format.js';
import { ReportError } from './errors.js';
import { groupingKeys, groupJobs, overrideKeys, varyingKeys } from './group.js';
import { loadSweep } from './load-sweep.js';
import { metricValues } from './metrics.js';
import { summarize } from './stats.js';
import type { Comparison, JobData } from './types.js';
import { writeReportFiles } from './write.js';

export interface CompareOptions {
  sweepA: string;
  sweepB: string;
  overrides?: string[];
  projectRoot: string;
  write?: boolean;
}

export interface CompareRow {
  group: string;
  a: { n: number; mean?: number; std?: number };
  b: { n: number; mean?: number; std?: number };
  comparison?: Comparison;
}

export interface CompareResult {
  metric: string;
  rows: CompareRow[];
  markdown: string;
  files: string[];
}

function side(jobs: readonly JobData[] | undefined, metric: string): { n: number; mean?: number; std?: number; values: number[] } {
  const { values } = metricValues(jobs ?? [], metric);
  const s = values.length ? summarize(values) : undefined;
  return { n: values.length, mean: s?.mean, std: s?.std, values };
}

/**
 * The keys that vary inside either sweep (or report.group_by): a setting constant in each sweep but
 * different between them is what the comparison is about, so it must not split the groups apart.
 */
export function compareKeys(a: readonly JobData[], b: readonly JobData[], groupBy: readonly string[] | undefined, repeatKeys: readonly string[]): string[] {
  if (groupBy) return groupingKeys([...a, ...b], groupBy, repeatKeys);
  const keys = new Set([...varyingKeys(a), ...varyingKeys(b)]);
  return overrideKeys([...a, ...b]).filter((k) => keys.has(k) && !repeatKeys.includes(k));
}

function constantsThatDiffer(a: readonly JobData[], b: readonly JobData[], keys: readonly string[]): string[] {
  return overrideKeys([...a, ...b]).filter((k) => !keys.includes(k)).flatMap((k) => {
    const va = a[0]?.params.get(k);
    const vb = b[0]?.params.get(k);
    const constant = (jobs: readonly JobData[], v: string | undefined): boolean => jobs.every((j) => j.params.get(k) === v);
    return va !== vb && constant(a, va) && constant(b, vb) ? [`${k} (A: ${va ?? '∅'}, B: ${vb ?? '∅'})`] : [];
  });
}

export async function runCompare(options: CompareOptions): Promise<CompareResult> {
  const [a, b] = await Promise.all([loadSweep(resolve(options.projectRoot, options.sweepA)), loadSweep(resolve(options.projectRoot, options.sweepB))]);
  // A against B: the question is the baseline's (A).
  const cfg = await loadReportConfig(options.projectRoot, options.overrides ?? [], await sweepReportSettings(a.jobs));
  const all = [...a.jobs, ...b.jobs];
  const names = availableMetrics(all);
  const metric = chooseMainMetric(names, cfg.metric).metric;
  if (!metric) throw new ReportError({ code: 'REPORT_UNKNOWN_METRIC', message: `${a.dir}, ${b.dir}: no job has reported any metric yet; nothing to compare` });
  checkMetricExists(metric, all);
  const keys = compareKeys(a.jobs, b.jobs, cfg.groupBy, cfg.repeatKeys);
  const differing = constantsThatDiffer(a.jobs, b.jobs, keys);
  const direction = mainDirection(metric, cfg.directions, cfg.higherIsBetter);
  const higherIsBetter = direction.dir === 'max';
  const byLabel = (jobs: JobData[]): Map<string, JobData[]> => new Map(groupJobs(jobs, keys).map((g) => [g.label, g.jobs]));
  const ga = byLabel(a.jobs);
  const gb = byLabel(b.jobs);
  const labels = [...new Set([...ga.keys(), ...gb.keys()])];
  const raw: CompareRow[] = labels.map((group) => {
    const sa = side(ga.get(group), metric);
    const sb = side(gb.get(group), metric);
    const comparison = sa.n && sb.n ? compareGroups({ label: 'B', values: sb.values }, { label: 'A', values: sa.values }, cfg.alpha, higherIsBetter) : undefined;
    return { group, a: sa, b: sb, comparison };
  });
  // One family: every group tested is a comparison made, so the correction spans them all.
  const tested = raw.filter((r) => r.comparison);
  const corrected = holmCorrect(tested.map((r) => r.comparison!), cfg.alpha, higherIsBetter);
  const rows = raw.map((r) => (r.comparison ? { ...r, comparison: corrected[tested.indexOf(r)] } : r));
  const head = `| Group | A: mean ± std (n) | B: mean ± std (n) | Δ (B − A) | t | df | p | p (Holm) | Hedges' g |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|`;
  const body = rows.map((r) => {
    const w = r.comparison?.welch;
    return `| ${r.group.replace(/\|/g, '\\|')} | ${fmtMeanStd(r.a.mean, r.a.std)} (${r.a.n}) | ${fmtMeanStd(r.b.mean, r.b.std)} (${r.b.n}) | ` +
      `${r.a.mean !== undefined && r.b.mean !== undefined ? fmtNum(r.b.mean - r.a.mean) : '–'} | ${fmtNum(w?.t)} | ${fmtNum(w?.df)} | ${fmtP(w?.p)} | ${fmtP(r.comparison?.pAdj)} | ${w?.effectNote ? 'not shown (no variance)' : fmtNum(w?.hedgesG)} |`;
  });
  const markdown = [
    `# Comparison on ${metric}`, '', `- A: \`${a.dir}\``, `- B: \`${b.dir}\``,
    `- Groups by: ${keys.join(', ') || '(nothing varies)'}; Welch's t-test of B against A per group, α = ${cfg.alpha}, ${CORRECTION} correction over the ${tested.length} test(s); ${metric}: ${describeDirection(metric, direction)}.`,
    ...(differing.length ? [`- Settings that differ between the sweeps (not grouped on): ${differing.join('; ')}.`] : []),
    '', head, ...body, '',
    `Groups only in A: ${labels.filter((l) => !gb.has(l)).join('; ') || 'none'}. Groups only in B: ${labels.filter((l) => !ga.has(l)).join('; ') || 'none'}.`, '',
  ].join('\n');
  const files = options.write === false ? [] : await writeReportFiles(join(b.dir, 'report'), { 'compare.md': markdown });
  return { metric, rows, markdown, files };
}
