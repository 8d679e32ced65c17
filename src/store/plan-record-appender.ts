/**
 * Appends jobs to a version 2 (appendable) plan after it was written complete: a search's trials
 * enter the plan one at a time, as the study proposes them. Each append is durable before it
 * returns: the line, then its index entry, both fsynced, then the header that counts them replaced
 * atomically. A crash between leaves bytes past the header's counts, which readers ignore and the
 * next appender cuts off, so a plan is always the jobs its header counts.
 */
import { open, truncate, type FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from './atomic.js';
import { StoreError } from './errors.js';
import { asIoError } from '../errors.js';
import { readHeader } from './plan-record-reader.js';
import { PLAN_INDEX_ENTRY, PLAN_INDEX_MAGIC, encodePlanJob, planPaths, type PlanHeader, type PlanJob, type PlanSearch } from './plan-record-format.js';

export interface PlanAppender {
  readonly header: PlanHeader;
  readonly count: number;
  /** Appends job `count`; resolves once it and the header counting it are on disk. */
  append(job: Omit<PlanJob, 'num'>): Promise<PlanJob>;
  /** Replaces the study's settings in the header (a resume that extends `n_trials`). */
  setSearch(search: PlanSearch): Promise<void>;
  close(): Promise<void>;
}

export async function openPlanAppender(sweepDir: string): Promise<PlanAppender> {
  const paths = planPaths(sweepDir);
  let header = await readHeader(paths.header);
  if (!header.appendable || !header.complete) {
    throw new StoreError({
      code: 'STORE_PLAN_NOT_APPENDABLE', message: `${paths.header}: jobs can be appended only to a complete plan of a search (version 2)`,
      hint: 'A grid sweep has all its jobs in its plan from the start.',
    });
  }
  // What a crash left past the header's counts goes before anything is added.
  await truncate(paths.jobs, header.jobsBytes!).catch((err: unknown) => { throw asIoError(err, 'write', paths.jobs); });
  await truncate(paths.index, PLAN_INDEX_MAGIC.length + header.jobCount! * PLAN_INDEX_ENTRY).catch((err: unknown) => { throw asIoError(err, 'write', paths.index); });
  const jobs = await open(paths.jobs, 'a');
  const index = await open(paths.index, 'a');
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn);
    queue = p.catch(() => undefined);
    return p;
  };
  const writeHeader = async (next: PlanHeader): Promise<void> => {
    await writeFileAtomic(paths.header, JSON.stringify(next, null, 2) + '\n');
    header = next;
  };

  return {
    get header() { return header; },
    get count() { return header.jobCount!; },
    append: (fields) => serial(async () => {
      const job: PlanJob = { num: header.jobCount!, ...fields };
      const line = Buffer.from(encodePlanJob(job), 'utf8');
      const entry = Buffer.alloc(PLAN_INDEX_ENTRY);
      const offset = header.jobsBytes!;
      entry.writeUInt32LE(offset % 0x1_0000_0000, 0);
      entry.writeUInt32LE(Math.floor(offset / 0x1_0000_0000), 4);
      await durableAppend(jobs, line, paths.jobs);
      await durableAppend(index, entry, paths.index);
      await writeHeader({ ...header, jobCount: job.num + 1, jobsBytes: offset + line.length });
      return job;
    }),
    setSearch: (search) => serial(() => writeHeader({ ...header, search })),
    async close() {
      await queue;
      await jobs.close();
      await index.close();
    },
  };
}

async function durableAppend(handle: FileHandle, buf: Buffer, path: string): Promise<void> {
  try {
    for (let done = 0; done < buf.length;) done += (await handle.write(buf, done, buf.length - done)).bytesWritten;
    await handle.sync();
  } catch (err) {
    throw asIoError(err, 'write', path);
  }
}
