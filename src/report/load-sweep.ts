import { readTextIfExists } from '../store/json-file.js';
import { basename, join, resolve } from 'node:path';
import {
  HISTORY_FILE, METRICS_FILE, ORCH_META_DIR, RUN_FILE, STDERR_FILE, SWEEP_FILE, type RunRecord,
} from '../store/types.js';
import { OrchError } from '../errors.js';
import { settleAll } from '../store/atomic.js';
import { isJobDir, isSweepDir, openSweepView, type SweepEntry, type SweepView } from '../store/sweep-view.js';
import { ReportError } from './errors.js';
import { parseTaskJsonLines } from '../store/task-json.js';
import { parseMetricsText } from '../task/metrics.js';
import { flattenMetrics } from './metrics.js';
import { paramsOf } from './params.js';
import { createAdaptiveReader, IS_LINK, mapLimit, readTail, type NoFollowReader, type OptionalFileReader } from './read-files.js';
import { confinements, confineTo, outsideWarning, type Locate } from '../store/confine.js';
import type { JobData, LoadedSweep, ReportedRun } from './types.js';
import type { PlanSearch } from '../store/plan-record-format.js';

/** Enough reads in flight to keep the disk busy, few enough to stay far from the fd limit. */
const READ_CONCURRENCY = 64;

function parseRunJson(text: string | undefined, problems: string[]): RunRecord | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as RunRecord;
  } catch (err) {
    problems.push(`${ORCH_META_DIR}/${RUN_FILE}: not valid JSON (${(err as Error).message})`);
    return undefined;
  }
}

function parseHistory(text: string | undefined, problems: string[]): Array<Record<string, unknown>> {
  if (!text) return [];
  const { records, errors } = parseTaskJsonLines(text, HISTORY_FILE);
  const out = records.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object' && !Array.isArray(r));
  const bad = errors.length + records.length - out.length;
  if (bad) problems.push(`${HISTORY_FILE}: ${bad} line(s) that are not JSON objects were skipped${errors.length ? ` (first: ${errors[0]})` : ''}`);
  return out;
}

/** Reading metrics.json finds again what the launcher put in the run record's warnings: say it once. */
function mergeProblems(...lists: Array<readonly string[] | undefined>): string[] {
  if (lists.every((l) => !l?.length)) return [];
  return [...new Set(lists.flatMap((l) => l ?? []))];
}

function durationOf(run: RunRecord | undefined): number | undefined {
  if (!run) return undefined;
  if (typeof run.durationSec === 'number') return run.durationSec;
  if (run.startedAt && run.endedAt) {
    const d = (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000;
    return Number.isFinite(d) ? d : undefined;
  }
  return undefined;
}

/** How job files are read: `readNoFollow`, where the platform has it, saves an lstat per file. */
export interface JobFileReader { read: OptionalFileReader; readNoFollow?: NoFollowReader }

/**
 * A reader of one job's files that reads only what is really inside the sweep dir; a file that
 * links out is left unread, as a problem of the job (a warning in the report). A file in a plain
 * directory is opened without following a link (one system call, no lstat); only a link, which
 * may still point inside, takes the realpath way.
 */
export function confinedReader(locate: Locate, dir: string, problems: string[], read: OptionalFileReader, readNoFollow?: NoFollowReader): (file: string) => Promise<string | undefined> {
  return async (file) => {
    const path = join(dir, file);
    const parent = readNoFollow && locate.realParent ? locate.realParent(path) : null;
    if (parent !== null) {
      const text = await readNoFollow!(join(parent, basename(path)));
      if (text !== IS_LINK) return text;
    }
    const at = locate(path);
    if (at.kind === 'outside') problems.push(outsideWarning(file, at.real));
    return at.kind === 'inside' ? read(at.real) : undefined;
  };
}

/**
 * What the report uses of a run record. The whole record (argv, provenance, launcher handle...) of
 * each of 100,000 jobs held to the end was hundreds of MB and seconds of garbage collection.
 */
function reportedRun(run: RunRecord | undefined): ReportedRun | undefined {
  if (!run) return undefined;
  const { git, orchVersion, nodeVersion, host, reason, exitCode, signal } = run;
  const trial = (run as { trial?: unknown }).trial;
  return {
    orchVersion, nodeVersion, host, reason, exitCode, signal,
    ...(git ? { git: { commit: git.commit, dirty: git.dirty } } : {}),
    ...(trial !== undefined ? { trial } : {}),
  };
}

/** Reads one job's run.json and metrics.json (and stderr tail when it failed); history comes later. */
export async function loadJob(
  sweepDir: string, entry: SweepEntry, reader: JobFileReader = { read: readTextIfExists }, locate: Locate = confineTo(sweepDir),
): Promise<JobData> {
  const dir = entry.dir;
  const problems: string[] = [];
  const readJobFile = confinedReader(locate, dir, problems, reader.read, reader.readNoFollow);
  const [runText, metricsText] = await Promise.all([readJobFile(join(ORCH_META_DIR, RUN_FILE)), readJobFile(METRICS_FILE)]);
  const run = parseRunJson(runText, problems);
  const parsed = metricsText === undefined ? { warnings: [] } : parseMetricsText(metricsText);
  const metrics = parsed.metrics;
  const status = run?.status ?? 'pending';
  const failed = status === 'failed' || status === 'timeout' || status === 'cancelled';
  const overrides = entry.overrides ?? run?.overrides ?? [];
  return {
    num: entry.num,
    dir,
    sweepDir,
    overrides,
    params: paramsOf(overrides),
    status,
    run: reportedRun(run),
    durationSec: durationOf(run),
    metrics,
    flatMetrics: flattenMetrics(metrics),
    history: [],
    stderrTail: failed ? await confinedReader(locate, dir, problems, (real) => readTail(real))(STDERR_FILE) : undefined,
    problems: mergeProblems(problems, run?.warnings, parsed.warnings),
  };
}

/**
 * Reads a sweep's plan (streamed) and the files of every job it lists, READ_CONCURRENCY jobs at a
 * time (absent files are fine: pending jobs). Statuses are the run records'.
 */
export async function loadSweep(sweepDir: string, reader: JobFileReader = createAdaptiveReader()): Promise<LoadedSweep> {
  const dir = resolve(sweepDir);
  const view = await openReportedSweep(dir);
  try {
    const locate = confineTo(dir);
    locate.listRoot?.();
    const jobs: JobData[] = [];
    // Workers that take the next job from the plan as they finish one. (A Promise.race over the set
    // of reads in flight, once per job, hung 64 reactions on it each time: 6,400,000 for 100,000 jobs.)
    const entries = view.jobs()[Symbol.asyncIterator]();
    let failed = false;
    const worker = async (): Promise<void> => {
      try {
        for (let e = await entries.next(); !e.done && !failed; e = await entries.next()) jobs.push(await loadJob(dir, e.value, reader, locate));
      } catch (err) {
        failed = true;
        throw err;
      }
    };
    await settleAll(Array.from({ length: READ_CONCURRENCY }, worker));
    jobs.sort((a, b) => a.num - b.num);
    return { dir, plan: { task: view.task, command: view.command, createdAt: view.createdAt, launcher: view.launcher, sweeper: view.sweeper }, jobs };
  } finally {
    await view.close();
  }
}

/** The sweep, with the report's own errors for a dir that is not one. */
async function openReportedSweep(dir: string): Promise<SweepView & { command?: string[]; sweeper?: Record<string, unknown> }> {
  if (!isSweepDir(dir)) {
    throw new ReportError({
      code: 'REPORT_NOT_A_SWEEP', message: `${dir}: not a sweep directory (no .orch/plan.json or ${SWEEP_FILE})`,
      hint: isJobDir(dir)
        ? 'This is a single job directory; pass the sweep directory that contains it (its parent).'
        : 'Pass a directory created by `orch <task> -m ...`, e.g. outputs/multirun/<date>/<time>.',
    });
  }
  try {
    const view = await openSweepView(dir);
    const legacy = view.plan ? undefined : await legacyPlan(dir);
    // `sweeper`: the sweep's orch.sweeper settings, which a search records in its plan (a study's metric and direction).
    const header = view.plan?.header;
    const sweeper = settingsOf((header as { sweeper?: unknown } | undefined)?.sweeper ?? (header?.search && sweeperOfSearch(header.search)) ?? legacy?.sweeper);
    return Object.assign(view, { command: view.plan?.header.command ?? legacy?.command, sweeper });
  } catch (err) {
    if (err instanceof ReportError || !(err instanceof OrchError)) throw err;
    throw new ReportError({ code: 'REPORT_BAD_SWEEP_FILE', message: err.message, cause: err });
  }
}

/**
 * The study view's `{name, metric, direction, params}` from the search block a search's plan has
 * (its settings and the override texts its space was read from).
 */
export function sweeperOfSearch(search: PlanSearch): Record<string, unknown> {
  const { sweeper, metric, direction } = search.settings as { sweeper?: unknown; metric?: unknown; direction?: unknown };
  const params: Record<string, string> = {};
  for (const text of search.space) {
    const eq = text.indexOf('=');
    if (eq > 0) params[text.slice(0, eq).replace(/^[+~]+/, '')] = text.slice(eq + 1);
  }
  return { name: sweeper, metric, direction, params };
}

function settingsOf(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

async function legacyPlan(dir: string): Promise<{ command?: string[]; sweeper?: unknown } | undefined> {
  const text = await readTextIfExists(join(dir, SWEEP_FILE));
  try {
    return text === undefined ? undefined : (JSON.parse(text) as { command?: string[]; sweeper?: unknown });
  } catch {
    return undefined;
  }
}

/**
 * Fills in history.jsonl of the given jobs. Only the plotted groups need it, so a 10,000-job sweep
 * does not parse 10,000 histories to draw ten lines.
 */
export async function loadHistories(jobs: readonly JobData[], read: OptionalFileReader = createAdaptiveReader().read): Promise<void> {
  const locateIn = confinements();
  await mapLimit(jobs, READ_CONCURRENCY, async (job) => {
    const text = await confinedReader(locateIn(job.sweepDir), job.dir, job.problems, read)(HISTORY_FILE);
    job.history = parseHistory(text, job.problems);
  });
}
