/** The run lock (issue "Trust", item 3): one orch at a time runs a sweep's jobs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE } from '../../src/store/lock.js';
import { orch } from '../helpers/cli.js';
import { eventually, makeSweep, runCounts } from './local-harness.js';
import { startOrch } from './orch-process.js';
import { ORCH_BIN } from '../helpers/paths.js';
import { procStateOf } from '../../src/process-alive.js';

const barrier = { task: 'barrier', taskCommand: ['python3', 'runs/barrier.py'] };

test('two orch resume started together: exactly one runs the jobs, the other names the holder and exits 2', async () => {
  const s = await makeSweep({ ...barrier, configs: [{}, {}], launcher: { n_jobs: 2 } });
  const both = [startOrch(s.projectRoot, ['resume', s.sweepDir]), startOrch(s.projectRoot, ['resume', s.sweepDir])];
  // The holder waits for `release`, written only after the other one gave up: it is still running then.
  const loser = await Promise.race(both.map((p) => p.exited.then(() => p)));
  const holder = both.find((p) => p !== loser)!;
  assert.equal((await loser.exited).code, 2, loser.stderr());
  const pid = holder.child.pid!;
  assert.match(loser.stderr(), new RegExp(`sweep ${s.sweepDir} is being run by pid ${pid} on host \\S+ since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(orch resume ${s.sweepDir}\\)`));
  assert.match(loser.stderr(), new RegExp(`kill -INT ${pid}`));
  assert.doesNotMatch(loser.stderr(), /\n\s+at /, 'no stack trace');
  assert.ok(await eventually(() => existsSync(join(s.sweepDir, 'started-0')) && existsSync(join(s.sweepDir, 'started-1'))));
  writeFileSync(join(s.sweepDir, 'release'), '');
  assert.equal((await holder.exited).code, 0, holder.stderr());
  assert.deepEqual([...runCounts(s.sweepDir)].sort(), [[0, 1], [1, 1]], 'every job ran once');
  assert.equal(existsSync(join(s.sweepDir, LOCK_FILE)), false, 'the lock is released');
  s.cleanup();
});

test('rerun of a job while its sweep is being resumed is refused; the lock goes when the holder ends', async () => {
  const s = await makeSweep({ ...barrier, configs: [{}] });
  const holder = startOrch(s.projectRoot, ['resume', s.sweepDir]);
  assert.ok(await eventually(() => existsSync(join(s.sweepDir, 'started-0'))));
  const rerun = orch(s.projectRoot, ['rerun', s.jobs[0]!.outputDir]);
  assert.equal(rerun.code, 2, rerun.stderr);
  assert.match(rerun.stderr, new RegExp(`sweep ${s.sweepDir} is being run by pid ${holder.child.pid}`));
  writeFileSync(join(s.sweepDir, 'release'), '');
  assert.equal((await holder.exited).code, 0, holder.stderr());
  assert.equal(runCounts(s.sweepDir).get(0), 1);
  assert.equal(existsSync(join(s.sweepDir, LOCK_FILE)), false);
  s.cleanup();
});

test('SIGINT to the holder releases the lock on its way out', async () => {
  const s = await makeSweep({ ...barrier, configs: [{}] });
  const holder = startOrch(s.projectRoot, ['resume', s.sweepDir]);
  assert.ok(await eventually(() => existsSync(join(s.sweepDir, 'started-0'))));
  assert.ok(existsSync(join(s.sweepDir, LOCK_FILE)));
  holder.child.kill('SIGINT');
  assert.equal((await holder.exited).code, 130, holder.stderr());
  assert.equal(existsSync(join(s.sweepDir, LOCK_FILE)), false);
  s.cleanup();
});

/**
 * An orch killed with SIGKILL whose parent has not reaped it yet is a zombie: `kill(pid, 0)` still
 * succeeds. It runs nothing and holds nothing: status must not call its job running, nor resume refuse.
 */
test('an orch killed but not yet reaped (a zombie) holds no lock: status says interrupted, resume runs the job', async () => {
  const s = await makeSweep({ ...barrier, configs: [{}] });
  // A parent that starts orch and never waits for it, until the test closes its stdin.
  const parent = spawn('python3', ['-c', [
    'import os, sys',
    'pid = os.fork()',
    'if pid == 0:',
    '    os.execv(sys.argv[1], sys.argv[1:])',
    'print(pid, flush=True)',
    'sys.stdin.read()',
  ].join('\n'), process.execPath, ORCH_BIN, 'resume', s.sweepDir], { cwd: s.projectRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  parent.stdout!.on('data', (d: Buffer) => { out += d; });
  const parentExited = new Promise((resolve) => parent.on('close', resolve));
  try {
    assert.ok(await eventually(() => /^\d+\n/.test(out) && existsSync(join(s.sweepDir, 'started-0'))), 'orch started the job');
    const pid = Number(out.trim());
    process.kill(pid, 'SIGKILL');
    assert.ok(await eventually(() => procStateOf(pid) === 'Z'), 'orch is a zombie');
    assert.equal(existsSync(join(s.sweepDir, LOCK_FILE)), true, 'its lock file is still there');
    // The job was started less than a second ago: no run record, only the journal says it started.
    const status = orch(s.projectRoot, ['status', s.sweepDir, '--json']);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).jobs[0].status, 'interrupted', status.stdout);
    writeFileSync(join(s.sweepDir, 'release'), '');
    const resume = orch(s.projectRoot, ['resume', s.sweepDir]);
    assert.equal(resume.code, 0, resume.stderr);
    assert.equal(procStateOf(pid), 'Z', 'the zombie was still there while resume ran');
    assert.equal(runCounts(s.sweepDir).get(0), 2, 'the killed attempt, then the one resume ran');
    const after = orch(s.projectRoot, ['status', s.sweepDir, '--json']);
    assert.equal(JSON.parse(after.stdout).jobs[0].status, 'completed', after.stdout);
  } finally {
    parent.stdin!.end();
    await parentExited;
    s.cleanup();
  }
});
