import { join, resolve } from 'node:path';
import { StoreError } from './errors.js';
import { findSweeps, latestOf } from './sweep-file.js';

/** Where sweeps are looked for when no directory is given: Hydra's `multirun/`, then `outputs/`. */
export function defaultOutputsRoots(cwd = process.cwd()): string[] {
  return [join(cwd, 'multirun'), join(cwd, 'outputs')];
}

/** The given sweep dir, or the latest sweep under the outputs roots; a clear error when none. */
export async function sweepDirOrLatest(sweepDir: string | undefined, roots: string[] = defaultOutputsRoots()): Promise<string> {
  if (sweepDir) return resolve(sweepDir);
  const found = (await Promise.all(roots.map((r) => findSweeps(r)))).flat();
  if (found.length === 0) {
    throw new StoreError('STORE_NO_SWEEP', `No sweep found under ${roots.join(' or ')}`, {
      hint: 'Pass the sweep directory explicitly, e.g. orch resume multirun/2024-01-01/12-00-00',
    });
  }
  return (await latestOf(found))!.dir;
}
