import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed orch package's root (where `launchers/` and `package.json` live), found by walking
 * up from this module so it works from `src/` (tsx) and from `dist/src/` (compiled) alike.
 */
export const ORCH_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist')) {
    const up = dirname(dir);
    if (up === dir) throw new Error('orch: cannot find the package root');
    dir = up;
  }
  return dir;
})();

/** Directory of orch's built-in config groups shipped as files (launcher presets). */
export const BUILTIN_CONFIG_DIR = join(ORCH_ROOT, 'launchers', 'config');

/** Directory of the `orch_task` Python package, put on every job's PYTHONPATH. */
export const PYTHON_HELPER_DIR = join(ORCH_ROOT, 'python');
