import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { confineTo } from '../store/confine.js';
import { ReportError } from './errors.js';

/**
 * Writes a file so that readers never see half of it: write a sibling temp file, then rename, which
 * is atomic within one file system. A browser refreshing the report mid-write sees old or new.
 */
export async function writeAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

/**
 * Writes every file into `dir` (created if needed); returns the paths written. `dir` must really be
 * inside `root` (the sweep): a `report` that a task turned into a link to elsewhere is not written
 * through.
 */
export async function writeReportFiles(dir: string, files: Record<string, string>, root = dirname(dir)): Promise<string[]> {
  const locate = confineTo(root);
  const refuseOutside = (): void => {
    const at = locate(dir);
    if (at.kind !== 'outside') return;
    throw new ReportError('REPORT_DIR_OUTSIDE', `${dir}: is a link to ${at.real}, outside the sweep directory ${root}; the report is not written through it`, {
      hint: `Remove the link (rm ${dir}) and run orch report again.`,
    });
  };
  refuseOutside();
  await mkdir(dir, { recursive: true });
  const paths = Object.keys(files).map((name) => join(dir, name));
  await Promise.all(Object.entries(files).map(([name, content]) => writeAtomic(join(dir, name), content)));
  return paths;
}
