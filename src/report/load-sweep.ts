import { isAbsolute, join, relative, resolve } from 'node:path';
import type { SweepPlanFile } from '../plan/types.js';
import {
  HISTORY_FILE, METRICS_FILE, ORCH_META_DIR, RUN_FILE, STDERR_FILE, SWEEP_FILE, type RunRecord,
} from '../store/types.js';
import { ReportError } from './errors.js';
import { parseTaskJsonLines } from '../store/task-json.js';
import { parseMetricsText } from '../task/metrics.js';
import { flattenMetrics } from './metrics.js';
import { paramsOf } from './params.js';
import { createAdaptiveReader, mapLimit, readOptional, readTail, type OptionalFileReader } from './read-files.js';
import { confinements, confineTo, outsideWarning, type Locate } from '../store/confine.js';
import type { JobData, LoadedSweep } from './types.js';

/** Enough reads in flight to keep the disk busy, few enough to stay far from the fd limit. */
const READ_CONCURRENCY = 64;

export async function readSweepPlan(sweepDir: string): Promise<SweepPlanFile> {
  const dir = resolve(sweepDir);
  const text = await readOptional(join(dir, SWEEP_FILE));
  if (text === undefined) {
    const isJob = (await readOptional(join(dir, ORCH_META_DIR, RUN_FILE))) !== undefined;
    throw new ReportError('REPORT_NOT_A_SWEEP', `${dir}: not a sweep directory (no ${SWEEP_FILE})`, {
      hint: isJob
        ? 'This is a single job directory; pass the sweep directory that contains it (its parent).'
        : 'Pass a directory created by `orch <task> -m ...`, e.g. outputs/multirun/<date>/<time>.',
    });
  }
  let plan: SweepPlanFile;
  try {
    plan = JSON.parse(text) as SweepPlanFile;
  } catch (err) {
    throw new ReportError('REPORT_BAD_SWEEP_FILE', `${join(dir, SWEEP_FILE)}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.jobs)) {
    throw new ReportError('REPORT_BAD_SWEEP_FILE', `${join(dir, SWEEP_FILE)}: has no "jobs" list; is it a sweep.json written by orch?`);
  }
  return plan;
}

/**
 * A job's directory as it is now: sweep.json records absolute paths, so a sweep that was moved or
 * copied is re-rooted onto the directory we were given.
 */
function jobDirOf(sweepDir: string, plan: SweepPlanFile, dir: string): string {
  if (!isAbsolute(dir)) return join(sweepDir, dir);
  if (plan.sweepDir) {
    const rel = relative(plan.sweepDir, dir);
    if (!rel.startsWith('..') && !isAbsolute(rel)) return join(sweepDir, rel);
  }
  return dir;
}

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

/**
 * A reader of one job's files that reads only what is really inside the sweep dir; a file that
 * links out is left unread, as a problem of the job (a warning in the report).
 */
export function confinedReader(locate: Locate, dir: string, problems: string[], read: OptionalFileReader): (file: string) => Promise<string | undefined> {
  return async (file) => {
    const at = locate(join(dir, file));
    if (at.kind === 'outside') problems.push(outsideWarning(file, at.real));
    return at.kind === 'inside' ? read(at.real) : undefined;
  };
}

/** Reads one job's run.json and metrics.json (and stderr tail when it failed); history comes later. */
export async function loadJob(
  sweepDir: string, plan: SweepPlanFile, entry: SweepPlanFile['jobs'][number], read: OptionalFileReader = readOptional, locate: Locate = confineTo(sweepDir),
): Promise<JobData> {
  const dir = jobDirOf(sweepDir, plan, entry.dir);
  const problems: string[] = [];
  const readJobFile = confinedReader(locate, dir, problems, read);
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
    run,
    durationSec: durationOf(run),
    metrics,
    flatMetrics: flattenMetrics(metrics),
    history: [],
    stderrTail: failed ? await confinedReader(locate, dir, problems, (real) => readTail(real))(STDERR_FILE) : undefined,
    problems: mergeProblems(problems, run?.warnings, parsed.warnings),
  };
}

/** Reads a sweep's plan and every job directory it lists (absent files are fine: pending jobs). */
export async function loadSweep(sweepDir: string, read: OptionalFileReader = createAdaptiveReader().read): Promise<LoadedSweep> {
  const dir = resolve(sweepDir);
  const plan = await readSweepPlan(dir);
  const locate = confineTo(dir);
  const jobs = await mapLimit(plan.jobs, READ_CONCURRENCY, (entry) => loadJob(dir, plan, entry, read, locate));
  return { dir, plan, jobs };
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
