/** Display-ready strings for the renderers: templates stay free of logic and of number formatting. */
import { dirInSweep } from './job-path.js';
import type { Extras } from './extras.js';
import { fmtDuration, fmtInterval, fmtMeanStd, fmtNum, fmtP, fmtValue, namedFew } from './format.js';
import { CORRECTION } from './analyze.js';
import { describeDirection } from './direction.js';
import { MAX_PLOTTED_GROUPS, type ReportModel } from './model.js';
import { renderLinePlot } from './svg-plot.js';
import type { Comparison, Group, JobData } from './types.js';
import { sweepName } from './group.js';
import { jobsTable, scriptJson } from './view-jobs.js';
import { parallelFigure, paramFigures } from './view-params.js';
import { studyView } from './view-study.js';
import { firstRows, shownComparisons, shownRows } from './view-caps.js';

export interface ComparisonView { a: string; b: string; diff: string; ci: string; t: string; df: string; p: string; pAdj: string; d: string; g: string; effectNote?: string; significant: boolean; verdict: string }

export function comparisonView(c: Comparison, alpha: number): ComparisonView {
  const w = c.welch;
  const verdict = !w || Number.isNaN(c.pAdj) ? 'not testable (needs ≥ 2 runs with spread)'
    : c.significant ? `significant at α = ${alpha} (${CORRECTION})`
    : c.pAdj < alpha ? `significant in the other direction at α = ${alpha}` : 'not significant';
  const halfWidth = w ? (w.ci95[1] - w.ci95[0]) / 2 : undefined;
  return {
    a: c.a, b: c.b, diff: fmtNum(w?.meanDiff), ci: fmtInterval(w?.ci95, halfWidth), t: fmtNum(w?.t), df: fmtNum(w?.df), p: fmtP(w?.p), pAdj: fmtP(c.pAdj),
    d: w?.effectNote ? 'n/a' : fmtNum(w?.cohenD), g: w?.effectNote ? 'n/a' : fmtNum(w?.hedgesG), effectNote: w?.effectNote, significant: c.significant, verdict,
  };
}

function jobDir(job: JobData): string {
  return dirInSweep(job) || '.';
}

function heatColor(frac: number): { bg: string; fg: string } {
  // White to #0072B2, the palette's first colour; text flips to white where the cell is dark.
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * frac);
  return { bg: `rgb(${mix(255, 0)},${mix(255, 114)},${mix(255, 178)})`, fg: frac > 0.55 ? '#fff' : '#1a1a1a' };
}

function extrasView(extras: Extras | undefined): unknown {
  if (!extras) return undefined;
  const c = extras.confusion;
  return {
    group: extras.group,
    confusion: c && {
      jobs: c.jobs,
      labels: c.labels,
      rows: c.matrix.map((row, i) => {
        const total = row.reduce((s, x) => s + x, 0) || 1;
        return { label: c.labels[i] ?? String(i), cells: row.map((v, j) => ({ v, ...heatColor(v / total), diag: i === j })) };
      }),
    },
    errors: extras.errors.map((e) => ({ ...e, confidence: fmtNum(e.confidence) })),
  };
}

export function buildView(model: ReportModel, extras: Extras | undefined, generatedAt: Date) {
  const { cfg, metric } = model;
  const main = model.tables[0];
  const labels = new Map<JobData, string>();
  for (const g of model.groups) for (const j of g.jobs) labels.set(j, g.label);
  const label = (j: JobData): string => labels.get(j) ?? '';
  const direction = main ? describeDirection(main.metric, main.direction) : '';
  const total = model.jobs.length;
  const multi = model.sweepDirs.length > 1;
  const sweepsOf = (g: Group): string | undefined => (multi ? [...new Set(g.jobs.map((j) => sweepName(j.sweepDir)))].join(', ') : undefined);
  const table = jobsTable(model.jobs, model.varyingKeys, model.constantKeys, model.tables.map((t) => t.metric), multi);
  const { tableViews, shownTests, claimTests } = metricTableViews(model, sweepsOf);
  return {
    title: cfg.question ?? (metric ? `Which setting gives the best ${metric}?` : 'Sweep report'),
    question: cfg.question,
    sweepDirs: model.sweepDirs,
    sweeps: multi ? model.sweepDirs.map((d) => ({ name: sweepName(d), dir: d, jobs: model.jobs.filter((j) => j.sweepDir === d).length, command: model.sweepCommands[d] })) : [],
    generatedAt: generatedAt.toISOString(),
    metric,
    metricNote: model.metricChosen && metric ? `Main metric ${metric} was chosen automatically; set report.metric to pick another.` : undefined,
    direction,
    missingNote: model.missingMetrics.length ? `No job has ${model.missingMetrics.join(', ')} (asked for in report.metrics); those are left out.` : undefined,
    alpha: cfg.alpha,
    correction: CORRECTION,
    effectNotes: [...new Set([...(claimTests?.comparisons ?? []), ...shownTests.flat()].flatMap((c) => (c.welch?.effectNote ? [`${c.a} vs. ${c.b}: effect size ${c.welch.effectNote}.`] : [])))],
    groupKeys: model.groupKeys.join(', ') || '(nothing varies)',
    repeatKeys: cfg.repeatKeys.join(', ') || '(none)',
    claim: model.claim && {
      ...model.claim,
      verdict: model.claim.holds === true ? 'yes' : model.claim.holds === false ? 'no' : 'unknown',
      comparisons: claimTests!.comparisons.map((c) => comparisonView(c, cfg.alpha)),
      comparisonsNote: claimTests!.note,
      testsMade: model.claim.comparisons.length,
    },
    partial: model.unfinished > 0
      ? `Partial sweep: ${model.unfinished} of ${total} jobs are still pending or running; numbers below cover finished jobs only.`
      : undefined,
    statuses: Object.entries(model.statusCounts).map(([status, count]) => ({ status, count })),
    total,
    tables: tableViews,
    booleanTables: model.booleanTables.map((t) => {
      const shown = firstRows(t.rows);
      return { metric: t.metric, rows: shown.rows.map((r) => ({ label: r.group.label, trues: r.trues, falses: r.falses, jobs: r.group.jobs.length })), capNote: shown.note };
    }),
    plots: model.curves.map((c) => ({ key: c.key, svg: renderLinePlot(c, { title: `${c.key} per ${c.xKey}` }) })),
    plotNote: [
      model.groups.length > MAX_PLOTTED_GROUPS ? `Showing the ${MAX_PLOTTED_GROUPS} best of ${model.groups.length} groups.` : '',
      ...model.curves.filter((c) => c.nonFinite).map((c) => `${c.key}: ${c.nonFinite} non-finite point(s) (diverged steps) left out.`),
    ].filter(Boolean).join(' ') || undefined,
    study: studyView(model.study, cfg.curves),
    paramPlots: model.study ? [] : paramFigures(model),
    parallel: parallelFigure(model),
    jobsTable: table,
    jobsJson: scriptJson({ columns: table.columns, rows: table.rows }),
    failed: model.failed.map((j) => ({
      num: j.num, status: j.status, group: label(j), dir: jobDir(j), overrides: j.overrides.join(' '),
      reason: j.run?.reason ?? (j.run?.exitCode != null ? `exit code ${j.run.exitCode}` : j.run?.signal ? `signal ${j.run.signal}` : ''),
      stderr: j.stderrTail ?? '(no stderr.log)',
    })),
    withoutMetric: model.withoutMetric.map((j) => ({ num: j.num, dir: jobDir(j), problems: j.problems.join('; ') || 'no metrics.json or no value for the metric' })),
    problems: model.jobs.filter((j) => j.problems.length).map((j) => ({ num: j.num, dir: jobDir(j), text: j.problems.join('; ') })),
    provenance: [
      ['Task', model.provenance.task],
      ['Command', model.provenance.command],
      ['Created', model.provenance.createdAt],
      ['Git commit', model.provenance.gitCommits.join(', ') + (model.provenance.dirty ? ' (dirty working tree)' : '')],
      ['orch version', model.provenance.orchVersions.join(', ')],
      ['Node version', model.provenance.nodeVersions.join(', ')],
      ['Launcher', model.provenance.launcher],
      ['Hosts', model.provenance.hosts.join(', ')],
    ].filter(([, v]) => v).map(([key, value]) => ({ key, value })),
    extras: extrasView(extras),
    bestLabel: main?.best,
  };
}

/**
 * The metric tables as shown (view-caps.ts: the best groups of a huge sweep), the tests shown with
 * them, and the claim's tests against the groups the main table shows.
 */
function metricTableViews(model: ReportModel, sweepsOf: (g: Group) => string | undefined) {
  const { cfg } = model;
  // Once per table: past the cap each is a sort of every group.
  const shown = model.tables.map((t) => shownRows(t));
  const labels = shown.map((sh) => new Set(sh.rows.map((r) => r.group.label)));
  const shownTests: Comparison[][] = [];
  // A claim exists only beside a main table (model.ts).
  const claimTests = model.claim && (labels[0] ? shownComparisons(model.claim.comparisons, labels[0]) : { comparisons: model.claim.comparisons, note: undefined });
  const tableViews = model.tables.map((t, i) => {
    const { rows, note } = shown[i]!;
    const tests = shownComparisons(t.comparisons, labels[i]!);
    shownTests.push(tests.comparisons);
    const divergedElsewhere = t.rows.filter((r) => r.diverged).length - rows.filter((r) => r.diverged).length;
    // With no claim configured, the Answer section already shows the main metric's tests.
    const testsInAnswer = i === 0 && !cfg.claim && cfg.baselines.length === 0 && model.claim;
    return {
      metric: t.metric,
      main: i === 0,
      direction: describeDirection(t.metric, t.direction),
      best: t.best,
      tieNote: t.tie ? `No best group: ${namedFew(t.tie)} have exactly the same mean.` : undefined,
      rows: rows.map((r) => ({
        label: r.group.label, sweeps: sweepsOf(r.group), best: r.best, n: r.summary?.n ?? 0, jobs: r.group.jobs.length,
        meanStd: fmtMeanStd(r.summary?.mean, r.summary?.std), mean: fmtNum(r.summary?.mean), std: fmtNum(r.summary?.std),
        ci: fmtInterval(r.summary?.ci95, r.summary?.std),
        min: fmtNum(r.summary?.min), max: fmtNum(r.summary?.max),
      })),
      capNote: note,
      diverged: [...rows.filter((r) => r.diverged).map((r) => `${r.group.label}: ${r.diverged}`), ...(divergedElsewhere ? [`${divergedElsewhere} more group(s), not shown, with diverged runs`] : [])],
      comparisons: testsInAnswer ? [] : tests.comparisons.map((c) => comparisonView(c, cfg.alpha)),
      comparisonsNote: testsInAnswer ? undefined : tests.note,
      /** Tests made together (the Holm family), shown or not. */
      testsMade: t.comparisons.length,
    };
  });
  return { tableViews, shownTests, claimTests };
}

export type ReportView = ReturnType<typeof buildView>;
