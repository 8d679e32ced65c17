/** The Slurm launchers through the real CLI, on the local test cluster (skipped without one). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';
import { detectSlurm } from '../helpers/slurm.js';

const slurm = detectSlurm();
const skip = slurm.ok ? false : slurm.reason;

test('orch <task> -m +launcher=slurm runs a command-task sweep as a job array', { skip, timeout: 180_000 }, () => {
  const dir = copyFixture('cli/basic');
  const r = orch(dir, ['shell', 'seed=0,1,2', '-m', '+launcher=slurm', 'orch.sweep.dir=outputs/s']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /3 completed, 0 failed/);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'outputs/s', String(i), 'metrics.json'), 'utf8')), { value: i });
    const run = JSON.parse(readFileSync(join(dir, 'outputs/s', String(i), '.orch/run.json'), 'utf8'));
    assert.equal(run.status, 'completed');
    assert.match(String(run.launcher?.jobId), /^\d+_\d+$/, 'the Slurm array task id is recorded');
  }
});

test('--no-wait submits a TypeScript-task sweep and returns; orch status follows it to the end', { skip, timeout: 180_000 }, async () => {
  const dir = copyFixture('cli/basic');
  const r = orch(dir, ['hello', 'seed=0,1', '-m', '+launcher=slurm', '--no-wait', 'orch.sweep.dir=outputs/nw']);
  assert.equal(r.code, 0, r.stderr);
  const sweepDir = r.stdout.trim();
  assert.equal(sweepDir, join(dir, 'outputs/nw'));
  assert.match(r.stderr, /slurm job ids: \d+/);
  let jobs: Array<{ status: string; metric?: number }> = [];
  for (let i = 0; i < 120; i++) {
    const s = orch(dir, ['status', sweepDir, '--json']);
    assert.equal(s.code, 0, s.stderr);
    jobs = JSON.parse(s.stdout).jobs;
    if (jobs.every((j) => j.status === 'completed' || j.status === 'failed')) break;
    await new Promise((res) => setTimeout(res, 500));
  }
  assert.deepEqual(jobs.map((j) => j.status), ['completed', 'completed']);
  assert.deepEqual(jobs.map((j) => j.metric), [8, 9]);
});

test('--dry-run with +launcher=slurmgpu prints the GPU batch script and submits nothing (no Slurm needed)', { timeout: 60_000 }, () => {
  const dir = copyFixture('cli/basic');
  const r = orch(dir, ['shell', 'seed=0,1', '-m', '+launcher=slurmgpu', '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^#SBATCH --gres="gpu:1"$/m);
  assert.match(r.stdout, /^#SBATCH --array="0-1"$/m);
});

test('under Slurm a Python job writing NaN or broken metrics completes, the broken one with a warning', { skip, timeout: 180_000 }, () => {
  const dir = copyFixture('cli/pymetrics');
  const r = orch(dir, ['diverge', 'mode=ok,junk', 'lr=10', '-m', '+launcher=slurm', 'orch.sweep.dir=outputs/s']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /2 completed, 0 failed/);
  const run = (n: number) => JSON.parse(readFileSync(join(dir, 'outputs/s', String(n), '.orch/run.json'), 'utf8'));
  assert.equal(run(0).status, 'completed');
  assert.equal(run(0).warnings, undefined, 'a NaN metric is a result');
  assert.equal(readFileSync(join(dir, 'outputs/s/0/metrics.json'), 'utf8'), '{"acc": NaN, "converged": false}');
  assert.equal(run(1).status, 'completed');
  assert.deepEqual(run(1).warnings, ['metrics.json:1:22: not valid JSON: expected a value (at the end)']);
});
