import { mkdir, open, rename, rm } from 'node:fs/promises';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * The file-system calls of atomic.ts, behind one object so that a unit test can make any one of
 * them fail (a full disk at fsync, a rename refused) and check that no temp file is left: a real
 * ENOSPC at each step cannot be provoked on demand.
 */
export const atomicFs = { open, rename, rm, mkdir, mkdirSync, openSync, writeSync, fsyncSync, closeSync, renameSync, rmSync };
