import { join } from 'node:path';
import { defaultOutputsRoots } from '../store/latest-sweep.js';
import { findSweeps, latestOf } from '../store/sweep-file.js';
import { ReportError } from './errors.js';

export const MULTIRUN_DIR = join('outputs', 'multirun');

/** The most recent sweep of the project, by the store's one "latest sweep" rule (as status and resume pick it). */
export async function findLatestSweep(projectRoot: string): Promise<string> {
  const roots = defaultOutputsRoots(projectRoot);
  const found = await latestOf((await Promise.all(roots.map((r) => findSweeps(r)))).flat());
  if (!found) {
    throw new ReportError({
      code: 'REPORT_NO_SWEEP', message: `${join(projectRoot, MULTIRUN_DIR)}: no sweep found (no plan below ${roots.join(' or ')})`,
      hint: 'Run a sweep first (`orch <task> -m key=a,b`) or pass its directory: `orch report <sweep dir>`.',
    });
  }
  return found.dir;
}
