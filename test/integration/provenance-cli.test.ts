/** What `orch train` records to reproduce a run: code (commit, diff, untracked), environment, versions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orch } from '../helpers/cli.js';
import { gitProject } from './git-project.js';

const json = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));

test('an untracked helper leaves the run clean and is recorded; env secrets are redacted; python and lock files noted', () => {
  const { dir } = gitProject();
  writeFileSync(join(dir, 'runs/helper.py'), 'x=1\n');
  writeFileSync(join(dir, 'requirements.txt'), 'numpy\n');
  const r = orch(dir, ['train', 'orch.run.dir=outputs/one'], { MY_TOKEN: 'tok-123', EXPERIMENT_TAG: 'baseline' });
  assert.equal(r.code, 0, r.stderr);
  const run = join(dir, 'outputs/one');
  const rec = json(join(run, '.orch/run.json'));
  assert.equal(rec.git.dirty, false);
  assert.equal(rec.git.untracked, 2);
  assert.match(rec.git.codeState, /^sha256:/);
  assert.match(rec.provenance, /^\.orch\/provenance\/[0-9a-f]{16}\.json$/);
  const prov = json(join(run, rec.provenance));
  assert.deepEqual(prov.git.untracked.map((f: any) => [f.path, f.content]), [['requirements.txt', 'numpy\n'], ['runs/helper.py', 'x=1\n']]);
  assert.equal(prov.env.vars.MY_TOKEN, '<redacted>');
  assert.equal(prov.env.vars.EXPERIMENT_TAG, 'baseline');
  assert.equal(prov.env.vars.ORCH_CONFIG, undefined, "orch's own variables are not the user's");
  assert.ok(!readFileSync(join(run, rec.provenance), 'utf8').includes('tok-123'));
  assert.match(prov.runtime.python.version, /^3\./);
  assert.deepEqual(prov.runtime.lockFiles.map((l: any) => l.path), ['requirements.txt']);
});

test('a sweep writes its provenance once, and every job names the same file', () => {
  const { dir } = gitProject();
  writeFileSync(join(dir, 'runs/train.py'), readFileSync(join(dir, 'runs/train.py'), 'utf8') + '# edited\n');
  const r = orch(dir, ['train', '-m', 'seed=1,2,3', 'orch.sweep.dir=outputs/sw']);
  assert.equal(r.code, 0, r.stderr);
  const sweep = join(dir, 'outputs/sw');
  assert.equal(readdirSync(join(sweep, '.orch/provenance')).length, 1);
  const refs = new Set([0, 1, 2].map((n) => json(join(sweep, String(n), '.orch/run.json')).provenance));
  assert.deepEqual([...refs], [`../.orch/provenance/${readdirSync(join(sweep, '.orch/provenance'))[0]}`]);
  const rec = json(join(sweep, '0/.orch/run.json'));
  assert.equal(rec.git.dirty, true);
  assert.equal(rec.git.diff, undefined, 'the diff is stored once, not per job');
  assert.match(json(join(sweep, '0', rec.provenance)).git.diff, /\+# edited/);
});

/**
 * A project whose task runs a stand-in python3: its package listing waits (barrier, 15 s at most)
 * for a task to have started, which one can only do if orch does not wait for the listing first.
 */
function projectWithSlowListing(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orch-prov-'));
  mkdirSync(join(dir, 'config'));
  mkdirSync(join(dir, 'bin'));
  const py = join(dir, 'bin', 'python3');
  writeFileSync(py, `#!/bin/sh
if [ "$1" = "-c" ] && [ "\${2#*importlib}" != "$2" ]; then
  i=0; while [ ! -f "${dir}/started" ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i+1)); done
  [ -f "${dir}/started" ] || { echo "the task never started" >&2; exit 3; }
  echo '{"version": "9.9.9", "packages": {"fake": "1.0"}}'
else
  touch "${dir}/started"
fi
`);
  chmodSync(py, 0o755);
  writeFileSync(join(dir, 'config', 'fake.yaml'), `x: 1\norch:\n  task:\n    command: [${JSON.stringify(py)}, -c, "pass"]\n`);
  return dir;
}

function assertListedPackages(runDir: string, rec: { provenance: string }): void {
  const prov = json(join(runDir, rec.provenance));
  assert.deepEqual([prov.runtime.python.error, prov.runtime.python.version, prov.runtime.python.packages], [undefined, '9.9.9', { fake: '1.0' }]);
}

test('a single Python run starts its task while the interpreter still lists its packages; the final record names the file', () => {
  const dir = projectWithSlowListing();
  const r = orch(dir, ['fake', 'orch.run.dir=outputs/one']);
  assert.equal(r.code, 0, r.stderr);
  const run = join(dir, 'outputs/one');
  const rec = json(join(run, '.orch/run.json'));
  assert.equal(rec.status, 'completed');
  assert.match(rec.provenance, /^\.orch\/provenance\/[0-9a-f]{16}\.json$/);
  assertListedPackages(run, rec);
});

test('a sweep of a Python task starts its jobs while the interpreter still lists its packages; every final record names the one file', () => {
  const dir = projectWithSlowListing();
  const r = orch(dir, ['fake', 'x=1,2,3', '-m', 'orch.sweep.dir=outputs/s', 'orch.launcher.n_jobs=2']);
  assert.equal(r.code, 0, r.stderr);
  const sweep = join(dir, 'outputs/s');
  const recs = [0, 1, 2].map((n) => json(join(sweep, String(n), '.orch/run.json')));
  assert.deepEqual(recs.map((rec) => rec.status), ['completed', 'completed', 'completed']);
  assert.deepEqual(new Set(recs.map((rec) => rec.provenance)), new Set([`../.orch/provenance/${readdirSync(join(sweep, '.orch/provenance'))[0]}`]));
  assertListedPackages(join(sweep, '0'), recs[0]);
});
