/**
 * `orch report`: reads a sweep's job directories (the run store) and writes `<sweep>/report/`:
 * index.html (self-contained), report.md, results.csv, results.json.
 */
import { join, relative, resolve } from 'node:path';
import { loadReportConfig } from './config.js';
import { stringifyTaskJson } from '../store/task-json.js';
import { jobResultJson, renderCsv } from './csv.js';
import { loadExtras } from './extras.js';
import { findLatestSweep } from './find-sweep.js';
import { sweepReportSettings } from './sweep-settings.js';
import { loadHistories, loadSweep } from './load-sweep.js';
import { createAdaptiveReader } from './read-files.js';
import { attachCurves, buildReportModel, type ReportModel } from './model.js';
import type { JobData } from './types.js';
import { createHtmlRenderer } from './render-html.js';
import { renderMarkdown } from './render-md.js';
import { buildView, type ReportView } from './view.js';
import { writeReportFiles } from './write.js';
import { applyStudyDefaults, MAX_CURVE_TRIALS, studyOf } from './study.js';

export { ReportError } from './errors.js';
export { runCompare, type CompareOptions, type CompareResult } from './compare.js';

export const REPORT_DIR = 'report';

export interface ReportOptions {
  /** Sweep directories to report on together; empty or absent: the latest under outputs/multirun/. */
  sweepDirs?: string[];
  /** `report.key=value` overrides of config/report.yaml and the sweep's `orch.report`. */
  overrides?: string[];
  projectRoot: string;
  /** Skip writing files (e.g. `--format md` to stdout only). Default true. */
  write?: boolean;
  /** Clock for the "generated at" line; tests pin it. */
  now?: Date;
}

export interface ReportResult {
  /** Where the files went: `<first sweep dir>/report`. */
  reportDir: string;
  files: string[];
  markdown: string;
  model: ReportModel;
  view: ReportView;
}

export async function resolveSweepDirs(projectRoot: string, dirs: readonly string[] | undefined): Promise<string[]> {
  if (dirs && dirs.length) return dirs.map((d) => resolve(projectRoot, d));
  return [await findLatestSweep(projectRoot)];
}

/** JSON text of `value` written one level deep (its own lines indented by two more spaces). */
const nested = (text: string): string => text.replace(/\n/g, '\n  ');

/** Items per piece of a long array: pieces of a few MB, never one string of the whole file. */
const PIECE_ITEMS = 2000;

/**
 * A member's array as pieces of text, one level deep, written PIECE_ITEMS items at a time by
 * `write` (which makes the batch's JSON array, indent 2): what `nested(write(items))` would give,
 * without one string, or one set of JSON-ready objects, of all of it.
 */
function* arrayPieces<T>(items: readonly T[], write: (batch: readonly T[]) => string, per = PIECE_ITEMS): Generator<string> {
  if (items.length <= per) return yield nested(write(items));
  yield '[';
  for (let i = 0; i < items.length; i += per) {
    // `[\n    a,\n    b\n  ]` less its brackets: the items at their depth.
    const text = nested(write(items.slice(i, i + per)));
    yield (i === 0 ? '\n' : ',\n') + text.slice(2, -4);
  }
  yield '\n  ]';
}

/**
 * results.json, as pieces made one after another as they are written (only one in memory at a time). Statistics of too few runs are NaN, which
 * strict JSON writes as null ("none"); metrics keep their NaN and Infinity (a diverged run),
 * written as Python's json writes them. The two are written apart (the statistics by
 * JSON.stringify, the jobs as task JSON): on a 100,000-job sweep a parse of the statistics back,
 * to turn their NaN into null, and one string of the whole file took seconds and hundreds of MB.
 */
export function* resultsJsonPieces(model: ReportModel, generatedAt: Date): Generator<string> {
  const labelOf = new Map(model.groups.flatMap((g) => g.jobs.map((j) => [j, g.label] as const)));
  const strict = (v: unknown): string => JSON.stringify(v, null, 2);
  const task = (v: unknown): string => stringifyTaskJson(v, 2);
  const tableJson = (t: ReportModel['tables'][number]) => ({
    metric: t.metric,
    best: t.best ?? null,
    direction: t.direction,
    tie: t.tie ?? null,
    groups: t.rows.map((r) => ({ group: r.group.label, params: Object.fromEntries(r.group.params), ...r.summary, values: r.values, diverged: r.diverged })),
    comparisons: t.comparisons,
  });
  const jobJson = (j: JobData) => jobResultJson(j, relative(j.sweepDir, j.dir), labelOf.get(j) ?? '');
  const head = {
    version: 1,
    generatedAt: generatedAt.toISOString(),
    sweepDirs: model.sweepDirs,
    metric: model.metric ?? null,
    higherIsBetter: model.tables[0]?.higherIsBetter ?? null,
    direction: model.tables[0]?.direction ?? null,
    correction: 'holm-bonferroni',
    alpha: model.cfg.alpha,
    groupBy: model.groupKeys,
    unfinished: model.unfinished,
    statusCounts: model.statusCounts,
  };
  const members: Array<[string, () => Iterable<string>]> = Object.entries(head).filter(([, v]) => v !== undefined).map(([k, v]) => [k, () => [nested(task(v))]]);
  members.push(['claim', () => [nested(strict(model.claim ?? null))]], ['tables', () => arrayPieces(model.tables, (ts) => strict(ts.map(tableJson)), 1)]);
  members.push(['booleans', () => [nested(task(model.booleanTables.map((t) => ({ metric: t.metric, groups: t.rows.map((r) => ({ group: r.group.label, true: r.trues, false: r.falses })) }))))]]);
  members.push(['jobs', () => arrayPieces(model.jobs, (js) => task(js.map(jobJson)))]);
  yield '{\n';
  for (const [i, [k, pieces]] of members.entries()) {
    yield `${i ? ',\n' : ''}  ${JSON.stringify(k)}: `;
    yield* pieces();
  }
  yield '\n}\n';
}

export function resultsJson(model: ReportModel, generatedAt: Date): string {
  return [...resultsJsonPieces(model, generatedAt)].join('');
}

export async function runReport(options: ReportOptions): Promise<ReportResult> {
  const now = options.now ?? new Date();
  const dirs = await resolveSweepDirs(options.projectRoot, options.sweepDirs);
  const reader = createAdaptiveReader();
  const sweeps = await Promise.all(dirs.map((d) => loadSweep(d, reader)));
  // Several sweeps compared in one report answer the first one's question.
  const cfg = await loadReportConfig(options.projectRoot, options.overrides ?? [], await sweepReportSettings(sweeps[0]!.jobs));
  const study = studyOf(sweeps);
  if (study) applyStudyDefaults(cfg, study);
  const model = buildReportModel(sweeps, cfg);
  await loadHistories(model.study ? model.study.trials.slice(0, MAX_CURVE_TRIALS).map((t) => t.job) : model.plotted.flatMap((g) => g.jobs), reader.read);
  attachCurves(model);
  const bestGroup = model.groups.find((g) => g.label === model.tables[0]?.best);
  const extras = bestGroup ? await loadExtras(bestGroup) : undefined;
  const view = buildView(model, extras, now);
  const markdown = renderMarkdown(view);
  const reportDir = join(dirs[0]!, REPORT_DIR);
  if (options.write === false) return { reportDir, files: [], markdown, model, view };
  const renderHtml = await createHtmlRenderer();
  // Made one at a time as they are written: on 100,000 jobs the four together held over 1 GB.
  const files = await writeReportFiles(reportDir, {
    'index.html': () => renderHtml(view),
    'report.md': markdown,
    'results.csv': () => renderCsv(model.jobs, (j) => relative(j.sweepDir, j.dir)),
    'results.json': () => resultsJsonPieces(model, now),
  });
  return { reportDir, files, markdown, model, view };
}
