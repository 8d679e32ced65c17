import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, found from this file whether it runs from `test/` (tsx) or `dist/test/` (compiled). */
export const REPO_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist')) dir = dirname(dir);
  return dir;
})();

/** The binary npm installs (package.json "bin"). */
export const ORCH_BIN = join(REPO_ROOT, 'dist', 'bundle', 'orch.cjs');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
/** The repository's copy of the conformance corpus; read it through helpers/conformance.ts. */
export const CONFORMANCE_DIR = join(FIXTURES, 'conformance');
export const CONFORMANCE_CASES = join(CONFORMANCE_DIR, 'cases');
