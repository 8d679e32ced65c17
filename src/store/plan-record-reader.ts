import { open, stat, type FileHandle } from 'node:fs/promises';
import { StoreError } from './errors.js';
import { readJsonIfExists } from './json-file.js';
import { forEachLine, lineChunks } from './line-chunks.js';
import {
  PLAN_INDEX_ENTRY, PLAN_INDEX_MAGIC, decodePlanJob, planPaths, validatePlanHeader,
  type PlanHeader, type PlanJob,
} from './plan-record-format.js';

export interface PlanReader {
  readonly header: PlanHeader;
  readonly count: number;
  /** Job `i` in O(1): two reads of the index, one of the line (what a Slurm array task does). */
  readJobAt(i: number): Promise<PlanJob>;
  /** Every job in order, streamed and validated; never holds more than one chunk of lines. */
  jobs(): AsyncIterable<PlanJob>;
  close(): Promise<void>;
}

/**
 * Opens a plan for reading. A plan whose header says incomplete is refused (its writer crashed or
 * is still running) unless `allowIncomplete`, for a reader that follows a growing plan: it then
 * sees the jobs whose index entry is written. A complete plan is cross-checked in O(1) against the
 * sizes the writer recorded, so a file truncated by a machine crash is an error, not fewer jobs.
 */
export async function openPlan(sweepDir: string, opts: { allowIncomplete?: boolean } = {}): Promise<PlanReader> {
  const paths = planPaths(sweepDir);
  const header = await readHeader(paths.header);
  if (!header.complete && !opts.allowIncomplete) {
    throw new StoreError({
      code: 'STORE_PLAN_INCOMPLETE', message: `${paths.header}: the plan is incomplete (its writer stopped before the last job was written)`,
      hint: 'The sweep was interrupted while it was being planned, before any job could start: run the orch command again.',
    });
  }
  const jobsHandle = await openPart(paths.jobs);
  const indexHandle = await openPart(paths.index).catch(async (err: unknown) => { await jobsHandle.close(); throw err; });
  try {
    return await reader(paths, header, jobsHandle, indexHandle);
  } catch (err) {
    await jobsHandle.close();
    await indexHandle.close();
    throw err;
  }
}

async function reader(paths: ReturnType<typeof planPaths>, header: PlanHeader, jobsHandle: FileHandle, indexHandle: FileHandle): Promise<PlanReader> {
  const [jobsSize, indexSize] = [(await jobsHandle.stat()).size, (await indexHandle.stat()).size];
  const magic = Buffer.alloc(PLAN_INDEX_MAGIC.length);
  await indexHandle.read(magic, 0, magic.length, 0);
  const bad = (what: string): StoreError => new StoreError({ code: 'STORE_BAD_PLAN', message: what, hint: 'The plan files were changed or truncated after orch wrote them.' });
  if (!magic.equals(PLAN_INDEX_MAGIC)) throw bad(`${paths.index}: not a plan index written by orch (bad magic)`);
  const indexed = Math.floor((indexSize - PLAN_INDEX_MAGIC.length) / PLAN_INDEX_ENTRY);
  if (header.complete) {
    // An append to a version 2 plan writes its line and entry before the header that counts them:
    // more on disk than the header says is an append a crash cut short, and is not part of the plan.
    const short = header.appendable ? indexed < header.jobCount! : indexed !== header.jobCount;
    if (short) throw bad(`${paths.index}: indexes ${indexed} jobs, the header says ${header.jobCount}`);
    if (header.appendable ? jobsSize < header.jobsBytes! : jobsSize !== header.jobsBytes) throw bad(`${paths.jobs}: ${jobsSize} bytes, the header says ${header.jobsBytes}`);
  }
  const count = header.complete ? header.jobCount! : indexed;
  const end = header.complete ? header.jobsBytes! : jobsSize;
  const entry = Buffer.alloc(2 * PLAN_INDEX_ENTRY);

  const offsetAt = (buf: Buffer, at: number): number => buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * 0x1_0000_0000;
  return {
    header,
    count,
    async readJobAt(i) {
      if (!Number.isInteger(i) || i < 0 || i >= count) {
        throw new StoreError({ code: 'STORE_NO_SUCH_JOB', message: `${paths.jobs}: no job ${i}; the plan has jobs 0 to ${count - 1}` });
      }
      const want = i + 1 < count ? 2 * PLAN_INDEX_ENTRY : PLAN_INDEX_ENTRY;
      await readExactly(paths.index, indexHandle, entry, want, PLAN_INDEX_MAGIC.length + i * PLAN_INDEX_ENTRY);
      const from = offsetAt(entry, 0);
      const to = i + 1 < count ? offsetAt(entry, PLAN_INDEX_ENTRY) : end;
      const read = Buffer.alloc(to - from);
      await readExactly(paths.jobs, jobsHandle, read, read.length, from);
      // In a plan still being written, the lines of the next batch may be on disk before their index
      // entries: the last indexed job ends at its own newline, not at the end of the file.
      const line = header.complete || i + 1 < count ? read : read.subarray(0, read.indexOf(0x0a) + 1);
      if (line.length === 0 || line[line.length - 1] !== 0x0a) throw bad(`${paths.jobs}:${i + 1}: the index points at a partial line`);
      return decodeOrThrow(paths.jobs, line.toString('utf8', 0, line.length - 1), i);
    },
    async *jobs() {
      let num = 0;
      for await (const chunk of lineChunks(paths.jobs)) {
        if (chunk.torn) {
          if (header.complete && !header.appendable) throw bad(`${paths.jobs}:${chunk.firstLine}: the last line has no newline`);
          return;
        }
        const batch: PlanJob[] = [];
        forEachLine(chunk, (s, e, line) => {
          if (num < count) batch.push(decodeOrThrow(paths.jobs, chunk.buf.toString('utf8', s, e), line - 1));
          num++;
        });
        yield* batch;
      }
    },
    async close() {
      await jobsHandle.close();
      await indexHandle.close();
    },
  };
}

/** The header alone (what `status`, latest-sweep lookup and `--dry-run` need first). */
export async function readHeader(path: string): Promise<PlanHeader> {
  const v = await readJsonIfExists(path, (p, detail, cause) => new StoreError({ code: 'STORE_BAD_PLAN', message: `${p}: not valid JSON (${detail})`, cause }));
  if (v === undefined) throw new StoreError({ code: 'STORE_NO_PLAN', message: `${path}: no plan record here`, hint: 'Pass a sweep directory created by `orch <task> -m ...`.' });
  const problems = validatePlanHeader(v);
  if (problems.length) throw new StoreError({ code: 'STORE_BAD_PLAN', message: `${path}: not a plan header written by orch: ${problems.join('; ')}` });
  return v as PlanHeader;
}

async function openPart(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new StoreError({ code: 'STORE_BAD_PLAN', message: `${path}: missing, though the plan header is there`, hint: 'Files of the plan were deleted; plan the sweep again.', cause: err });
  }
}

/** True when `sweepDir` holds a plan header (complete or not): cheaper than opening it. */
export async function hasPlan(sweepDir: string): Promise<boolean> {
  return stat(planPaths(sweepDir).header).then(() => true, () => false);
}

function decodeOrThrow(path: string, text: string, num: number): PlanJob {
  const job = decodePlanJob(text, num);
  if (typeof job === 'string') throw new StoreError({ code: 'STORE_BAD_PLAN', message: `${path}:${num + 1}: ${job}` });
  return job;
}

async function readExactly(path: string, handle: FileHandle, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new StoreError({ code: 'STORE_BAD_PLAN', message: `${path}: ended at byte ${position + done}, expected ${length - done} more` });
    done += bytesRead;
  }
}
