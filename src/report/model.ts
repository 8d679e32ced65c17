import { availableMetrics, bestFirst, booleanMetrics, booleanTable, checkMetricExists, evaluateClaim, metricTable } from './analyze.js';
import { directionOf, mainDirection } from './direction.js';
import { chooseMainMetric } from './main-metric.js';
import { buildCurves } from './curves.js';
import { groupingKeys, groupJobs, overrideKeys, SWEEP_KEY, sweepName, varyingKeys } from './group.js';
import { numberAt } from './metrics.js';
import type { BooleanTable, ClaimResult, Curve, Group, JobData, LoadedSweep, MetricTable, ReportConfig } from './types.js';
import type { RunStatus } from '../store/types.js';
import { buildStudy, studyOf, type Study } from './study.js';

/** Extra metrics tabled by default when `report.metrics` is not set. */
const MAX_DEFAULT_METRICS = 6;
/** Plots get unreadable past this many lines; the best groups are kept. */
export const MAX_PLOTTED_GROUPS = 10;

export interface Provenance {
  task?: string;
  command: string;
  createdAt?: string;
  gitCommits: string[];
  dirty: boolean;
  orchVersions: string[];
  nodeVersions: string[];
  launcher?: string;
  hosts: string[];
}

/** Everything a renderer needs; computed once, rendered as HTML, Markdown, CSV and JSON. */
export interface ReportModel {
  sweepDirs: string[];
  /** `orch ...` that made each sweep, by directory. */
  sweepCommands: Record<string, string>;
  cfg: ReportConfig;
  metric?: string;
  metricChosen: boolean;
  /** Metrics asked for in report.metrics that no job has. */
  missingMetrics: string[];
  groupKeys: string[];
  /** Override keys that vary between jobs (repeat keys included) and those that do not. */
  varyingKeys: string[];
  constantKeys: string[];
  /** Varying keys minus repeat keys: the parameters the sweep is about. */
  sweptKeys: string[];
  groups: Group[];
  tables: MetricTable[];
  booleanTables: BooleanTable[];
  claim?: ClaimResult;
  /** Filled by `attachCurves` once the plotted groups' histories are loaded. */
  curves: Curve[];
  /** The best groups (at most MAX_PLOTTED_GROUPS), whose learning curves are drawn. */
  plotted: Group[];
  jobs: JobData[];
  statusCounts: Partial<Record<RunStatus, number>>;
  unfinished: number;
  failed: JobData[];
  withoutMetric: JobData[];
  provenance: Provenance;
  /** Set when the sweep was a search (orch.sweeper.name random/tpe). */
  study?: Study;
}

function uniq(xs: Array<string | undefined>): string[] {
  return [...new Set(xs.filter((x): x is string => !!x))];
}

function provenanceOf(sweeps: readonly LoadedSweep[], jobs: readonly JobData[]): Provenance {
  const plan = sweeps[0]!.plan;
  const runs = jobs.map((j) => j.run).filter((r) => r !== undefined);
  return {
    task: plan.task,
    command: sweeps.map((s) => ['orch', ...(s.plan.command ?? [])].join(' ')).join('\n'),
    createdAt: plan.createdAt,
    gitCommits: uniq(runs.map((r) => r.git?.commit)),
    dirty: runs.some((r) => r.git?.dirty),
    orchVersions: uniq(runs.map((r) => r.orchVersion)),
    nodeVersions: uniq(runs.map((r) => r.nodeVersion)),
    launcher: typeof plan.launcher?.name === 'string' ? plan.launcher.name : undefined,
    hosts: uniq(runs.map((r) => r.host)).slice(0, 10),
  };
}

/** A verdict over finite values only must say which runs it left out. */
function withDivergedNote(claim: ClaimResult, table: MetricTable): ClaimResult {
  const notes = table.rows.filter((r) => r.diverged).map((r) => `${r.group.label}: ${r.diverged}`);
  if (!notes.length) return claim;
  return { ...claim, answer: `${claim.answer} Left out of the test (non-finite ${table.metric}): ${notes.join('; ')}.` };
}

/** Computes the learning curves; call after the plotted groups' histories are loaded. */
export function attachCurves(model: ReportModel): void {
  model.curves = buildCurves(model.plotted, model.cfg.curves);
}

/**
 * Groups over the grouping keys. Sweeps reported together pool a setting they share (more seeds run
 * later); `report.group_by: [sweep, ...]` keeps the sweeps apart (the same config before and after a
 * code change).
 */
function groupsOf(sweeps: readonly LoadedSweep[], jobs: JobData[], cfg: ReportConfig): { groupKeys: string[]; groups: Group[] } {
  const bySweep = cfg.groupBy?.includes(SWEEP_KEY) ?? false;
  const groupKeys = bySweep ? [...cfg.groupBy!] : groupingKeys(jobs, cfg.groupBy, cfg.repeatKeys);
  if (bySweep) groupingKeys(jobs, cfg.groupBy!.filter((k) => k !== SWEEP_KEY), cfg.repeatKeys);
  const names = new Map(sweeps.map((s) => [s.dir, sweepName(s.dir)]));
  return { groupKeys, groups: groupJobs(jobs, groupKeys, (j, k) => (k === SWEEP_KEY && bySweep ? names.get(j.sweepDir) : j.params.get(k))) };
}

function studyAt(sweeps: readonly LoadedSweep[], metric: string | undefined, jobs: JobData[], params: string[]): Study | undefined {
  const settings = studyOf(sweeps);
  return settings && metric ? buildStudy(settings, metric, jobs, params) : undefined;
}

export function buildReportModel(sweeps: readonly LoadedSweep[], cfg: ReportConfig): ReportModel {
  const jobs = sweeps.flatMap((s) => s.jobs);
  const names = availableMetrics(jobs);
  const { metric, chosen } = chooseMainMetric(names, cfg.metric);
  if (metric) checkMetricExists(metric, jobs);
  const { groupKeys, groups } = groupsOf(sweeps, jobs, cfg);
  // A missing extra metric is a note, not an error: the main metric alone answers the question.
  const missingMetrics = names.length ? cfg.metrics.filter((m) => !names.includes(m)) : [];
  const extras = cfg.metrics.length ? cfg.metrics.filter((m) => !missingMetrics.includes(m)) : names.filter((n) => n !== metric).slice(0, MAX_DEFAULT_METRICS);
  // Tests only on the main metric, the one the question is about: a t-test on `epochs` answers nothing.
  const tables = (metric ? [metric, ...extras.filter((m) => m !== metric)] : []).map((m, i) =>
    metricTable(m, groups, cfg.alpha, i === 0 ? mainDirection(m, cfg.directions, cfg.higherIsBetter) : directionOf(m, cfg.directions), i === 0));
  const main = tables[0];
  const claim = main?.rows.some((r) => r.summary) ? withDivergedNote(evaluateClaim(main, groups, cfg), main) : undefined;
  // Plot the best groups first so a capped legend still shows the ones that matter.
  const ranked = main ? bestFirst(main.rows, main.higherIsBetter).map((r) => r.group) : groups;
  const plotted = ranked.slice(0, MAX_PLOTTED_GROUPS);
  const statusCounts: Partial<Record<RunStatus, number>> = {};
  for (const j of jobs) statusCounts[j.status] = (statusCounts[j.status] ?? 0) + 1;
  const varying = varyingKeys(jobs);
  const unfinished = (statusCounts.pending ?? 0) + (statusCounts.running ?? 0);
  return {
    sweepDirs: sweeps.map((s) => s.dir),
    sweepCommands: Object.fromEntries(sweeps.map((s) => [s.dir, ['orch', ...(s.plan.command ?? [])].join(' ')])),
    cfg,
    metric,
    metricChosen: chosen,
    missingMetrics,
    groupKeys,
    varyingKeys: varying,
    constantKeys: overrideKeys(jobs).filter((k) => !varying.includes(k)),
    sweptKeys: varying.filter((k) => !cfg.repeatKeys.includes(k)),
    groups,
    tables,
    booleanTables: booleanMetrics(jobs).slice(0, MAX_DEFAULT_METRICS).map((m) => booleanTable(m, groups)),
    claim,
    curves: [],
    plotted,
    jobs,
    statusCounts,
    unfinished,
    failed: jobs.filter((j) => j.status === 'failed' || j.status === 'timeout' || j.status === 'cancelled'),
    withoutMetric: metric ? jobs.filter((j) => j.status === 'completed' && numberAt(j.flatMetrics, metric) === undefined) : [],
    provenance: provenanceOf(sweeps, jobs),
    study: studyAt(sweeps, metric, jobs, varying.filter((k) => !cfg.repeatKeys.includes(k))),
  };
}
