import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Readers (resume, status, report, a Slurm poller) may look at any moment, so a file is never seen
 * half-written: write a temp file in the same directory (same filesystem, so rename is atomic),
 * fsync it (unless told not to: a transient state that a crash of orch, not of the machine, must
 * not tear needs the rename only), rename it over the target.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: { fsync?: boolean } = {}): Promise<void> {
  const tmp = tempPathFor(path);
  const handle = await open(tmp, 'w');
  try {
    try {
      await handle.writeFile(data);
      if (opts.fsync !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    // A failed write (ENOSPC, EIO) leaves no temp file behind either.
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Same as writeFileAtomic, for the few places that must finish before the process exits. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(path);
  const fd = openSync(tmp, 'w');
  try {
    if (typeof data === 'string') writeSync(fd, data); else writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Creates a new directory at `path`, or at `path_1`, `path_2`, ... when it exists: an existing
 * directory is never reused, so two sweeps started in the same second cannot mix their jobs.
 * The last component is created without `recursive`, so the existence check and the creation are
 * one atomic step even when several orch processes race.
 */
export async function createUniqueDir(path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? path : `${path}_${i}`;
    try {
      await mkdir(candidate);
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
