/**
 * `orch report --compare A B`: the same groups in two sweeps side by side (e.g. before and after a
 * code change), with Welch's t-test of B against A per group on the main metric.
 */
import { join, resolve } from 'node:path';
import { availableMetrics, checkMetricExists, compareGroups } from './analyze.js';
import { loadReportConfig } from './config.js';
import { fmtMeanStd, fmtNum, fmtP } from './format.js';
import { ReportError } from './errors.js';
import { groupingKeys, groupJobs } from './group.js';
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

export async function runCompare(options: CompareOptions): Promise<CompareResult> {
  const cfg = await loadReportConfig(options.projectRoot, options.overrides ?? []);
  const [a, b] = await Promise.all([loadSweep(resolve(options.projectRoot, options.sweepA)), loadSweep(resolve(options.projectRoot, options.sweepB))]);
  const all = [...a.jobs, ...b.jobs];
  const names = availableMetrics(all);
  const metric = cfg.metric ?? names.find((n) => /acc/i.test(n)) ?? names[0];
  if (!metric) throw new ReportError('REPORT_UNKNOWN_METRIC', `${a.dir}, ${b.dir}: no job has reported any metric yet; nothing to compare`);
  checkMetricExists(metric, all);
  // Group keys from both sweeps together, so a group means the same setting on both sides.
  const keys = groupingKeys(all, cfg.groupBy, cfg.repeatKeys);
  const byLabel = (jobs: JobData[]): Map<string, JobData[]> => new Map(groupJobs(jobs, keys).map((g) => [g.label, g.jobs]));
  const ga = byLabel(a.jobs);
  const gb = byLabel(b.jobs);
  const labels = [...new Set([...ga.keys(), ...gb.keys()])];
  const rows: CompareRow[] = labels.map((group) => {
    const sa = side(ga.get(group), metric);
    const sb = side(gb.get(group), metric);
    const comparison = sa.n && sb.n ? compareGroups({ label: 'B', values: sb.values }, { label: 'A', values: sa.values }, cfg.alpha, cfg.higherIsBetter) : undefined;
    return { group, a: sa, b: sb, comparison };
  });
  const head = `| Group | A: mean ± std (n) | B: mean ± std (n) | Δ (B − A) | t | df | p | Hedges' g |\n|---|---:|---:|---:|---:|---:|---:|---:|`;
  const body = rows.map((r) => {
    const w = r.comparison?.welch;
    return `| ${r.group.replace(/\|/g, '\\|')} | ${fmtMeanStd(r.a.mean, r.a.std)} (${r.a.n}) | ${fmtMeanStd(r.b.mean, r.b.std)} (${r.b.n}) | ` +
      `${r.a.mean !== undefined && r.b.mean !== undefined ? fmtNum(r.b.mean - r.a.mean) : '–'} | ${fmtNum(w?.t)} | ${fmtNum(w?.df)} | ${fmtP(w?.p)} | ${fmtNum(w?.hedgesG)} |`;
  });
  const markdown = [
    `# Comparison on ${metric}`, '', `- A: \`${a.dir}\``, `- B: \`${b.dir}\``,
    `- Groups by: ${keys.join(', ') || '(nothing varies)'}; Welch's t-test of B against A per group, α = ${cfg.alpha} (${cfg.higherIsBetter ? 'higher' : 'lower'} is better).`,
    '', head, ...body, '',
    `Groups only in A: ${labels.filter((l) => !gb.has(l)).join('; ') || 'none'}. Groups only in B: ${labels.filter((l) => !ga.has(l)).join('; ') || 'none'}.`, '',
  ].join('\n');
  const files = options.write === false ? [] : await writeReportFiles(join(b.dir, 'report'), { 'compare.md': markdown });
  return { metric, rows, markdown, files };
}
