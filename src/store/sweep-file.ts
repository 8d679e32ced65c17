import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { PLAN_HEADER_FILE } from './plan-record-format.js';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { StoreError } from './errors.js';
import { readJsonIfExists } from './json-file.js';
import { readRunRecord } from './run-record.js';
import { IO_CONCURRENCY, mapLimit } from '../concurrency.js';
import { ORCH_META_DIR, SWEEP_FILE, type SweepFile, type SweepPlanFile } from './types.js';

async function notASweep(sweepDir: string, why: string, cause?: unknown): Promise<StoreError> {
  const isJob = (await readRunRecord(sweepDir).catch(() => undefined)) !== undefined;
  return new StoreError({
    code: 'STORE_NOT_A_SWEEP', message: `${sweepDir}: not a sweep directory (${why})`,
    hint: isJob
      ? 'This is a job directory: use `orch rerun ' + sweepDir + '` to run it again, or pass its sweep directory.'
      : 'Pass a directory created by `orch <task> -m ...` (it holds sweep.json).',
    cause,
  });
}

export async function writeSweep(sweepDir: string, plan: SweepPlanFile | SweepFile): Promise<void> {
  await writeFileAtomic(join(sweepDir, SWEEP_FILE), JSON.stringify(plan, null, 2) + '\n');
}

/** Reads and validates `<dir>/sweep.json`; a clear error when `dir` is not a sweep directory. */
export async function loadSweep(dir: string): Promise<SweepFile> {
  const sweepDir = resolve(dir);
  const path = join(sweepDir, SWEEP_FILE);
  let data: unknown;
  try {
    data = await readJsonIfExists(path, (p, detail, cause) => new StoreError({ code: 'STORE_BAD_SWEEP', message: `${p}: not valid JSON (${detail})`, cause }));
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw await notASweep(sweepDir, (err as Error).message, err);
  }
  if (data === undefined) throw await notASweep(sweepDir, `no ${SWEEP_FILE}`);
  const problems = validateSweep(data);
  if (problems.length > 0) {
    throw new StoreError({ code: 'STORE_BAD_SWEEP', message: `${path}: not a sweep plan written by orch: ${problems.slice(0, 3).join('; ')}` });
  }
  return data as SweepFile;
}

/** Problems of a parsed sweep.json, empty when it is valid. */
export function validateSweep(data: unknown): string[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return ['not a JSON object'];
  const d = data as Record<string, unknown>;
  const problems: string[] = [];
  if (d.version !== 1) problems.push(`version is ${JSON.stringify(d.version)}, expected 1`);
  if (typeof d.task !== 'string') problems.push('"task" is not a string');
  if (!Array.isArray(d.jobs)) return [...problems, '"jobs" is not a list'];
  d.jobs.forEach((j: unknown, i: number) => {
    const job = j as Record<string, unknown> | null;
    if (!job || typeof job !== 'object') return problems.push(`jobs[${i}] is not an object`);
    if (typeof job.num !== 'number') problems.push(`jobs[${i}].num is not a number`);
    if (typeof job.dir !== 'string') problems.push(`jobs[${i}].dir is not a string`);
    if (!Array.isArray(job.argv) || job.argv.length === 0) problems.push(`jobs[${i}].argv is not a command line`);
    return undefined;
  });
  return problems;
}

/** A job's directory now: relative dirs are taken from the sweep dir, and a moved sweep is re-rooted. */
export function jobDirOf(sweepDir: string, sweep: SweepFile, dir: string): string {
  if (!dir.startsWith('/')) return join(sweepDir, dir);
  if (sweep.sweepDir && resolve(sweep.sweepDir) !== resolve(sweepDir) && dir.startsWith(sweep.sweepDir + '/')) {
    return join(sweepDir, dir.slice(sweep.sweepDir.length + 1));
  }
  return dir;
}

/** Job numbers whose directory lacks its `.orch` snapshot: the plan on disk is not intact. */
export async function missingSnapshots(sweepDir: string, sweep: SweepFile): Promise<number[]> {
  const missing: number[] = [];
  await mapLimit(sweep.jobs, IO_CONCURRENCY, async (job) => {
    const ok = await stat(join(jobDirOf(sweepDir, sweep, job.dir), ORCH_META_DIR, 'config.json')).then(() => true, () => false);
    if (!ok) missing.push(job.num);
  });
  return missing.sort((a, b) => a - b);
}

/**
 * THE "latest sweep" rule (status, resume and report all use it): the most recently created sweep
 * under `outputsRoot` (sweeps are `<root>/<date>/<time>` by default, so we look up to 3 levels
 * deep), by the creation time its plan records, then its path; undefined when there is none.
 */
export async function findLatestSweep(outputsRoot: string, maxDepth = 3): Promise<string | undefined> {
  return (await latestOf(await findSweeps(outputsRoot, maxDepth)))?.dir;
}

/** Every sweep dir below `root` (a plan record, or a legacy sweep.json), not looking inside sweeps. */
export async function findSweeps(root: string, maxDepth = 3): Promise<string[]> {
  const found: string[] = [];
  async function visit(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === SWEEP_FILE) || existsSync(join(dir, ORCH_META_DIR, PLAN_HEADER_FILE))) {
      found.push(dir);
      return;
    }
    if (depth >= maxDepth) return;
    await Promise.all(entries.filter((e) => e.isDirectory() && e.name !== ORCH_META_DIR).map((e) => visit(join(dir, e.name), depth + 1)));
  }
  await visit(resolve(root), 0);
  return found;
}

/** The latest of some sweep dirs: newest recorded creation time, ties broken by the larger path. */
export async function latestOf(dirs: string[]): Promise<{ dir: string; time: number } | undefined> {
  let best: { dir: string; time: number } | undefined;
  for (const dir of dirs) {
    const time = await createdTime(dir);
    if (!best || time > best.time || (time === best.time && dir > best.dir)) best = { dir, time };
  }
  return best;
}

async function createdTime(sweepDir: string): Promise<number> {
  const file = existsSync(join(sweepDir, ORCH_META_DIR, PLAN_HEADER_FILE)) ? join(sweepDir, ORCH_META_DIR, PLAN_HEADER_FILE) : join(sweepDir, SWEEP_FILE);
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as { createdAt?: string };
    const t = data.createdAt ? Date.parse(data.createdAt) : NaN;
    if (!Number.isNaN(t)) return t;
  } catch {
    // fall back to the file time
  }
  return (await stat(file).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
}
