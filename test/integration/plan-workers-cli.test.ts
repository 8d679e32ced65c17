/**
 * Planning workers through the real CLI (the bundle's plan-worker.cjs): a sweep planned by worker
 * threads (ORCH_PLAN_WORKERS=2, forced on sweeps below the size that turns them on) has the plan
 * the main thread alone writes, runs to its end, and fails with the serial pass's own errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

const WORKERS = { ORCH_PLAN_WORKERS: '2' };
const SERIAL = { ORCH_PLAN_WORKERS: '0' };

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orch-plan-workers-cli-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'config', 'opt'), { recursive: true });
  writeFileSync(join(dir, 'config', 'noop.yaml'), 'a: 0\nb: 0\nname: n${a}_${b}\norch:\n  task:\n    command: ["true"]\n');
  writeFileSync(join(dir, 'config', 'opt', 'good.yaml'), 'lr: 1\n');
  return dir;
}

const planFile = (sweepDir: string, name: string): string => readFileSync(join(sweepDir, '.orch', name), 'latin1');

test('a sweep planned by workers has the plan the main thread writes, and every job runs (a shuffle without a seed too)', () => {
  const dir = project();
  const grid = ['noop', '-m', 'a=range(3)', 'b=range(200)', 'orch.sweep.subdir=${b}/${a}', 'orch.launcher.n_jobs=2'];
  const serial = orch(dir, [...grid, 'orch.sweep.dir=serial'], SERIAL);
  assert.equal(serial.code, 0, serial.stderr);
  const workers = orch(dir, [...grid, 'orch.sweep.dir=workers'], WORKERS);
  assert.equal(workers.code, 0, workers.stderr);
  assert.match(workers.stderr, /600 completed, 0 failed/);
  assert.doesNotMatch(workers.stderr, /planning worker/);
  for (const f of ['jobs.jsonl', 'jobs.idx']) assert.equal(planFile(join(dir, 'workers'), f), planFile(join(dir, 'serial'), f), f);
  // Each job is composed again at dispatch and checked against its planned hash: a worker that
  // expanded the shuffle with another seed than orch's would fail them (PLAN_JOB_CHANGED).
  const shuffled = orch(dir, ['noop', '-m', 'a=range(2)', 'b=shuffle(range(300))', 'orch.sweep.dir=shuffled', 'orch.launcher.n_jobs=2'], WORKERS);
  assert.equal(shuffled.code, 0, shuffled.stderr);
  assert.match(shuffled.stderr, /600 completed, 0 failed/);
  const status = JSON.parse(orch(dir, ['status', 'shuffled', '--json']).stdout) as { counts: Record<string, number> };
  assert.equal(status.counts.completed, 600);
});

test('with workers, a job that cannot be composed fails the run with the serial pass\'s error, and nothing is written', () => {
  const dir = project();
  // Jobs 0-299 compose; job 300, in the second chunk of jobs, names an option that does not exist.
  const args = ['noop', '-m', '+opt=good,nosuch', 'b=range(300)', 'orch.sweep.dir=bad'];
  const serial = orch(dir, args, SERIAL);
  const workers = orch(dir, args, WORKERS);
  assert.notEqual(serial.code, 0);
  assert.match(serial.stderr, /nosuch/);
  assert.deepEqual({ code: workers.code, stderr: workers.stderr }, { code: serial.code, stderr: serial.stderr });
  assert.equal(existsSync(join(dir, 'bad')), false);
});

test('with workers, schema violations of jobs in different chunks are listed at once, as the serial pass lists them', () => {
  const dir = copyFixture('schema/basic');
  // batch_size 0 breaks the schema in job 0 (net2) and job 300 (net5): two chunks, two workers.
  const args = ['train', '-m', 'model=net2,net5', 'training.batch_size=range(0,300)'];
  const serial = orch(dir, args, SERIAL);
  const workers = orch(dir, args, WORKERS);
  assert.equal(serial.code, 2, serial.stderr);
  assert.match(serial.stderr, /job 0 \(model=net2 training\.batch_size=0\)/);
  assert.match(serial.stderr, /job 300 \(model=net5 training\.batch_size=0\)/);
  assert.deepEqual({ code: workers.code, stderr: workers.stderr }, { code: serial.code, stderr: serial.stderr });
  assert.equal(existsSync(join(dir, 'outputs')), false);
});
