// Compiles orch's process spawner (launchers/local-spawner.c) to dist/spawner/orch-spawner, which
// the local launcher then uses instead of the Python one (src/launchers/local/spawner.ts). Without
// a C compiler, or when it fails, orch still works: the old binary is removed (it would no longer
// match the source) and jobs are started by launchers/local-spawner.py. So this never fails the
// build, but says what happened; ORCH_REQUIRE_NATIVE_SPAWNER=1 (CI) makes a failure fatal.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

const source = new URL('../launchers/local-spawner.c', import.meta.url).pathname;
const target = new URL('../dist/spawner/orch-spawner', import.meta.url).pathname;
// Written beside the live binary and swapped in, so an orch that runs now never execs half a file.
const building = `${target}.building-${process.pid}`;
mkdirSync(dirname(target), { recursive: true });

const compiler = process.env.CC || 'cc';
const run = spawnSync(compiler, ['-O2', '-std=gnu11', '-Wall', '-o', building, source], { encoding: 'utf8' });
if (run.status === 0) {
  renameSync(building, target);
} else {
  rmSync(building, { force: true });
  rmSync(target, { force: true });
  const why = run.error ? `${compiler} not found (${run.error.code})` : `${compiler} failed:\n${run.stderr.trim()}`;
  console.error(`orch: the compiled process spawner was not built (${why}); command jobs are started by launchers/local-spawner.py instead`);
  if (process.env.ORCH_REQUIRE_NATIVE_SPAWNER === '1') process.exit(1);
}
