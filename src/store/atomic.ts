import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { asIoError } from '../errors.js';
import { atomicFs as fs } from './atomic-fs.js';

/**
 * Readers (resume, status, report, a Slurm poller) may look at any moment, so a file is never seen
 * half-written: write a temp file in the same directory (same filesystem, so rename is atomic),
 * fsync it (unless told not to: a transient state that a crash of orch, not of the machine, must
 * not tear needs the rename only), rename it over the target. Whatever step fails (a full disk at
 * write or fsync, a refused rename), the temp file is removed and the target is left as it was; an
 * error of the environment is an IoError naming the target.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string>, opts: { fsync?: boolean } = {}): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    const handle = await fs.open(tmp, 'w');
    try {
      // Pieces (a large report file, maybe made as they are written) go in turn, never joined into one string.
      if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
      else for (const piece of data) await handle.writeFile(piece);
      if (opts.fsync !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw asIoError(err, 'write', path);
  }
}

/**
 * Waits for every write, then throws the first failure. Promise.all would reject at once while the
 * other writes still run, and their temp files could outlive the caller's cleanup (or the process).
 */
export async function settleAll(writes: Iterable<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(writes);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Same as writeFileAtomic, for the few places that must finish before the process exits, and for
 * the small per-job files of a sweep written without fsync (a snapshot, a run record): four
 * syscalls on the calling thread cost less than four trips through libuv's thread pool, each with
 * its promise and file handle, which were most of orch's CPU per job of a sweep of short jobs.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, opts: { fsync?: boolean } = {}): void {
  const tmp = tempPathFor(path);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      writeAll(fd, typeof data === 'string' ? Buffer.from(data) : data);
      if (opts.fsync !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
  } catch (err) {
    try { fs.rmSync(tmp, { force: true }); } catch { /* the error below matters more */ }
    throw asIoError(err, 'write', path);
  }
}

/**
 * A file in a directory this process has just made, which nothing reads before the process says
 * so (a job's snapshot, before its job starts): created exclusively and written in place, without
 * the temporary file and rename of writeFileAtomicSync. A crash leaves a partial file only in a job
 * that never ran, whose next dispatch writes it again (atomically).
 */
export function writeNewFileSync(path: string, data: string): void {
  try {
    const fd = fs.openSync(path, 'wx');
    try {
      writeAll(fd, Buffer.from(data));
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw asIoError(err, 'write', path);
  }
}

/** A file the user asked for (a schema, a declaration), with its folder created as needed. */
export function writeFileWithDirsSync(path: string, data: string): void {
  try {
    fs.mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw asIoError(err, 'create the directory', dirname(path));
  }
  writeFileAtomicSync(path, data);
}

/** writeSync may write less than asked (a signal, a nearly full disk): loop until all is written. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}

const tempBase = randomBytes(4).readUInt32BE(0);
let tempCount = 0;

/**
 * A unique name beside `path` for writing it aside before renaming it into place: the pid tells
 * orch processes apart, and within one process a counter from a random start (drawn once: random
 * bytes per write cost a syscall-backed fill each) tells writes apart; still 8 hex digits, the
 * shape sync's exclude pattern knows (sync/rclone-args.ts).
 */
export function tempPathFor(path: string): string {
  const n = (tempBase + tempCount++) >>> 0;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${n.toString(16).padStart(8, '0')}.tmp`);
}

/**
 * Creates a new directory at `path`, or at `path_1`, `path_2`, ... when it exists: an existing
 * directory is never reused, so two sweeps started in the same second cannot mix their jobs.
 * The last component is created without `recursive`, so the existence check and the creation are
 * one atomic step even when several orch processes race.
 */
export async function createUniqueDir(path: string): Promise<string> {
  await mkdirs(dirname(path));
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? path : `${path}_${i}`;
    try {
      await fs.mkdir(candidate);
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw asIoError(err, 'create the directory', candidate);
    }
  }
}

/** `mkdir -p` on the calling thread (see writeFileAtomicSync), errors as mkdirs'. */
export function mkdirsSync(path: string): void {
  try {
    fs.mkdirSync(path, { recursive: true });
  } catch (err) {
    throw asIoError(err, 'create the directory', path);
  }
}

/** `mkdir -p`, with an error of the environment as an IoError naming the directory. */
export async function mkdirs(path: string): Promise<void> {
  try {
    await fs.mkdir(path, { recursive: true });
  } catch (err) {
    throw asIoError(err, 'create the directory', path);
  }
}
