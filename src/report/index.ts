/**
 * `orch report`: reads a sweep's job directories (the run store) and writes `<sweep>/report/`:
 * index.html (self-contained), report.md, results.csv, results.json.
 */
import { dirInSweep } from './job-path.js';
import { join, resolve } from 'node:path';
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

/** Indentation of JSON written `depth` levels in (two spaces a level, as results.json is). */
const pad = (depth: number): string => '  '.repeat(depth);

/**
 * `stringify(value)` (indent 2) as it reads `depth` levels in: the value is written inside `depth`
 * one-item arrays, which are cut off again. Re-indenting the written text instead (a replace of
 * every newline) copied each multi-MB piece of a 100,000-job results.json once more: ~1 GB.
 */
function atDepth(stringify: (v: unknown) => string, value: unknown, depth: number): string {
  if (depth === 0) return stringify(value);
  let wrapped = value;
  for (let k = 0; k < depth; k++) wrapped = [wrapped];
  const text = stringify(wrapped);
  // `[\n<pad k>` opens level k (k = 1..depth), `\n<pad k>]` closes it (k = depth-1..0).
  return text.slice(depth * (depth + 3), text.length - depth * (depth + 1));
}

/** Items per piece of a long array: pieces of a few MB, never one string of the whole file. */
const PIECE_ITEMS = 2000;

/** Pieces of a member's value. */
type Pieces = () => Iterable<string>;

/**
 * An array at `depth` as pieces of text, PIECE_ITEMS items at a time made JSON-ready by `toJson`
 * and written by `stringify` (indent 2): what `atDepth(stringify, toJson(items), depth)` would
 * give, without one string, or one set of JSON-ready objects, of all of it.
 */
function* arrayPieces<T>(items: readonly T[], toJson: (batch: readonly T[]) => unknown[], stringify: (v: unknown) => string, depth: number, per = PIECE_ITEMS): Generator<string> {
  if (items.length <= per) return yield atDepth(stringify, toJson(items), depth);
  yield '[';
  for (let i = 0; i < items.length; i += per) {
    // `[\n<pad+1>a,\n<pad+1>b\n<pad>]` less its brackets: the items at their depth.
    const text = atDepth(stringify, toJson(items.slice(i, i + per)), depth);
    yield (i === 0 ? '\n' : ',\n') + text.slice(2, -(2 * depth + 2));
  }
  yield `\n${pad(depth)}]`;
}

/** An array at `depth` whose items are each written as pieces (`itemPieces(item, depth + 1)`). */
function* itemPieces<T>(items: readonly T[], pieces: (item: T, depth: number) => Iterable<string>, depth: number): Generator<string> {
  if (!items.length) return yield '[]';
  for (const [i, item] of items.entries()) {
    yield `${i ? ',' : '['}\n${pad(depth + 1)}`;
    yield* pieces(item, depth + 1);
  }
  yield `\n${pad(depth)}]`;
}

/** An object at `depth` from its members in order, each value as pieces (JSON.stringify's layout). */
function* objectPieces(members: ReadonlyArray<readonly [string, Pieces]>, depth: number): Generator<string> {
  if (!members.length) return yield '{}';
  for (const [i, [k, pieces]] of members.entries()) {
    yield `${i ? ',' : '{'}\n${pad(depth + 1)}${JSON.stringify(k)}: `;
    yield* pieces();
  }
  yield `\n${pad(depth)}}`;
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
  const groupJson = (r: ReportModel['tables'][number]['rows'][number]) => ({ group: r.group.label, params: Object.fromEntries(r.group.params), ...r.summary, values: r.values, diverged: r.diverged });
  // A table of 100,000 groups is tens of MB of JSON: its groups and comparisons go in batches too.
  const tablePieces = (t: ReportModel['tables'][number], depth: number) => objectPieces([
    ['metric', () => [atDepth(strict, t.metric, depth + 1)]],
    ['best', () => [atDepth(strict, t.best ?? null, depth + 1)]],
    ['direction', () => [atDepth(strict, t.direction, depth + 1)]],
    ['tie', () => [atDepth(strict, t.tie ?? null, depth + 1)]],
    ['groups', () => arrayPieces(t.rows, (rs) => rs.map(groupJson), strict, depth + 1)],
    ['comparisons', () => arrayPieces(t.comparisons, (cs) => [...cs], strict, depth + 1)],
  ], depth);
  const jobJson = (j: JobData) => jobResultJson(j, dirInSweep(j), labelOf.get(j) ?? '');
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
  const members: Array<[string, Pieces]> = Object.entries(head).filter(([, v]) => v !== undefined).map(([k, v]) => [k, () => [atDepth(task, v, 1)]]);
  members.push(['claim', () => [atDepth(strict, model.claim ?? null, 1)]], ['tables', () => itemPieces(model.tables, tablePieces, 1)]);
  members.push(['booleans', () => [atDepth(task, model.booleanTables.map((t) => ({ metric: t.metric, groups: t.rows.map((r) => ({ group: r.group.label, true: r.trues, false: r.falses })) })), 1)]]);
  members.push(['jobs', () => arrayPieces(model.jobs, (js) => js.map(jobJson), task, 1)]);
  yield* objectPieces(members, 0);
  yield '\n';
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
    'results.csv': () => renderCsv(model.jobs, dirInSweep),
    'results.json': () => resultsJsonPieces(model, now),
  });
  return { reportDir, files, markdown, model, view };
}
