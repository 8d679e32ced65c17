/**
 * `orch archive SWEEP -o FILE.tar.gz`: the system's GNU tar writes the tree (npm has no tar package
 * installed here, and GNU tar sorts entries for a deterministic archive), Node's zlib compresses it
 * (its gzip header carries no time stamp), and the file appears complete or not at all.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { asIoError } from '../errors.js';
import { mkdirs, tempPathFor } from '../store/atomic.js';
import { tarArgs } from './archive-args.js';
import { SyncError, TransferError } from './errors.js';
import { localDirKind, RUN_MARKER, SWEEP_MARKERS } from './markers.js';
import { relativeInside } from './targets.js';

export interface ArchiveOptions {
  sweep: string;
  out: string;
  excludeLogs: boolean;
  projectRoot: string;
}

/** Checks the arguments; resolves to the archive's path and the entry name inside it. */
export function archivePlan(o: ArchiveOptions): { dir: string; out: string; cwd: string; entry: string } {
  const dir = resolve(o.projectRoot, o.sweep);
  const out = resolve(o.projectRoot, o.out);
  if (!existsSync(dir)) throw new SyncError({ code: 'ARCHIVE_NOT_FOUND', message: `${o.sweep}: no such directory`, hint: 'Pass a sweep directory, e.g. outputs/multirun/2026-12-06/10-00-00.' });
  if (!localDirKind(dir)) {
    throw new SyncError({
      code: 'SYNC_NOT_A_SWEEP', message: `${dir}: not a sweep or run directory (no ${[...SWEEP_MARKERS, RUN_MARKER].join(', ')})`,
      hint: 'Pass a sweep directory, e.g. outputs/multirun/2026-12-06/10-00-00, or one run directory.',
    });
  }
  if (!/\.(tar\.gz|tgz)$/.test(out)) {
    throw new SyncError({ code: 'ARCHIVE_BAD_NAME', message: `-o ${o.out}: the archive is a gzip-compressed tar file, so its name must end in .tar.gz or .tgz`, hint: `For example: -o ${basename(dir)}.tar.gz` });
  }
  if (relativeInside(dir, out) !== undefined) {
    throw new SyncError({ code: 'ARCHIVE_INSIDE_SWEEP', message: `-o ${o.out}: the archive would be written inside the sweep it packs`, hint: 'Write it outside the sweep directory, e.g. -o ../sweep.tar.gz.' });
  }
  if (existsSync(out)) throw new SyncError({ code: 'ARCHIVE_EXISTS', message: `${out} exists already`, hint: 'Remove it or choose another name: an archive is never overwritten.' });
  // Inside the project the archive keeps the project path, so extracting it at the root puts it back.
  const rel = relativeInside(o.projectRoot, dir);
  return rel ? { dir, out, cwd: o.projectRoot, entry: rel } : { dir, out, cwd: dirname(dir), entry: basename(dir) };
}

export async function runArchive(o: ArchiveOptions): Promise<string> {
  const plan = archivePlan(o);
  await mkdirs(dirname(plan.out));
  const tmp = tempPathFor(plan.out);
  try {
    const tar = spawn('tar', tarArgs({ cwd: plan.cwd, entry: plan.entry, excludeLogs: o.excludeLogs }), {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' },
    });
    let stderr = '';
    tar.stderr.setEncoding('utf8').on('data', (t: string) => { stderr += t; });
    const exited = new Promise<number>((res, rej) => {
      tar.on('error', (err: NodeJS.ErrnoException) => rej(err.code === 'ENOENT'
        ? new SyncError({ code: 'ARCHIVE_TAR_MISSING', message: 'orch archive needs GNU tar, which is not installed (not found on PATH)', hint: 'Install it: sudo apt-get install tar (Debian/Ubuntu), brew install gnu-tar (macOS).' })
        : err));
      tar.on('close', (code) => res(code ?? 1));
    });
    await Promise.all([pipeline(tar.stdout, createGzip(), createWriteStream(tmp)), exited]);
    const code = await exited;
    if (code !== 0) {
      throw new TransferError({
        code: 'ARCHIVE_FAILED', message: `tar could not pack ${plan.dir} (exit ${code}): ${stderr.trim()}`,
        hint: code === 1 ? 'A file changed while it was read (is the sweep still running?): archive it when it is done.' : 'See the message above.',
      });
    }
    const handle = await open(tmp, 'r');
    try { await handle.sync(); } finally { await handle.close(); }
    await rename(tmp, plan.out);
    return plan.out;
  } catch (err) {
    await rm(tmp, { force: true });
    throw asIoError(err, 'write the archive', plan.out);
  }
}
