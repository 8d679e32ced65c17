/**
 * Turns composed jobs into a plan on disk: output directories (never reusing an existing one),
 * each job's `.orch/` snapshot, and for a multirun `sweep.json`, all written before any job starts.
 * `planJobs` is pure (paths and command lines); `writePlan` is the I/O. Both take the jobs as any
 * iterable and go through it once, so a stream of composed jobs (`iterateJobs`) is written one job
 * at a time and a large sweep never holds every config: only the small `PlannedJob`s are kept.
 */
import { dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { OrchError } from '../errors.js';
import { toPlain, type CfgDict } from '../config/value.js';
import { createUniqueDir, writeJobSnapshot, writeSweep, configJsonPath } from '../store/index.js';
import { jobArgv, jobEnv } from '../task/job-argv.js';
import type { ResolvedTask } from '../task/resolve-task.js';
import type { ComposedJob, PlannedJob, SweepPlanFile } from './types.js';
import { baseDirOf, dirOf, jobDirAssigner } from './job-dirs.js';
import { checkSweepWide } from './sweep-settings.js';
import { makeFreshJobDir, realInsideChecker } from './dir-guard.js';
import { describeJob } from './errors.js';

export interface PlanInput {
  projectRoot: string;
  /** What a job runs: from its own `orch.task.command` (it may interpolate swept values). */
  task: (job: ComposedJob) => ResolvedTask;
  multirun: boolean;
  /** Jobs in launch order, iterated once: an array, or a stream such as `iterateJobs(...)`. */
  jobs: Iterable<ComposedJob>;
}

export interface Plan {
  multirun: boolean;
  /** Sweep directory (multirun) or the job's directory (single run), absolute. */
  baseDir: string;
  jobs: PlannedJob[];
}

/** Snapshots written at the same time; composing the next jobs waits while this many are pending. */
const WRITE_CONCURRENCY = 16;

/** Where each job goes and what it runs, from `orch.run.dir` / `orch.sweep.dir` + `orch.sweep.subdir`. */
export function planJobs(input: PlanInput): Plan {
  const it = input.jobs[Symbol.iterator]();
  let next = it.next();
  const first = next.done ? undefined : next.value;
  const base = baseDirOf(input.projectRoot, input.multirun, first).dir;
  const place = planner(input, base, first);
  const jobs: PlannedJob[] = [];
  for (; !next.done; next = it.next()) jobs.push(place(next.value, jobs.length));
  return { multirun: input.multirun, baseDir: base, jobs };
}

/**
 * Creates the directories and writes every snapshot, then `sweep.json` last, so a sweep dir with a
 * `sweep.json` always holds a complete plan. The base dir gets a fresh unique name if it exists.
 * Jobs are written as they come; if one fails (to compose, to validate, to be written), the base
 * dir this call created (and the parents it had to create) is removed again and the error
 * rethrown: nothing half-planned is left.
 */
export async function writePlan(input: PlanInput, meta: { taskName: string; command: string[]; launcher: CfgDict | undefined }): Promise<Plan> {
  const it = input.jobs[Symbol.iterator]();
  let next = it.next();
  const first = next.done ? undefined : next.value;
  const target = baseDirOf(input.projectRoot, input.multirun, first);
  const kind = input.multirun ? 'sweep' : 'run';
  realInsideChecker(target.root)(target.dir, () => ({ key: `orch.${kind}.dir`, value: dirOf(first?.orch, kind, 'dir'), job: first ? describeJob(first, 0) : 'the run' }));
  const createdParents = missingParents(target.dir);
  const baseDir = await createOutputDir(target.dir);
  const place = planner(input, baseDir, first);
  const insideSweep = realInsideChecker(baseDir);
  const planned: PlannedJob[] = [];
  try {
    await writeSnapshots(() => {
      if (next.done) return undefined;
      const job = next.value;
      const p = place(job, planned.length);
      // Described only on failure: building a message per job would cost a 100,000-job sweep.
      const who = () => describeJob(job, p.num);
      if (input.multirun) insideSweep(p.outputDir, () => ({ key: 'orch.sweep.subdir', value: dirOf(job.orch, 'sweep', 'subdir'), job: who() }));
      planned.push(p);
      next = it.next();
      return async () => {
        if (input.multirun) await makeFreshJobDir(p.outputDir, who, baseDir);
        await writeJobSnapshot(p.outputDir, { config: job.config, configUnresolved: job.configUnresolved, overrides: job.overrides, orch: job.orch });
      };
    });
    if (input.multirun) await writeSweep(baseDir, sweepFile(input, meta, baseDir, planned));
  } catch (e) {
    await rm(baseDir, { recursive: true, force: true });
    // Parents made for this plan go too, unless something else was put in them meanwhile.
    for (const dir of createdParents) if (!(await rmdir(dir).then(() => true, () => false))) break;
    throw e;
  }
  return { multirun: input.multirun, baseDir, jobs: planned };
}

/**
 * Runs the writes `nextWrite` hands out (undefined: no more) with bounded concurrency. A job is
 * composed only when a write slot is free, so at most WRITE_CONCURRENCY configs are alive.
 */
async function writeSnapshots(nextWrite: () => (() => Promise<void>) | undefined): Promise<void> {
  const pending = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for (;;) {
    if (failure) break;
    let write: (() => Promise<void>) | undefined;
    try {
      write = nextWrite();
    } catch (error) {
      failure = { error };
      break;
    }
    if (!write) break;
    const p: Promise<void> = write().then(
      () => void pending.delete(p),
      (error: unknown) => { pending.delete(p); failure ??= { error }; },
    );
    pending.add(p);
    if (pending.size >= WRITE_CONCURRENCY) await Promise.race(pending);
  }
  await Promise.all(pending);
  if (failure) throw failure.error;
}

/** Ancestors of `dir` that do not exist yet, deepest first. */
function missingParents(dir: string): string[] {
  const out: string[] = [];
  for (let d = dirname(dir); !existsSync(d) && d !== dirname(d); d = dirname(d)) out.push(d);
  return out;
}

/** Plans the jobs of one call in order: each gets its own dir (checked) and its own command line. */
function planner(input: PlanInput, base: string, first: ComposedJob | undefined): (job: ComposedJob, num: number) => PlannedJob {
  const jobDir = input.multirun ? jobDirAssigner(base) : () => base;
  return (job, num) => {
    if (first) checkSweepWide(first, job, num);
    const outputDir = jobDir(job, num);
    return {
      num, overrides: job.overrides, overrideDirname: job.overrideDirname, outputDir,
      argv: jobArgv(input.task(job), outputDir),
      env: jobEnv({ outputDir, num, sweepDir: base, configPath: configJsonPath(outputDir) }),
      cwd: input.projectRoot,
    };
  };
}

function sweepFile(
  input: PlanInput, meta: { taskName: string; command: string[]; launcher: CfgDict | undefined }, baseDir: string, jobs: PlannedJob[],
): SweepPlanFile & { projectRoot: string } {
  return {
    version: 1, task: meta.taskName, command: meta.command, createdAt: new Date().toISOString(), sweepDir: baseDir,
    launcher: (meta.launcher ? toPlain(meta.launcher) : { name: 'local' }) as Record<string, unknown>,
    jobs: jobs.map((j) => ({ num: j.num, overrides: j.overrides, overrideDirname: j.overrideDirname, dir: j.outputDir.slice(baseDir.length + 1), argv: j.argv })),
    projectRoot: input.projectRoot,
  };
}

/**
 * A fresh output directory; a path that cannot be one (a file in the way, no permission, a name too
 * long, a full disk) is a user error pointing at the settings that chose it.
 */
async function createOutputDir(path: string): Promise<string> {
  try {
    return await createUniqueDir(path);
  } catch (err) {
    if (err instanceof OrchError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (!code) throw err;
    throw new OrchError('OUTPUT_DIR_UNUSABLE', `Cannot create the output directory ${path}: ${(err as Error).message}`, {
      hint: 'Check orch.run.dir / orch.sweep.dir and the permissions of the folders above it.', cause: err,
    });
  }
}
