/**
 * Reads a growing `history.jsonl` a piece at a time: only the bytes added since the last read, at
 * most `maxBytes` per read (a job that logs fast cannot hold up the others), a partial last line
 * kept until its newline arrives (a task mid-write), and a file that shrank (truncated, or replaced
 * by a new attempt) read again from its start. Plain reads of an offset, so it works the same on
 * NFS, where change notifications do not come.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { openSync, closeSync, fstatSync, readSync } from 'node:fs';
import { parseTaskJson } from '../../store/task-json.js';

export interface HistoryRecord { step: number; values: Record<string, unknown> }

export interface HistoryFollower {
  /** Records completed since the last call (lines without a whole `step` are skipped). */
  read(): Promise<HistoryRecord[]>;
  /**
   * Everything up to the end of the file now, synchronously, a last line without its newline
   * included: for a job that just ended (it writes no more). Later reads return nothing.
   */
  drainSync(): HistoryRecord[];
  /** Lines with a step read so far: the resource a job has used. */
  readonly steps: number;
}

export const DEFAULT_MAX_BYTES = 64 * 1024;

export function createHistoryFollower(path: string, maxBytes = DEFAULT_MAX_BYTES): HistoryFollower {
  let offset = 0;
  let partial = '';
  let steps = 0;
  // Set by drainSync: a read still in flight then has stale bytes and must not add them twice.
  let drained = false;

  /** Text of `buf` appended to the kept partial line, split into the records of its whole lines. */
  const take = (buf: Buffer, n: number): HistoryRecord[] => {
    offset += n;
    const text = partial + buf.toString('utf8', 0, n);
    const end = text.lastIndexOf('\n');
    partial = end < 0 ? text : text.slice(end + 1);
    if (end < 0) return [];
    const out = parseLines(text.slice(0, end), path);
    steps += out.length;
    return out;
  };
  // A shorter file is a new one: start over (its records are new reports of the job).
  const rewindIfShrunk = (size: number): void => {
    if (size < offset) { offset = 0; partial = ''; }
  };

  return {
    get steps() { return steps; },
    async read() {
      if (drained) return [];
      let fh: FileHandle;
      try {
        fh = await open(path, 'r');
      } catch {
        return []; // not written yet
      }
      let buf: Buffer | undefined;
      let bytesRead = 0;
      try {
        const { size } = await fh.stat();
        rewindIfShrunk(size);
        const want = Math.min(size - offset, maxBytes);
        if (want > 0) ({ bytesRead } = await fh.read(buf = Buffer.alloc(want), 0, want, offset));
      } finally {
        await fh.close();
      }
      // Taken only after the last await: a drainSync during the close (the job ended meanwhile)
      // has these bytes, and a watcher that hears of the end drops what a late read returns.
      return drained || !buf ? [] : take(buf, bytesRead);
    },
    drainSync() {
      drained = true;
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch {
        return [];
      }
      try {
        const { size } = fstatSync(fd);
        rewindIfShrunk(size);
        const want = size - offset;
        if (want <= 0) return [];
        const buf = Buffer.alloc(want);
        const n = readSync(fd, buf, 0, want, offset);
        // The job has ended: a last line without its newline is all it will ever write.
        const out = take(buf, n);
        const last = parseLines(partial, path);
        partial = '';
        steps += last.length;
        out.push(...last);
        return out;
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** Records of whole lines; a line that is not an object with a whole `step` is no report. */
export function parseLines(text: string, path: string): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let rec: unknown;
    try {
      rec = parseTaskJson(line, path);
    } catch {
      continue; // a damaged line says nothing about the job's progress
    }
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) continue;
    const step = (rec as Record<string, unknown>).step;
    if (typeof step === 'number' && Number.isInteger(step)) out.push({ step, values: rec as Record<string, unknown> });
  }
  return out;
}
