import type { PlannedJob } from '../plan/types.js';
import type { RunRecord, RunStatus } from '../store/types.js';
import type { JobSource, SkippedJob } from './types.js';
import type { JournalWriter } from '../store/journal-writer.js';

export type { SkippedJob } from './types.js';

/**
 * Where a sweep's jobs come from, before `runSweep` turns it into the launcher's JobSource: `next`
 * dispatches a job (makes its dir), `skip` passes one by without touching the disk.
 */
/** A job the feed could not dispatch, with why (its directory or snapshot could not be written). */
export class DispatchFailure extends Error {
  constructor(readonly job: SkippedJob, override readonly cause: unknown) {
    super((cause as Error).message);
  }
}

export interface JobFeed {
  readonly count: number;
  next(): Promise<PlannedJob | undefined>;
  skip(): Promise<SkippedJob | undefined>;
  /** The next job taken without being dispatched (it dispatches itself from the plan where it runs). */
  reserve?(): Promise<(SkippedJob & { configHash?: string }) | undefined>;
  /** The job `reserve` returned last, dispatched here after all (to hold a reused run's results). */
  dispatchReserved?(num: number): Promise<PlannedJob>;
  /** Jobs come from the results of earlier ones (a search): `count` is an upper bound (contract A). */
  readonly adaptive?: boolean;
  /** An adaptive feed hears of every job's end here (what it proposes next depends on it). */
  jobEnded?(num: number, status: RunStatus, reason?: string): void;
  /** The sweep's journal once it is open: an adaptive feed records its proposals in it. */
  attach?(journal: JournalWriter | undefined): void;
  /** No more jobs will be taken: a `next()` still waiting for a result must not propose one. */
  stop?(): void;
  /** Every job has ended: what the feed still has to record goes into the journal before it closes. */
  drain?(): Promise<void>;
}

/** A feed over jobs already built (a rerun's one job, a test's few). */
export function feedOf(jobs: readonly PlannedJob[]): JobFeed {
  let i = 0;
  return {
    count: jobs.length,
    next: async () => jobs[i++],
    skip: async () => jobs[i++],
  };
}

/** A feed that hands `take` each job first: one it takes (gives a record for) goes no further. */
export function withReuse(feed: JobFeed, take: ((job: PlannedJob) => Promise<RunRecord | undefined>) & { has?(configHash: string): boolean }, taken: (job: PlannedJob, rec: RunRecord) => void): JobFeed {
  const reuse = async (job: PlannedJob): Promise<RunRecord | undefined> => take(job).catch((err: unknown) => {
    throw new DispatchFailure({ num: job.num, overrides: job.overrides, outputDir: job.outputDir }, err);
  });
  // Jobs that dispatch themselves where they run (Slurm by index) stay so; only one whose config
  // may be reused is dispatched here, to hold the results it is given.
  // The rest (a search's adaptive, jobEnded, attach, stop, drain) is the feed's own: a reused trial is told like any.
  const { reserve, dispatchReserved, ...rest } = feed;
  const reserving = reserve && dispatchReserved && take.has ? {
    async reserve() {
      for (;;) {
        const ref = await reserve();
        if (!ref || !ref.configHash || !take.has!(ref.configHash)) return ref;
        const job = await dispatchReserved(ref.num);
        const rec = await reuse(job);
        if (!rec) return ref;
        taken(job, rec);
      }
    },
  } : {};
  return {
    ...rest,
    count: feed.count,
    ...reserving,
    skip: () => feed.skip(),
    async next() {
      for (;;) {
        const job = await feed.next();
        if (!job) return undefined;
        const rec = await reuse(job);
        if (!rec) return job;
        taken(job, rec);
      }
    },
  };
}

/**
 * The launcher's view of a feed: calls are serialised (a feed reads a file in order), jobs taken
 * and jobs passed by at close are reported, and nothing comes after `close`.
 */
export function sourceOf(feed: JobFeed, hooks: {
  taken?: (job: PlannedJob | SkippedJob) => void;
  /** A promise returned here holds the close loop until it settles (back-pressure from the journal). */
  notStarted?: (job: SkippedJob, reason: string) => void | Promise<void>;
  failed?: (err: unknown) => string;
  /** No job will come any more (the feed ran out or the source was closed); called once. */
  exhausted?: () => void;
} = {}): JobSource {
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  let over = false;
  const exhausted = (): void => {
    if (!over) hooks.exhausted?.();
    over = true;
  };
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => undefined);
    return p;
  };
  const take = <J extends SkippedJob>(from: () => Promise<J | undefined>) => () => serial(async () => {
    if (closed) return undefined;
    try {
      const job = await from();
      if (job) hooks.taken?.(job);
      else { closed = true; exhausted(); }
      return job;
    } catch (err) {
      // A job that cannot be dispatched stops the sweep: it and the jobs after it are not started.
      const reason = hooks.failed?.(err) ?? `cannot dispatch a job: ${(err as Error).message}`;
      if (err instanceof DispatchFailure) void hooks.notStarted?.(err.job, reason);
      source.close(reason);
      return undefined;
    }
  });
  const source: JobSource = {
    count: feed.count,
    ...(feed.adaptive ? { adaptive: true } : {}),
    next: take(() => feed.next()),
    ...(feed.reserve ? { nextUndispatched: take(() => feed.reserve!()) } : {}),
    close(reason) {
      if (closed) return;
      closed = true;
      feed.stop?.();
      void serial(async () => {
        for (let job = await feed.skip(); job; job = await feed.skip()) {
          const held = hooks.notStarted?.(job, reason);
          if (held) await held;
        }
        exhausted();
      });
    },
  };
  return source;
}

/** Every job of a source, dispatched (a launcher that submits all at once, such as Slurm's arrays). */
export async function takeAll(source: JobSource): Promise<PlannedJob[]> {
  const out: PlannedJob[] = [];
  for (let job = await source.next(); job; job = await source.next()) out.push(job);
  return out;
}

/** A launcher's source over jobs already built, with nobody to hear of jobs left at close. */
export function sourceOfJobs(jobs: readonly PlannedJob[]): JobSource {
  return sourceOf(feedOf(jobs));
}
