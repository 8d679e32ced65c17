import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PYTHON_HELPER_DIR } from '../../../src/orch-root.js';
import { jobEnv, withPythonHelper } from '../../../src/task/job-argv.js';

test('the orch_task package ships at the package root', () => {
  assert.ok(existsSync(join(PYTHON_HELPER_DIR, 'orch_task', '__init__.py')), PYTHON_HELPER_DIR);
});

test('PYTHONPATH: the helper first, the user\'s entries kept as they were', () => {
  assert.equal(withPythonHelper(undefined), PYTHON_HELPER_DIR);
  assert.equal(withPythonHelper(''), PYTHON_HELPER_DIR);
  assert.equal(withPythonHelper(`/my/lib${delimiter}/other`), `${PYTHON_HELPER_DIR}${delimiter}/my/lib${delimiter}/other`);
  const nested = `${PYTHON_HELPER_DIR}${delimiter}/my/lib`;
  assert.equal(withPythonHelper(nested), nested);
  assert.equal(jobEnv({ outputDir: '/o/0', num: 0, sweepDir: '/o', configPath: '/o/0/.orch/config.json' }).PYTHONPATH,
    withPythonHelper(process.env.PYTHONPATH));
});

// The helper's own tests (python/tests), run with unittest; their output is shown only on failure.
test('orch_task\'s Python unit tests pass', () => {
  const r = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'tests'], {
    cwd: PYTHON_HELPER_DIR, encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: PYTHON_HELPER_DIR },
  });
  assert.equal(r.status, 0, `python3 -m unittest failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /^OK/m);
});
