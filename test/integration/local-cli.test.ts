/** Running jobs through the real CLI with the local launcher (issue 4): failures, timeouts, resume. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';
import { ORCH_BIN } from '../helpers/paths.js';
import { eventually } from './local-harness.js';

const runs = (counterDir: string, seed: number): number => {
  const f = join(counterDir, `seed-${seed}`);
  return existsSync(f) ? readFileSync(f, 'utf8').length : 0;
};
const status = (dir: string) => JSON.parse(readFileSync(join(dir, '.orch', 'run.json'), 'utf8'));

test('a failing job: the sweep goes on, the summary shows its stderr tail, exit status is non-zero', () => {
  const dir = copyFixture('cli/jobs');
  const counters = join(dir, 'counts');
  const ok = orch(dir, ['work', 'mode=ok,fail', 'seed=1', '-m', `counter_dir=${counters}`, 'orch.sweep.dir=outputs/s', 'orch.launcher.n_jobs=2']);
  assert.equal(ok.code, 1, ok.stderr);
  assert.match(ok.stderr, /1 completed, 1 failed/);
  assert.match(ok.stderr, /seed 1 failed on purpose/, 'the failed job\'s stderr tail is in the summary');
  assert.match(ok.stderr, /outputs\/s\/1/, 'the failed job\'s directory is in the summary');
  assert.equal(status(join(dir, 'outputs/s/0')).status, 'completed');
  assert.equal(status(join(dir, 'outputs/s/1')).status, 'failed');
});

// Only jobs that never finish: a job meant to complete within a timeout fails whenever a loaded
// machine makes it slower than the timeout, whatever the timeout.
test('hanging jobs hit orch.launcher.timeout_min, are marked timeout, and the sweep goes on to the next', () => {
  const dir = copyFixture('cli/jobs');
  const r = orch(dir, ['work', 'mode=hang', 'seed=0,1', '-m', `counter_dir=${join(dir, 'c')}`, 'orch.sweep.dir=outputs/t',
    'orch.launcher.timeout_min=0.01', 'orch.launcher.n_jobs=1', 'orch.launcher.kill_grace_sec=0.5']);
  assert.equal(r.code, 1, r.stderr);
  const [a, b] = [0, 1].map((n) => status(join(dir, 'outputs/t', String(n))));
  for (const rec of [a, b]) {
    assert.equal(rec.status, 'timeout');
    assert.match(rec.reason, /timed out after 0\.01 min/);
  }
  assert.ok(Date.parse(b.startedAt) >= Date.parse(a.endedAt), 'job 1 started once job 0 had timed out');
});

test('max_retries reruns a failing job and records the attempt', () => {
  const dir = copyFixture('cli/jobs');
  const counters = join(dir, 'c');
  const r = orch(dir, ['work', 'mode=throw', `counter_dir=${counters}`, 'orch.launcher.max_retries=2', 'orch.run.dir=outputs/r']);
  assert.equal(r.code, 1);
  assert.equal(runs(counters, 0), 3, 'first try plus two retries');
  assert.equal(status(join(dir, 'outputs/r')).attempt, 3);
});

test('bad launcher settings and unusable tasks are clear errors before anything runs', () => {
  const dir = copyFixture('cli/jobs');
  const c = `counter_dir=${join(dir, 'c')}`;
  const zero = orch(dir, ['work', c, 'orch.launcher.n_jobs=0']);
  assert.equal(zero.code, 2);
  assert.match(zero.stderr, /n_jobs/);
  const word = orch(dir, ['work', c, 'orch.launcher.n_jobs=many']);
  assert.equal(word.code, 2);
  assert.match(word.stderr, /n_jobs/);
  const typo = orch(dir, ['work', c, 'orch.launcher.n_jobz=2']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /orch\.launcher\.n_jobz: not a setting of the local launcher/);
  assert.match(typo.stderr, /Did you mean orch\.launcher\.n_jobs/);
  const noWait = orch(dir, ['work', c, '--no-wait']);
  assert.equal(noWait.code, 2);
  assert.match(noWait.stderr, /--no-wait needs a scheduler/);
  const noDefault = orch(dir, ['nodefault', c]);
  assert.notEqual(noDefault.code, 0);
  assert.match(noDefault.stderr + noDefault.stdout, /default export/);
});

test('an unwritable output directory is an error before any job starts', { skip: process.getuid?.() === 0 ? 'root can write anywhere' : false }, () => {
  const dir = copyFixture('cli/jobs');
  mkdirSync(join(dir, 'ro'));
  chmodSync(join(dir, 'ro'), 0o500);
  const r = orch(dir, ['work', 'seed=0,1', '-m', `counter_dir=${join(dir, 'c')}`, 'orch.sweep.dir=ro/s']);
  assert.notEqual(r.code, 0);
  assert.equal(runs(join(dir, 'c'), 0), 0);
});

test('an output path that is a file is an error before any job starts', () => {
  const dir = copyFixture('cli/jobs');
  const r = orch(dir, ['work', 'seed=0,1', '-m', `counter_dir=${join(dir, 'c')}`, 'orch.sweep.dir=runs/work.ts/s']);
  assert.equal(r.code, 2, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.equal(runs(join(dir, 'c'), 0), 0);
});

test('SIGKILL of orch mid-sweep, then orch resume: no completed job runs twice, every job completes', async () => {
  const dir = copyFixture('cli/jobs');
  const counters = join(dir, 'c');
  const sweep = join(dir, 'outputs/k');
  // Jobs 2 and up wait at a gate that opens only after the kill: orch dies with exactly 2 done.
  const gate = join(dir, 'gate');
  const child = spawn(process.execPath, [ORCH_BIN, 'work', 'seed=0,1,2,3,4,5', '-m', `gate_file=${gate}`, 'gate_from_job=2', `counter_dir=${counters}`,
    'orch.sweep.dir=outputs/k', 'orch.launcher.n_jobs=1'], { cwd: dir, stdio: 'ignore' });
  const done = () => readdirSync(sweep).filter((d) => /^\d+$/.test(d) && existsSync(join(sweep, d, '.orch/run.json')) && status(join(sweep, d)).status === 'completed').length;
  const running2 = () => existsSync(join(sweep, '2', '.orch/run.json')) && status(join(sweep, '2')).status === 'running';
  assert.ok(await eventually(() => existsSync(sweep) && done() === 2 && running2(), 120_000), 'jobs 0 and 1 done, job 2 at the gate');
  const exited = child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  writeFileSync(gate, '');
  const before = done();
  assert.equal(before, 2, 'killed mid-sweep');
  const completedBefore = [0, 1, 2, 3, 4, 5].filter((s) => status(join(sweep, String(s))).status === 'completed');
  const st = orch(dir, ['status', sweep, '--json']);
  assert.equal(st.code, 0, st.stderr);
  const r = orch(dir, ['resume', sweep]);
  assert.equal(r.code, 0, r.stderr);
  for (const s of [0, 1, 2, 3, 4, 5]) {
    assert.equal(status(join(sweep, String(s))).status, 'completed', `job ${s}`);
    assert.deepEqual(JSON.parse(readFileSync(join(sweep, String(s), 'metrics.json'), 'utf8')), { value: s * 10 });
  }
  for (const s of completedBefore) assert.equal(runs(counters, s), 1, `completed job ${s} ran exactly once`);
  const again = orch(dir, ['resume', sweep]);
  assert.equal(again.code, 0);
  assert.match(again.stdout + again.stderr, /all 6 jobs completed/);
});

test('orch rerun runs one job again from its snapshot; orch status shows the sweep', () => {
  const dir = copyFixture('cli/jobs');
  const counters = join(dir, 'c');
  assert.equal(orch(dir, ['work', 'seed=0,1', '-m', `counter_dir=${counters}`, 'orch.sweep.dir=outputs/q']).code, 0);
  const r = orch(dir, ['rerun', join(dir, 'outputs/q/1')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(runs(counters, 1), 2);
  assert.equal(status(join(dir, 'outputs/q/1')).attempt, 2);
  const st = orch(dir, ['status', join(dir, 'outputs/q'), '--json']);
  const rows = JSON.parse(st.stdout).jobs;
  assert.deepEqual(rows.map((j: { status: string }) => j.status), ['completed', 'completed']);
  assert.deepEqual(rows.map((j: { metric: number }) => j.metric), [0, 10]);
  const notSweep = orch(dir, ['resume', join(dir, 'config')]);
  assert.equal(notSweep.code, 2);
  assert.match(notSweep.stderr, /not a sweep directory/);
});

test('Ctrl-C: running jobs are stopped and marked cancelled, no process outlives orch, exit 130', async () => {
  const dir = copyFixture('cli/jobs');
  const sweep = join(dir, 'outputs/i');
  const child = spawn(process.execPath, [ORCH_BIN, 'work', 'seed=0,1,2,3', '-m', 'mode=hang', `counter_dir=${join(dir, 'c')}`,
    'orch.sweep.dir=outputs/i', 'orch.launcher.n_jobs=2', 'orch.launcher.kill_grace_sec=1'], { cwd: dir, stdio: 'ignore' });
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const running = () => [0, 1].every((s) => existsSync(join(sweep, String(s), '.orch/run.json')) && status(join(sweep, String(s))).status === 'running');
  assert.ok(await eventually(running, 120_000), 'two jobs running');
  const pids = [0, 1].map((s) => status(join(sweep, String(s))).pid as number);
  child.kill('SIGINT');
  assert.equal(await exit, 130);
  for (const s of [0, 1]) assert.equal(status(join(sweep, String(s))).status, 'cancelled');
  for (const s of [2, 3]) assert.notEqual(status(join(sweep, String(s))).status, 'running');
  const alive = pids.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } });
  assert.deepEqual(alive, [], 'no job process is left');
});

test('n_jobs=2 runs two jobs at the same time (each waits until both have started)', () => {
  const dir = copyFixture('cli/jobs');
  const r = orch(dir, ['work', 'seed=0,1', '-m', 'meet=2', `counter_dir=${join(dir, 'c')}`, 'orch.sweep.dir=outputs/p', 'orch.launcher.n_jobs=2']);
  assert.equal(r.code, 0, r.stderr);
  const [a, b] = [0, 1].map((s) => status(join(dir, 'outputs/p', String(s))));
  const t = (x: string) => Date.parse(x);
  assert.ok(t(a.startedAt) < t(b.endedAt) && t(b.startedAt) < t(a.endedAt), `overlap expected: ${JSON.stringify([a.startedAt, a.endedAt, b.startedAt, b.endedAt])}`);
});

test('fail_fast stops launching after the first failure', () => {
  const dir = copyFixture('cli/jobs');
  const counters = join(dir, 'c');
  const r = orch(dir, ['work', 'mode=fail,ok', 'seed=0,1,2', '-m', `counter_dir=${counters}`, 'orch.sweep.dir=outputs/f',
    'orch.launcher.n_jobs=1', 'orch.launcher.fail_fast=true']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(status(join(dir, 'outputs/f/0')).status, 'failed');
  const later = [1, 2, 3, 4, 5].map((n) => status(join(dir, 'outputs/f', String(n))).status);
  assert.ok(later.every((s) => s !== 'completed' && s !== 'running'), `nothing launched after the failure: ${later.join(' ')}`);
  assert.equal([0, 1, 2].reduce((n, s) => n + runs(counters, s), 0), 1, 'only the failing job ran');
});
