import { readFileSync } from 'node:fs';
import { ORCH_ROOT } from '../orch-root.js';
import { join } from 'node:path';

export { ORCH_ROOT } from '../orch-root.js';

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
