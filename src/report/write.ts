import { join } from 'node:path';
import { mkdirs, settleAll, writeFileAtomic } from '../store/atomic.js';

/**
 * Writes every file into `dir` (created if needed); returns the paths written. Each file goes
 * through the store's atomic writer, so a browser refreshing the report mid-write sees the old
 * file or the new one, and a full disk leaves no temp file behind.
 */
export async function writeReportFiles(dir: string, files: Record<string, string>): Promise<string[]> {
  await mkdirs(dir);
  const paths = Object.keys(files).map((name) => join(dir, name));
  await settleAll(Object.entries(files).map(([name, content]) => writeFileAtomic(join(dir, name), content, { fsync: false })));
  return paths;
}
