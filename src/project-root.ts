import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The project root, found from any directory inside the project as git and npm find theirs: the
 * nearest of `cwd` and its ancestors that has a `config/` folder; failing that, the nearest that has
 * a `package.json`; failing both, `cwd` itself. The search never goes above the top of the git work
 * tree `cwd` is in (the directory holding `.git`), so an unrelated `~/config` is never taken for a
 * project's. Outputs, `runs/`, `report.yaml` and the default `config/` are relative to this root.
 */
export function findProjectRoot(cwd: string = process.cwd()): string {
  const start = resolve(cwd);
  const chain = ancestorsWithinRepo(start);
  return chain.find((d) => isDir(join(d, 'config'))) ?? chain.find((d) => existsSync(join(d, 'package.json'))) ?? start;
}

/** `dir`, then each parent up to (and with) the first that holds `.git`, or the file system's root. */
function ancestorsWithinRepo(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    out.push(d);
    if (existsSync(join(d, '.git')) || dirname(d) === d) return out;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
