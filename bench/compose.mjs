// Cold start of `orch compose` on a realistic tree (3 groups, 10 files, interpolations) against
// bare `node -e 0`, runs alternating so both see the same machine noise; medians. Needs
// `npm run build` (dist/bundle). Goal (issue): ratio <= 1.5x.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareCommands } from './_util.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = join(root, 'dist', 'bundle', 'main.js');
const configDir = join(root, 'bench', 'fixtures', 'realistic', 'config');
const runs = Number(process.env.BENCH_COMPOSE_RUNS ?? 21);

const r = compareCommands(
  runs,
  [process.execPath, ['-e', '0']],
  [process.execPath, [main, 'compose', '--config-dir', configDir, '-c', 'train']],
);
console.log(`cold orch compose (realistic tree): ${r.subjectMs.toFixed(1)} ms vs node -e 0: ${r.baselineMs.toFixed(1)} ms (medians of ${runs})`);
console.log(`  ratio ${r.ratio.toFixed(2)}x (goal <= 1.5x: ${r.ratio <= 1.5 ? 'met' : 'NOT met'})`);
