import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { STDERR_FILE, STDOUT_FILE } from './types.js';

/**
 * Removes the job's logs that stayed empty: a job that printed nothing leaves no 0-byte file (on a
 * shared file system every file of 100,000 jobs costs). Only for logs nothing writes any more.
 */
export async function dropEmptyLogs(jobDir: string): Promise<void> {
  await Promise.all([STDOUT_FILE, STDERR_FILE].map(async (f) => {
    const path = join(jobDir, f);
    const size = await stat(path).then((s) => s.size, () => -1);
    if (size === 0) await unlink(path).catch(() => undefined);
  }));
}
