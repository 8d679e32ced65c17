/**
 * Writes a multirun's plan up front, O(1) per job: a fresh sweep dir, the frozen config tree, and
 * the plan record (one line per job, batched). No job directory, snapshot or run record yet: a
 * job's directory is made when it is dispatched (dispatch.ts). Jobs are appended as the one
 * compose-and-validate pass yields them; if any fails, or the pass ends with errors of all jobs,
 * what this call created is removed again and the error rethrown.
 */
import { dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { OrchError } from '../errors.js';
import { toPlain, type CfgDict } from '../value/value.js';
import { createUniqueDir } from '../store/atomic.js';
import { freezeConfigTree, FROZEN_CONFIG_DIR } from '../store/frozen-config.js';
import { createPlanWriter, type PlanWriter } from '../store/plan-record-writer.js';
import type { PlanHeader, PlanSearch } from '../store/plan-record-format.js';
import { writeJobSnapshot } from '../store/snapshot.js';
import type { ResolvedTask } from '../task/resolve-task.js';
import { configHashOf, planRowOf, plannedJob, rowPlacer, runtimeOutputDir } from './plan-jobs.js';
import { baseDirOf, baseDirValue, dirOf } from './job-dirs.js';
import { realInsideChecker } from './dir-guard.js';
import { describeJob } from './errors.js';
import type { ComposedJob, PlannedJob, PlanRow } from './types.js';

export interface PlanMeta {
  projectRoot: string;
  configDir: string;
  /** Job 0's task (recorded in the plan); `taskOf` checks each job's own before anything runs. */
  task: ResolvedTask;
  taskOf: (job: ComposedJob) => ResolvedTask;
  taskName: string;
  command: string[];
  launcher: CfgDict | undefined;
  createdAt: Date;
  compose: { configName: string | null; orchOverrides: string[]; cwd?: string };
  /** A search: its plan is appendable (version 2), its trials after the first appended as proposed. */
  search?: PlanSearch;
}

/**
 * What a sweep's plan is written from: its first job (composed and checked: it says where the sweep
 * goes) and every job's plan row in order, the first included, in batches. The rows come from the
 * jobs composed here (`rowsOfJobs`) or from planning workers (run/plan-workers/).
 */
export interface PlanSource {
  first: ComposedJob;
  rows: AsyncIterable<readonly PlanRow[]> | Iterable<readonly PlanRow[]>;
}

/** The sweep's plan, written and complete; jobs are read back from it as they are dispatched. */
export async function writeSweepPlan(jobs: Iterable<ComposedJob>, meta: PlanMeta): Promise<{ sweepDir: string; header: PlanHeader }> {
  const it = jobs[Symbol.iterator]();
  const head = it.next();
  if (head.done) return writePlanRows(undefined, meta);
  return writePlanRows({ first: head.value, rows: rowsOfJobs(head.value, { [Symbol.iterator]: () => it }, meta.taskOf) }, meta);
}

/** `writeSweepPlan` from rows made anywhere (one row per job, in order); undefined: a sweep of no job. */
export async function writePlanRows(source: PlanSource | undefined, meta: PlanMeta): Promise<{ sweepDir: string; header: PlanHeader }> {
  const first = source?.first;
  const target = checkedBaseDir(meta.projectRoot, true, first);
  return withFreshDir(target, async (sweepDir) => {
    const place = rowPlacer(sweepDir);
    const tree = await freezeConfigTree(meta.configDir, sweepDir);
    let writer: PlanWriter | undefined;
    try {
      writer = await createPlanWriter(sweepDir, {
        task: meta.taskName,
        taskSpec: meta.task.kind === 'command' ? { kind: 'command', argv: meta.task.argv } : { kind: 'module', file: meta.task.file },
        command: meta.command, createdAt: meta.createdAt.toISOString(), sweepDir, projectRoot: meta.projectRoot,
        launcher: (meta.launcher ? toPlain(meta.launcher) : { name: 'local' }) as PlanHeader['launcher'],
        configTree: { dir: FROZEN_CONFIG_DIR, hash: tree.hash }, compose: meta.compose,
        ...(meta.search ? { search: meta.search } : {}),
      });
      // No symlink check per job: the sweep dir is new and holds only what this plan made (its
      // `.orch/`), so no job dir can lead through one; the sweep dir itself was checked. It cost
      // two stat(2) per job, a third of the planning time of a 100,000-job grid.
      if (source) for await (const batch of source.rows) for (const row of batch) writer.append(place(row, writer.count).line);
      return { sweepDir, header: await writer.close() };
    } catch (err) {
      writer?.abort();
      throw err;
    }
  });
}

const ROWS_PER_BATCH = 256;

/**
 * The plan rows of jobs composed here, `first` then `rest`, each checked (its task, the
 * sweep-wide settings), in batches. A job that throws ends the rows after the
 * batch before it, so whatever the rows before it would throw (a clash of dirs) is thrown first,
 * as when each job was placed as it came.
 */
export function* rowsOfJobs(first: ComposedJob, rest: Iterable<ComposedJob>, taskOf: (job: ComposedJob) => unknown): Generator<PlanRow[]> {
  const rowOf = planRowOf(first);
  let batch: PlanRow[] = [];
  let num = 0;
  try {
    taskOf(first);
    batch.push(rowOf(first, num++));
    for (const job of rest) {
      taskOf(job);
      batch.push(rowOf(job, num++));
      if (batch.length >= ROWS_PER_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    if (batch.length > 0) yield batch;
    throw err;
  }
  if (batch.length > 0) yield batch;
}

/** A single run: its one job directory and snapshot, written directly (there is nothing to stream). */
export async function writeSingleRun(
  planned: ComposedJob, meta: Pick<PlanMeta, 'projectRoot' | 'task'> & { atDir?: (dir: string) => ComposedJob },
): Promise<PlannedJob> {
  return withFreshDir(checkedBaseDir(meta.projectRoot, false, planned), async (dir) => {
    // A run dir that existed gets a `_1` suffix: `${orch:runtime.output_dir}` must be the real one.
    const job = meta.atDir && runtimeOutputDir(planned) !== dir ? meta.atDir(dir) : planned;
    await writeJobSnapshot(dir, { config: job.config, configUnresolved: job.configUnresolved, overrides: job.overrides, orch: job.orch, unresolved: job.unresolved }, { fsync: true, fresh: true });
    return { ...plannedJob(meta.task, dir, meta.projectRoot, { num: 0, overrides: job.overrides, overrideDirname: job.overrideDirname }, dir), firstAttempt: true, configHash: configHashOf(job) };
  });
}

/** The run / sweep dir, checked inside its root (symlinks followed) before anything is made. */
function checkedBaseDir(projectRoot: string, multirun: boolean, first: ComposedJob | undefined): string {
  const target = baseDirOf(projectRoot, multirun, first);
  const kind = multirun ? 'sweep' : 'run';
  realInsideChecker(target.root)(target.dir, () => ({ key: `orch.${kind}.dir`, value: baseDirValue(multirun, first), job: first ? describeJob(first, 0) : 'the run' }));
  return target.dir;
}

/** Runs `fill` in a new unique dir; on failure removes the dir and the parents made for it. */
async function withFreshDir<T>(target: string, fill: (dir: string) => Promise<T>): Promise<T> {
  const createdParents = missingParents(target);
  const dir = await createOutputDir(target);
  try {
    return await fill(dir);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    // Parents made for this plan go too, unless something else was put in them meanwhile.
    for (const d of createdParents) if (!(await rmdir(d).then(() => true, () => false))) break;
    throw e;
  }
}

/** Ancestors of `dir` that do not exist yet, deepest first. */
function missingParents(dir: string): string[] {
  const out: string[] = [];
  for (let d = dirname(dir); !existsSync(d) && d !== dirname(d); d = dirname(d)) out.push(d);
  return out;
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
    throw new OrchError({
      code: 'OUTPUT_DIR_UNUSABLE', message: `Cannot create the output directory ${path}: ${(err as Error).message}`,
      hint: 'Check orch.run.dir / orch.sweep.dir and the permissions of the folders above it.',
      cause: err,
    });
  }
}
