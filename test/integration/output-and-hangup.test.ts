/**
 * orch's output is only a view of a sweep: a reader that goes away (`| head`, a closed terminal)
 * never stops the jobs, and a hangup stops them the way SIGTERM does, without orphans.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture } from '../helpers/cli.js';
import { ORCH_BIN } from '../helpers/paths.js';
import { eventually, processesInGroups, ranPids } from './local-harness.js';

const status = (jobDir: string): string => JSON.parse(readFileSync(join(jobDir, '.orch', 'run.json'), 'utf8')).status;

function startOrch(cwd: string, args: string[]) {
  const child = spawn(process.execPath, [ORCH_BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited };
}

/** Runs orch with stdout a pipe whose reading end is closed before orch starts: every write fails with EPIPE. */
function orchIntoClosedPipe(cwd: string, args: string[]): { code: number; stderr: string } {
  const py = 'import os, subprocess, sys\nr, w = os.pipe()\nos.close(r)\np = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)\nsys.stdout.write(str(p.returncode) + "\\n" + p.stderr.decode())';
  const r = spawnSync('python3', ['-c', py, process.execPath, ORCH_BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const [code, ...stderr] = r.stdout.split('\n');
  return { code: Number(code), stderr: stderr.join('\n') };
}

test('a sweep whose output reader leaves after one line (`2>&1 | head -1`) runs every job to the end, exit 0', async () => {
  const dir = copyFixture('cli/io');
  const sweep = join(dir, 'outputs/pipe');
  const { child, exited } = startOrch(dir, ['gate', 'seed=range(6)', '-m', 'orch.sweep.dir=outputs/pipe', 'orch.launcher.n_jobs=2']);
  await new Promise<void>((resolve) => {
    let seen = '';
    child.stderr.on('data', (d: Buffer) => { seen += d; if (seen.includes('\n')) resolve(); });
  });
  child.stdout.destroy();
  child.stderr.destroy();
  assert.ok(await eventually(() => ranPids(sweep).length === 2), 'two jobs started');
  // Only now do jobs end, so orch reports them to a reader that is gone.
  writeFileSync(join(sweep, 'go'), '');
  const { code } = await exited;
  assert.equal(code, 0);
  assert.deepEqual(Array.from({ length: 6 }, (_, i) => status(join(sweep, String(i)))), Array(6).fill('completed'));
  rmSync(dir, { recursive: true, force: true });
});

test('orch status and orch compose into a closed pipe end cleanly: exit 0, no stack trace', () => {
  const dir = copyFixture('cli/io');
  const sweep = join(dir, 'outputs/st');
  const planned = spawnSync(process.execPath, [ORCH_BIN, 'noop', 'a=range(3)', '-m', 'orch.sweep.dir=outputs/st'], { cwd: dir, encoding: 'utf8' });
  assert.equal(planned.status, 0, planned.stderr);
  for (const args of [['status', sweep], ['status', sweep, '--json'], ['compose', '-c', 'noop', 'a=1,2', '-m']]) {
    const r = orchIntoClosedPipe(dir, args);
    assert.equal(r.code, 0, `orch ${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, '', `orch ${args.join(' ')}`);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('SIGHUP stops a sweep like SIGTERM: running jobs get SIGTERM and are cancelled, queued ones never start, nothing outlives orch, exit 129', async () => {
  const dir = copyFixture('cli/io');
  const sweep = join(dir, 'outputs/hup');
  const { child, exited } = startOrch(dir, ['gate', 'seed=range(4)', '-m', 'orch.sweep.dir=outputs/hup', 'orch.launcher.n_jobs=2', 'orch.launcher.kill_grace_sec=30']);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d; });
  assert.ok(await eventually(() => ranPids(sweep).length === 2), 'two jobs started');
  const pids = ranPids(sweep);
  child.kill('SIGHUP');
  const { code } = await exited;
  assert.equal(code, 129, stderr);
  assert.match(stderr, /SIGHUP received: stopping/);
  assert.deepEqual(Array.from({ length: 4 }, (_, i) => status(join(sweep, String(i)))), Array(4).fill('cancelled'));
  const started = readFileSync(join(sweep, 'ran.log'), 'utf8').trim().split('\n').map((l) => l.split(' ')[0]);
  for (const num of started) assert.equal(readFileSync(join(sweep, `term-${num}`), 'utf8'), 'SIGTERM', `job ${num} was asked to stop with SIGTERM`);
  assert.equal(started.length, 2, 'no queued job started');
  assert.ok(!existsSync(join(sweep, 'go')));
  assert.ok(await eventually(() => processesInGroups(pids).length === 0), `left running: ${processesInGroups(pids)}`);
  rmSync(dir, { recursive: true, force: true });
});
