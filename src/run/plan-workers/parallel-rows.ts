/**
 * A sweep's plan rows composed by worker threads (ORCH_PLAN_WORKERS, worker-count.ts), handed to
 * the plan writer in job order. Why: composing and checking a job is 30-60 µs of CPU and the plan
 * of a 100,000-job grid is that work 100,000 times before its first job may start (every job is
 * checked before anything runs); threads do it side by side, and the main thread only places rows
 * (dirs, plan lines).
 *
 * Chunks of CHUNK_JOBS jobs go to the least busy worker, at most two a worker ahead of the writer,
 * so memory holds a few chunks whatever the sweep's size. A chunk whose worker died (or could not
 * start) is planned on the main thread instead. A chunk with a failed job is consumed up to that
 * job, which is then planned again here so the error thrown is the serial pass's own error.
 */
import { Worker } from 'node:worker_threads';
import type { ConfigRepository } from '../../config/repository.js';
import { OrchError } from '../../errors.js';
import { warn } from '../../warn.js';
import { deferred } from '../../concurrency.js';
import type { PlanRow } from '../../plan/types.js';
import type { SweepFindings } from '../validate-jobs.js';
import { createChunkPlanner, type ChunkPlanInput, type ChunkPlanner, type PlanChunk } from './chunks.js';
import type { ChunkRequest } from './worker.js';

export const CHUNK_JOBS = 256;

/**
 * A worker's young generation, capped: left to V8 it took a 100,000-job plan's peak RSS from 81 MB
 * (no worker) to 170 MB; capped at 12 MB, 134 MB for 3% more time (3 MB: 125 MB, 12% more time).
 */
const WORKER_YOUNG_GENERATION_MB = 12;

export interface ParallelPlanOptions {
  /** The main thread's repository, for chunks planned here. */
  repo: ConfigRepository;
  count: number;
  workers: number;
  findings: SweepFindings;
  onWarning?: (warning: string) => void;
  /** The worker's script (tests); default: the bundle's plan-worker.cjs, or worker.js beside this module. */
  workerFile?: URL;
  /** Told once when a worker cannot start or stops early (its jobs are planned here instead): default `warn`. */
  onWorkerLost?: (message: string) => void;
}

interface Lane {
  worker: Worker;
  /** Chunks asked of it, in the order asked (a worker answers in that order). */
  asked: number[];
  dead: boolean;
}

/** A chunk asked of a worker: its rows, or undefined when the worker died before answering. */
type Pending = ReturnType<typeof deferred<PlanChunk | undefined>>;

export async function* parallelPlanRows(input: ChunkPlanInput, opts: ParallelPlanOptions): AsyncGenerator<readonly PlanRow[]> {
  const chunks = Math.ceil(opts.count / CHUNK_JOBS);
  const results = new Map<number, Pending>();
  const lanes: Lane[] = [];
  const file = opts.workerFile ?? defaultWorkerFile();
  let closing = false;
  let told = false;
  const lost = (why: string): void => {
    if (closing || told) return;
    told = true;
    (opts.onWorkerLost ?? warn)(`a planning worker stopped (${why}); orch plans its jobs itself, more slowly`);
  };
  for (let i = 0; i < opts.workers; i++) {
    try {
      lanes.push(startLane(file, input, results, lost));
    } catch (err) {
      lost((err as Error).message);
      break; // no worker (no threads): the main thread plans what no worker takes
    }
  }
  let local: ChunkPlanner | undefined;
  const here = (): ChunkPlanner => (local ??= createChunkPlanner(opts.repo, input));
  const window = 2 * Math.max(1, lanes.length);
  let asked = 0;
  try {
    for (let c = 0; c < chunks; c++) {
      for (; asked < chunks && asked < c + window; asked++) {
        const lane = leastBusy(lanes);
        if (!lane) break;
        results.set(asked, deferred());
        lane.asked.push(asked);
        lane.worker.postMessage({ start: asked * CHUNK_JOBS, end: Math.min(opts.count, (asked + 1) * CHUNK_JOBS) } satisfies ChunkRequest);
      }
      const start = c * CHUNK_JOBS;
      const fromWorker = await results.get(c)?.promise;
      results.delete(c);
      const chunk = fromWorker ?? here().plan(start, Math.min(opts.count, start + CHUNK_JOBS));
      opts.findings.add(chunk);
      for (const w of chunk.warnings) opts.onWarning?.(w);
      yield chunk.rows;
      if (chunk.failed !== undefined) {
        const num = start + chunk.rows.length;
        here().replan(num);
        throw new OrchError({
          code: 'PLAN_COMPOSED_TWICE_DIFFERENTLY', message: `job ${num} failed in a planning worker (${chunk.failed}) but composes without error in orch itself`,
          hint: 'Did a config file change while the sweep was planned? Run the command again; ORCH_PLAN_WORKERS=0 plans without workers.',
        });
      }
    }
    opts.findings.finish(opts.count);
  } finally {
    closing = true;
    for (const lane of lanes) void lane.worker.terminate();
  }
}

function startLane(file: URL, input: ChunkPlanInput, results: Map<number, Pending>, lost: (why: string) => void): Lane {
  const lane: Lane = { worker: new Worker(file, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }), asked: [], dead: false };
  lane.worker.on('message', (chunk: PlanChunk) => results.get(lane.asked.shift()!)?.resolve(chunk));
  // A worker that fails (out of memory, a bug, a missing file) leaves its chunks to the main thread.
  const die = (why: string): void => {
    if (!lane.dead) lost(why);
    lane.dead = true;
    for (const c of lane.asked.splice(0)) results.get(c)?.resolve(undefined);
  };
  lane.worker.on('error', (err) => die(err.message));
  lane.worker.on('exit', (code) => die(`exit status ${code}`));
  return lane;
}

function leastBusy(lanes: readonly Lane[]): Lane | undefined {
  let best: Lane | undefined;
  for (const lane of lanes) if (!lane.dead && (!best || lane.asked.length < best.asked.length)) best = lane;
  return best;
}

/** In the bundle (import.meta.url is cli.cjs's) the worker is plan-worker.cjs beside it; compiled by tsc, worker.js here. */
function defaultWorkerFile(): URL {
  const here = import.meta.url;
  return here.endsWith('.cjs') ? new URL('./plan-worker.cjs', here) : new URL('./worker.js', here);
}
