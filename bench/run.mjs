// `npm run bench`: runs every benchmark in bench/ one after another and prints their figures.
// Benchmarks report ratios against a baseline measured in the same run, never absolute thresholds.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n## ${f}`);
  const r = spawnSync(process.execPath, [join(dir, f)], { stdio: 'inherit', cwd: join(dir, '..') });
  if (r.status !== 0) { failed++; console.log(`(${f} exited with ${r.status})`); }
}
process.exit(failed ? 1 : 0);
