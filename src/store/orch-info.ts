import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * orch's own package root, found from this file whether it runs from `src/` (tsx) or `dist/src/`
 * (compiled): the first ancestor with a package.json that is not inside `dist`.
 */
export const ORCH_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist')) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
})();

/** The compiled CLI entry, which any machine with orch installed can run (Slurm array tasks). */
export const ORCH_MAIN_JS = join(ORCH_ROOT, 'dist', 'src', 'cli', 'main.js');

let cachedVersion: string | undefined;
export function orchVersion(): string {
  if (cachedVersion === undefined) {
    try {
      cachedVersion = String(JSON.parse(readFileSync(join(ORCH_ROOT, 'package.json'), 'utf8')).version ?? '0.0.0');
    } catch {
      cachedVersion = '0.0.0';
    }
  }
  return cachedVersion;
}
