import { dirname, join } from 'node:path';
import { mkdirs, settleAll, writeFileAtomic } from '../store/atomic.js';
import { confineTo } from '../store/confine.js';
import { ReportError } from './errors.js';

/** A file's text, or a function that makes it (as pieces, maybe) only when its turn to be written comes. */
export type ReportFileContent = string | (() => string | Iterable<string>);

/**
 * Writes every file into `dir` (created if needed); returns the paths written. Each file goes
 * through the store's atomic writer, so a browser refreshing the report mid-write sees the old
 * file or the new one, and a full disk leaves no temp file behind. Files given as text are written
 * together; those given as functions after them, one at a time, so that only one is ever in memory.
 */
export async function writeReportFiles(dir: string, files: Record<string, ReportFileContent>, root = dirname(dir)): Promise<string[]> {
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
  const entries = Object.entries(files);
  await settleAll(entries.flatMap(([name, content]) => (typeof content === 'string' ? [writeFileAtomic(join(dir, name), content, { fsync: false })] : [])));
  for (const [name, content] of entries) if (typeof content !== 'string') await writeFileAtomic(join(dir, name), content(), { fsync: false });
  return paths;
}
