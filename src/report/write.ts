import { dirname, join } from 'node:path';
import { mkdirs, settleAll, writeFileAtomic } from '../store/atomic.js';
import { confineTo } from '../store/confine.js';
import { ReportError } from './errors.js';

/**
 * Writes every file into `dir` (created if needed); returns the paths written. Each file goes
 * through the store's atomic writer, so a browser refreshing the report mid-write sees the old
 * file or the new one, and a full disk leaves no temp file behind.
 */
export async function writeReportFiles(dir: string, files: Record<string, string>, root = dirname(dir)): Promise<string[]> {
  // `dir` must really be inside `root` (the sweep): a `report` that a task turned into a link to
  // elsewhere is not written through.
  const at = confineTo(root)(dir);
  if (at.kind === 'outside') {
    throw new ReportError({
      code: 'REPORT_DIR_OUTSIDE', message: `${dir}: is a link to ${at.real}, outside the sweep directory ${root}; the report is not written through it`,
      hint: `Remove the link (rm ${dir}) and run orch report again.`,
    });
  }
  await mkdirs(dir);
  const paths = Object.keys(files).map((name) => join(dir, name));
  await settleAll(Object.entries(files).map(([name, content]) => writeFileAtomic(join(dir, name), content, { fsync: false })));
  return paths;
}
