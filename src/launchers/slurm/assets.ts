import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's `launchers/` folder (built-in templates and presets). Found by walking up to the
 * package root, so it works from `src/` (tsx) and from `dist/src/` (compiled) alike.
 */
export function launcherAssetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist')) {
    const up = dirname(dir);
    if (up === dir) throw new Error('orch: cannot find the package root (launchers/ folder)');
    dir = up;
  }
  return join(dir, 'launchers');
}
