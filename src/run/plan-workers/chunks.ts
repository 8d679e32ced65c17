/**
 * One chunk of a sweep's planning (jobs `start` to `end - 1`): each job composed, resolved and
 * checked exactly as the serial pass does it (validate-jobs.ts, plan-jobs.ts planRowOf), and
 * handed over as plain data: its plan rows, what the schema check found, the composition warnings.
 * A planning worker runs this (worker.ts); so does the main thread for a chunk whose worker died.
 */
import type { ConfigRepository } from '../../config/repository.js';
import { iterateJobs, type ComposeJobsOptions, type JobStream } from '../../plan/compose-jobs.js';
import { jobTaskResolver, planRowOf } from '../../plan/plan-jobs.js';
import type { ComposedJob, PlanRow } from '../../plan/types.js';
import type { Violation } from '../../schema/types.js';
import { createJobChecker, type JobChecker } from '../validate-jobs.js';

/** What a planner needs to compose a sweep's jobs again, anywhere: plain data (a worker's `workerData`). */
export interface ChunkPlanInput {
  configDir: string;
  projectRoot: string;
  taskName: string;
  /** A multirun's compose options; `seed` and `now` fixed, so every planner expands and composes the same jobs. */
  compose: Omit<ComposeJobsOptions, 'resolvers' | 'onWarning' | 'multirun'> & { now: Date; seed: number };
}

export interface PlanChunk {
  start: number;
  /** One row per job from `start`, up to the end of the chunk or the job that failed. */
  rows: PlanRow[];
  violations: Violation[];
  unresolved: Array<[key: string, message: string]>;
  /** Composition warnings not told before by this planner. */
  warnings: string[];
  /**
   * Set when job `start + rows.length` could not be planned: the message, for the record. The
   * consumer plans that job again itself, so the error it throws is the serial pass's own.
   */
  failed?: string;
}

export interface ChunkPlanner {
  plan(start: number, end: number): PlanChunk;
  /** Plans one job again where its error can be thrown as itself (a failed chunk's job). */
  replan(num: number): void;
}

export function createChunkPlanner(repo: ConfigRepository, input: ChunkPlanInput): ChunkPlanner {
  const told = new Set<string>();
  let warnings: string[] = [];
  const onWarning = (w: string): void => {
    if (told.has(w)) return;
    told.add(w);
    warnings.push(w);
  };
  const stream: JobStream<ComposedJob> = iterateJobs(repo, { ...input.compose, multirun: true, onWarning });
  const first = [...stream.slice!(0, 1)][0]!;
  const taskOf = jobTaskResolver(input.projectRoot, input.taskName);
  const rowOf = planRowOf(first);
  const checker: JobChecker = createJobChecker(repo, true);
  const planOne = (job: ComposedJob, num: number): PlanRow => {
    checker.check(job, num);
    taskOf(job);
    return rowOf(job, num);
  };
  return {
    plan(start, end) {
      const rows: PlanRow[] = [];
      let failed: string | undefined;
      try {
        let num = start;
        for (const job of stream.slice!(start, end)) rows.push(planOne(job, num++));
      } catch (err) {
        failed = err instanceof Error ? err.message : String(err);
      }
      const found = checker.take();
      const chunk: PlanChunk = { start, rows, ...found, warnings };
      warnings = [];
      if (failed !== undefined) chunk.failed = failed;
      return chunk;
    },
    replan(num) {
      for (const job of stream.slice!(num, num + 1)) planOne(job, num);
    },
  };
}
