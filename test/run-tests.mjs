// Runs every compiled test file with node's test runner. Node 20 does not expand globs itself.
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
// `npm test` builds first (tsc + bundle); run `node test/run-tests.mjs [filter...]` directly to skip that.

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? find(p) : p.endsWith('.test.js') ? [p] : [];
  });
}
const only = process.argv.slice(2);
const files = find(join(root, 'dist', 'test')).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
// With no file, `node --test` would discover files itself: the whole suite, fixtures included.
if (files.length === 0) {
  process.stderr.write(`run-tests: no test file under dist/test matches ${only.map((o) => `'${o}'`).join(' or ')} (did you build?)\n`);
  process.exit(2);
}
// One test file per core: the tests wait on barriers, not on the clock, so they pass however many run at once.
const concurrency = availableParallelism();
const res = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
