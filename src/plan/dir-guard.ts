/**
 * The I/O half of the output-dir rules (job-dirs.ts is the path half): symlinks must not lead a
 * dir out of its root, and a job dir is made by this plan or the plan fails; it is never reused.
 */
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { isInside } from '../store/path-segments.js';
import { OrchError } from '../errors.js';

/**
 * A check that throws when the nearest existing ancestor of a dir is, symlinks followed, outside
 * `root` (symlinks followed too: `outputs` itself may link to a scratch disk). Real paths are
 * cached: a sweep's job dirs share a few parents.
 */
export function realInsideChecker(root: string): (dir: string, describe: () => { key: string; value: string; job: string }) => void {
  const real = new Map<string, string>();
  const realOf = (p: string): string => {
    let r = real.get(p);
    if (r === undefined) real.set(p, (r = realpathSync(p)));
    return r;
  };
  return (dir, describe) => {
    if (!existsSync(root)) return;
    let d = dir;
    while (!real.has(d) && !existsSync(d)) d = dirname(d);
    const realRoot = realOf(root);
    const realDir = realOf(d);
    if (isInside(realRoot, realDir)) return;
    const what = describe();
    throw new OrchError({
      code: 'OUTPUT_DIR_ESCAPE', message: `${what.key} is '${what.value}' in ${what.job}: that leads through a symlink to ${realDir}, outside ${realRoot}`,
      hint: `Output dirs stay inside ${root}; a symlink on the way to ${d} points out of it.`,
    });
  };
}

/**
 * Creates a job dir (its parents may exist; `made` is one known to); false when it exists already:
 * a job dispatched before (resume, rerun), whose earlier attempt is there. One mkdir: whether the
 * dir was there is the mkdir's own answer, not a lookup before it.
 */
export function makeJobDir(dir: string, made?: string): boolean {
  // On this thread: once per dispatched job, and a mkdir costs less as a syscall than as a promise.
  if (dirname(dir) !== made) mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  }
}
