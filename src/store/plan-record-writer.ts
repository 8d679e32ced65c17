import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from './atomic.js';
import { fsyncDir, writeFullySync } from './append-file.js';
import { StoreError } from './errors.js';
import { asIoError } from '../errors.js';
import {
  PLAN_FORMAT, PLAN_INDEX_ENTRY, PLAN_INDEX_MAGIC, PLAN_VERSION, PLAN_VERSION_APPENDABLE, encodePlanJob, planPaths,
  type PlanHeader, type PlanHeaderInput, type PlanJob,
} from './plan-record-format.js';

export interface PlanWriter {
  /** Appends the next job (its `num` is the count so far). Buffered: cheap, no syscall most times. */
  append(job: Omit<PlanJob, 'num'>): PlanJob;
  readonly count: number;
  /** Writes what is buffered, fsyncs both files once, then marks the plan complete (atomically). */
  close(): Promise<PlanHeader>;
  /** Stops without marking complete: the plan stays recognisably incomplete. */
  abort(): void;
}

export interface PlanWriterOptions {
  /** Lines per write(2); the files are written at most once per batch each. */
  batchLines?: number;
  batchBytes?: number;
}

/**
 * Writes a sweep's plan record as a stream: memory holds one batch, each batch is one write per
 * file, and the only fsyncs (four) are at close (not per job or batch: until `complete` is set, a crash
 * leaves a plan every reader refuses, so nothing before close needs to survive one). Writes are
 * synchronous because a batch is one syscall into the page cache and keeps ordering trivial.
 */
export async function createPlanWriter(sweepDir: string, input: PlanHeaderInput, opts: PlanWriterOptions = {}): Promise<PlanWriter> {
  const paths = planPaths(sweepDir);
  const batchLines = opts.batchLines ?? 4096;
  const batchBytes = opts.batchBytes ?? 1 << 20;
  await mkdir(paths.meta, { recursive: true });
  // A search's plan is version 2: readers of version 1 would take it for a finished grid.
  const header: PlanHeader = input.search
    ? { format: PLAN_FORMAT, version: PLAN_VERSION_APPENDABLE, complete: false, ...input, appendable: true }
    : { format: PLAN_FORMAT, version: PLAN_VERSION, complete: false, ...input };
  let jobsFd: number;
  try {
    jobsFd = openSync(paths.jobs, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    throw new StoreError({
      code: 'STORE_PLAN_EXISTS', message: `${paths.jobs}: this sweep already has a plan; a plan is never overwritten`,
      hint: 'Plan the sweep into a new directory, or use `orch resume` to continue this one.',
      cause: err,
    });
  }
  const indexFd = openSync(paths.index, 'wx');
  writeFullySync(indexFd, PLAN_INDEX_MAGIC);
  // Not fsynced: a plan that a machine crash loses had not started any job.
  await writeFileAtomic(paths.header, JSON.stringify(header, null, 2) + '\n', { fsync: false });

  let lines: string[] = [];
  let offsets: number[] = [];
  let pendingBytes = 0;
  let written = 0;
  let count = 0;
  let closed = false;

  const flush = (): void => {
    if (lines.length === 0) return;
    const index = Buffer.allocUnsafe(offsets.length * PLAN_INDEX_ENTRY);
    offsets.forEach((off, i) => {
      // Two u32 halves: exact up to 2^53, without a BigInt per job.
      index.writeUInt32LE(off % 0x1_0000_0000, i * PLAN_INDEX_ENTRY);
      index.writeUInt32LE(Math.floor(off / 0x1_0000_0000), i * PLAN_INDEX_ENTRY + 4);
    });
    // Lines before their index entries: an entry never points past what was written.
    try {
      writeFullySync(jobsFd, Buffer.from(lines.join(''), 'utf8'));
    } catch (err) {
      throw asIoError(err, 'write', paths.jobs);
    }
    try {
      writeFullySync(indexFd, index);
    } catch (err) {
      throw asIoError(err, 'write', paths.index);
    }
    written += pendingBytes;
    lines = [];
    offsets = [];
    pendingBytes = 0;
  };
  const closeFds = (): void => {
    closed = true;
    closeSync(jobsFd);
    closeSync(indexFd);
  };

  return {
    get count() { return count; },
    append(fields) {
      if (closed) throw new Error('plan writer used after close');
      const job: PlanJob = { num: count, ...fields };
      const line = encodePlanJob(job);
      offsets.push(written + pendingBytes);
      lines.push(line);
      pendingBytes += Buffer.byteLength(line);
      count++;
      if (lines.length >= batchLines || pendingBytes >= batchBytes) flush();
      return job;
    },
    async close() {
      flush();
      try {
        fsyncSync(jobsFd);
        fsyncSync(indexFd);
      } catch (err) {
        throw asIoError(err, 'write', paths.jobs);
      }
      closeFds();
      const done: PlanHeader = { ...header, complete: true, jobCount: count, jobsBytes: written };
      await writeFileAtomic(paths.header, JSON.stringify(done, null, 2) + '\n');
      await fsyncDir(paths.meta);
      return done;
    },
    abort() {
      if (!closed) closeFds();
    },
  };
}
