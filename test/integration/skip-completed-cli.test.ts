/**
 * orch.sweeper.skip_completed with a Python task: jobs whose task, resolved config and code state
 * equal a completed run's are not run again; their metrics are copied and their records name the run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { orch } from '../helpers/cli.js';
import { gitProject } from './git-project.js';
import { detectSlurm } from '../helpers/slurm.js';

const json = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));

test('skip_completed reuses completed runs of the same config and code, runs the rest, and says how many', () => {
  const { dir } = gitProject();
  // Untracked and imported: the __pycache__ Python writes beside it must not count as changed code.
  writeFileSync(join(dir, 'runs/helper.py'), 'x = 2\n');
  let r = orch(dir, ['train', '-m', 'seed=1,2', 'orch.sweep.dir=outputs/s1'], { PYTHONDONTWRITEBYTECODE: '' });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'runs/__pycache__')));

  r = orch(dir, ['train', '-m', 'seed=1,2,3', 'orch.sweeper.skip_completed=true', 'orch.sweep.dir=outputs/s2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Sweep finished: 3 completed, 0 failed\.\n2 of the completed job\(s\) reused the results of earlier runs/);
  const s2 = join(dir, 'outputs/s2');
  for (const [n, from] of [[0, 'outputs/s1/0'], [1, 'outputs/s1/1']] as const) {
    const rec = json(join(s2, String(n), '.orch/run.json'));
    assert.equal(rec.status, 'completed');
    assert.equal(rec.reusedFrom, join(dir, from));
    assert.equal(rec.attempt, 0, 'it never ran');
    assert.deepEqual(json(join(s2, String(n), 'metrics.json')), json(join(dir, from, 'metrics.json')));
    assert.ok(!existsSync(join(s2, String(n), 'stdout.log')) || readFileSync(join(s2, String(n), 'stdout.log'), 'utf8') === '');
  }
  const ran = json(join(s2, '2/.orch/run.json'));
  assert.equal(ran.reusedFrom, undefined);
  assert.equal(ran.attempt, 1);
  assert.deepEqual(json(join(s2, '2/metrics.json')), { loss: 0.43, steps: 2 });

  // Reported like completed runs.
  const status = orch(dir, ['status', 'outputs/s2', '--json']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /"completed": ?3/);
  const report = orch(dir, ['report', 'outputs/s2', '--format', 'md']);
  assert.equal(report.code, 0, report.stderr);
  const runs = orch(dir, ['runs', '--json', '--where', 'sweep~s2']);
  assert.equal(runs.code, 0, runs.stderr);
  assert.deepEqual(JSON.parse(runs.stdout).map((row: any) => row.status), ['completed', 'completed', 'completed']);

  // Other code: nothing is reused; a reuse of a reuse names the run that computed it.
  writeFileSync(join(dir, 'runs/helper.py'), 'x = 3\n');
  r = orch(dir, ['train', '-m', 'seed=1', 'orch.sweeper.skip_completed=true', 'orch.sweep.dir=outputs/s3']);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /reused/);
  assert.equal(json(join(dir, 'outputs/s3/0/.orch/run.json')).reusedFrom, undefined);
  writeFileSync(join(dir, 'runs/helper.py'), 'x = 2\n');
  r = orch(dir, ['train', '-m', 'seed=2', 'orch.sweeper.skip_completed=true', 'orch.sweep.dir=outputs/s4']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(json(join(dir, 'outputs/s4/0/.orch/run.json')).reusedFrom, join(dir, 'outputs/s1/1'));
});

test('without skip_completed every job runs; outside a git checkout skip_completed says why it cannot skip', () => {
  const { dir } = gitProject();
  let r = orch(dir, ['train', '-m', 'seed=1', 'orch.sweep.dir=outputs/a']);
  assert.equal(r.code, 0, r.stderr);
  r = orch(dir, ['train', '-m', 'seed=1', 'orch.sweep.dir=outputs/b']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(json(join(dir, 'outputs/b/0/.orch/run.json')).reusedFrom, undefined);
  assert.equal(json(join(dir, 'outputs/b/0/.orch/run.json')).attempt, 1);
  r = orch(dir, ['train', '-m', 'seed=1', 'orch.sweeper.skip_completed=true', 'orch.sweep.dir=outputs/c'], { GIT_DIR: join(dir, 'no-such-git') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /skip_completed needs the code state of a git checkout; every job runs/);
});

const slurm = detectSlurm();
const slurmSkip = slurm.ok ? false : slurm.reason;

test('skip_completed on Slurm: the jobs not reused still run as array tasks that dispatch themselves, not on the login node', { skip: slurmSkip, timeout: 240_000 }, () => {
  const { dir } = gitProject();
  let r = orch(dir, ['train', '-m', 'seed=1,2', 'orch.sweep.dir=outputs/s1']);
  assert.equal(r.code, 0, r.stderr);
  r = orch(dir, ['train', '-m', 'seed=1,2,3', '+launcher=slurm', 'orch.sweeper.skip_completed=true', 'orch.sweep.dir=outputs/s2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /2 of the completed job\(s\) reused the results of earlier runs/);
  const s2 = join(dir, 'outputs/s2');
  assert.equal(existsSync(join(s2, '.slurm', 'jobs')), false, 'no job was dispatched here and carried in a spec file');
  assert.match(readFileSync(join(s2, '.slurm', 'array-0.sbatch'), 'utf8'), /_slurm-dispatch/);
  const ran = json(join(s2, '2/.orch/run.json'));
  assert.deepEqual([ran.status, ran.attempt, ran.reusedFrom], ['completed', 1, undefined]);
  assert.equal(json(join(s2, '0/.orch/run.json')).reusedFrom, join(dir, 'outputs/s1/0'));
});
