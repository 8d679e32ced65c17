import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes a file so that readers never see half of it: write a sibling temp file, then rename, which
 * is atomic within one file system. A browser refreshing the report mid-write sees old or new.
 */
export async function writeAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

/** Writes every file into `dir` (created if needed); returns the paths written. */
export async function writeReportFiles(dir: string, files: Record<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths = Object.keys(files).map((name) => join(dir, name));
  await Promise.all(Object.entries(files).map(([name, content]) => writeAtomic(join(dir, name), content)));
  return paths;
}
