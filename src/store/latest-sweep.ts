import { join, resolve } from 'node:path';
import { StoreError } from './errors.js';
import { findSweeps, latestOf } from './sweep-file.js';
import { findProjectRoot } from '../project-root.js';

/** Where sweeps are looked for when no directory is given: the project's `multirun/`, then `outputs/`. */
export function defaultOutputsRoots(cwd = process.cwd()): string[] {
  const root = findProjectRoot(cwd);
  return [join(root, 'multirun'), join(root, 'outputs')];
}

/** The given sweep dir, or the latest sweep under the outputs roots; a clear error when none. */
export async function sweepDirOrLatest(sweepDir: string | undefined, roots: string[] = defaultOutputsRoots(), command = 'status'): Promise<string> {
  if (sweepDir) return resolve(sweepDir);
  const found = (await Promise.all(roots.map((r) => findSweeps(r)))).flat();
  if (found.length === 0) {
    throw new StoreError({
      code: 'STORE_NO_SWEEP', message: `No sweep found under ${roots.join(' or ')}`,
      hint: `Run a sweep first (orch TASK -m ...), or pass its directory: orch ${command} outputs/multirun/2024-01-01/12-00-00.`,
    });
  }
  return (await latestOf(found))!.dir;
}
