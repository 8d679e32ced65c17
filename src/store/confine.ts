import { lstatSync, readdirSync, realpathSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * Where a job file really is, as the report may read it: inside the sweep dir, absent, or outside
 * it. Job files are written by tasks, so any of them can be a symlink (a `stderr.log` pointing at
 * `/etc/shadow` would put that file's tail into index.html); the report reads a file only when its
 * real path, symlinks resolved, is inside the sweep dir's real path. Links that stay inside are fine.
 */
export type Located = { kind: 'inside'; real: string } | { kind: 'absent' } | { kind: 'outside'; real: string };

export interface Locate {
  (path: string): Located;
  /**
   * The real path of `path`'s directory when every directory from the root down to it is a plain
   * one (no link), else null. A reader that opens `join(realParent, name)` without following a
   * link at its last component (O_NOFOLLOW) then needs no lstat of the file itself.
   */
  realParent?: (path: string) => string | null;
  /**
   * Learns which entries of the root are plain directories from one listing of it, instead of one
   * lstat per job directory later.
   */
  listRoot?: () => void;
}

function realOrUndefined(path: string): string | undefined {
  try {
    // The native realpath is one system call; the JS one lstats every component.
    return realpathSync.native(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return undefined;
    throw err;
  }
}

/** Whether `path` is `root` or below it (both real, absolute). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * A locator for files of one tree; the tree's own real path is resolved once (it may be a link, e.g.
 * outputs/ on scratch). Below it, a path whose every component is a plain directory or file (lstat:
 * one system call each, directories remembered) is its own real path under the root's; only a
 * link anywhere on the way costs a full realpath, which libc does one component at a time, and on
 * a 100,000-job report that was most of the time.
 */
export function confineTo(root: string): Locate {
  const top = resolve(root);
  const realRoot = realOrUndefined(root) ?? root;
  // Real path of a plain directory below the root; null: not one (a link, absent, outside).
  const dirs = new Map<string, string | null>([[top, realRoot]]);
  const realDir = (dir: string): string | null => {
    const known = dirs.get(dir);
    if (known !== undefined) return known;
    const parent = dir.length > top.length && dir.startsWith(top) ? realDir(dirname(dir)) : null;
    const real = parent !== null && lstatOrUndefined(dir)?.isDirectory() ? join(parent, basename(dir)) : null;
    dirs.set(dir, real);
    return real;
  };
  const locate: Locate = (path) => {
    const p = resolve(path);
    const parent = realDir(dirname(p));
    if (parent !== null) {
      const st = lstatOrUndefined(p);
      if (st === undefined) return { kind: 'absent' };
      if (!st.isSymbolicLink()) return { kind: 'inside', real: join(parent, basename(p)) };
    }
    const real = realOrUndefined(path);
    if (real === undefined) return { kind: 'absent' };
    return isWithin(realRoot, real) ? { kind: 'inside', real } : { kind: 'outside', real };
  };
  locate.realParent = (path) => realDir(dirname(resolve(path)));
  locate.listRoot = () => {
    let entries;
    try {
      entries = readdirSync(top, { withFileTypes: true });
    } catch {
      return; // an unreadable root: every path takes the lstat way, which reports it
    }
    // A directory entry's type comes from the listing (Node lstats the entries whose type the file system leaves unknown).
    for (const e of entries) if (e.isDirectory()) dirs.set(join(top, e.name), join(realRoot, e.name));
  };
  return locate;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Locators by tree root, made on first use: a report can merge several sweeps. */
export function confinements(): (root: string) => Locate {
  const byRoot = new Map<string, Locate>();
  return (root) => {
    let locate = byRoot.get(root);
    if (!locate) byRoot.set(root, (locate = confineTo(root)));
    return locate;
  };
}

/** The warning a skipped file leaves in the report. */
export function outsideWarning(file: string, real: string): string {
  return `${file}: skipped, it is a link to ${real}, outside the sweep directory`;
}
