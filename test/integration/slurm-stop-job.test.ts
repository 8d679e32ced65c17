/** Contract B on Slurm: stopJob(num) stops one array task (TERM, KILL after the grace), the others run on. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceOfJobs } from '../../src/launchers/job-source.js';
import { createSlurmLauncher } from '../../src/launchers/slurm/launcher.js';
import { writePruneMarker } from '../../src/store/prune-marker.js';
import { readRunRecord } from '../../src/store/run-record.js';
import { bashJobs, cancelArrays, detectSlurm, queuedTasks, removeTempDirs, tempSweepDir, waitForJobs } from '../helpers/slurm.js';

const slurm = detectSlurm();
const skip = slurm.ok ? false : slurm.reason;
const submitted: string[] = [];
after(() => { cancelArrays(submitted); removeTempDirs(); });

async function waitFor(cond: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('stopJob sends TERM to one array task (KILL after the grace when it ignores it); the other job runs on', { skip, timeout: 180_000 }, async () => {
  const dir = tempSweepDir();
  const gate = join(dir, 'go');
  const mark = `orch-trap-bash-${process.pid}-${Date.now()}`;
  const jobs = bashJobs(dir, 2, (n) => n === 0
    // Job 0 ignores TERM (it notes it), so only the KILL after the grace ends it.
    ? `: ${mark}; trap 'echo TERM >> "$ORCH_OUTPUT_DIR/signals"' TERM; touch "$ORCH_OUTPUT_DIR/started"; while :; do sleep 0.2; done`
    : `touch "$ORCH_OUTPUT_DIR/started"; while [ ! -e ${JSON.stringify(gate)} ]; do sleep 0.2; done; echo ok > "$ORCH_OUTPUT_DIR/out.txt"`);
  const settings = { name: 'slurm' };
  const launcher = createSlurmLauncher(settings, { stopGraceMs: 1500 });
  const handles = await launcher.submit(sourceOfJobs(jobs), { sweepDir: dir, settings, projectRoot: dir, task: 't', interactive: false });
  submitted.push(...launcher.arrayJobIds);
  await waitFor(() => existsSync(join(jobs[0]!.outputDir, 'started')) && existsSync(join(jobs[1]!.outputDir, 'started')), 'both jobs to start');
  await launcher.stopJob(0);
  assert.equal(queuedTasks([handles[0]!.externalId!]).length, 0, 'the stopped task left the queue');
  assert.match(readFileSync(join(jobs[0]!.outputDir, 'signals'), 'utf8'), /TERM/, 'TERM came first');
  assert.ok(queuedTasks([handles[1]!.externalId!]).length > 0, 'the other job still runs');
  await waitFor(() => processesWith(mark).length === 0, 'no process of the stopped job to be left', 60_000)
    .finally(() => { for (const pid of processesWith(mark)) spawnSync('kill', ['-KILL', String(pid)]); });
  writeFileSync(gate, '');
  const states = await waitForJobs(launcher, handles);
  assert.equal(states[1]!.status, 'completed');
  assert.notEqual(states[0]!.status, 'completed');
});

test('contract B on Slurm: a job stopped after .orch/prune.json was written is recorded pruned, not cancelled', { skip, timeout: 180_000 }, async () => {
  const dir = tempSweepDir();
  const gate = join(dir, 'go');
  // Job 0 is pruned; job 1 is stopped without a decision, to show the difference.
  // One at a time: the shared cluster may have room for one job only.
  const jobs = bashJobs(dir, 2, () => `touch "$ORCH_OUTPUT_DIR/started"; while [ ! -e ${JSON.stringify(gate)} ]; do sleep 0.2; done`);
  // The pruned one is a Python task, as most are: it dies of the TERM without a word of its own.
  jobs[0]!.argv = ['python3', '-c', `import os, pathlib, time
pathlib.Path(os.environ['ORCH_OUTPUT_DIR'], 'started').touch()
while not os.path.exists(${JSON.stringify(gate)}): time.sleep(0.2)`];
  const settings = { name: 'slurm' };
  const launcher = createSlurmLauncher(settings, { stopGraceMs: 1500 });
  const handles = await launcher.submit(sourceOfJobs(jobs), { sweepDir: dir, settings, projectRoot: dir, task: 't', interactive: false });
  submitted.push(...launcher.arrayJobIds);
  await waitFor(() => existsSync(join(jobs[0]!.outputDir, 'started')), 'job 0 to start');
  await writePruneMarker(jobs[0]!.outputDir, { step: 4, metric: 'val.loss', value: 1.5, steps: 5 });
  await launcher.stopJob(0);
  await waitFor(() => existsSync(join(jobs[1]!.outputDir, 'started')), 'job 1 to start');
  await launcher.stopJob(1);
  writeFileSync(gate, '');
  const states = await waitForJobs(launcher, handles);
  assert.equal(states[0]!.status, 'pruned');
  assert.ok(!['pruned', 'completed'].includes(states[1]!.status), `job 1 ended ${states[1]!.status}`);
  const rec = await readRunRecord(jobs[0]!.outputDir);
  assert.equal(rec?.status, 'pruned');
  assert.deepEqual(rec?.pruned, { step: 4, metric: 'val.loss', value: 1.5, steps: 5 });
  assert.match(rec?.reason ?? '', /pruned at step 4 \(val\.loss=1\.5\)/);
});

/** Pids of processes whose command line holds `mark`. */
function processesWith(mark: string): number[] {
  const r = spawnSync('pgrep', ['-f', mark], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number).filter((pid) => pid !== process.pid);
}

test('stopJob ends a Python task that traps TERM, and its child that ignores it: no process of them is left', { skip, timeout: 180_000 }, async () => {
  const dir = tempSweepDir();
  const mark = `orch-trap-term-${process.pid}-${Date.now()}`;
  const [job] = bashJobs(dir, 1, () => '');
  // The task notes TERM and carries on; its child ignores TERM. Only a KILL of the group ends them.
  job!.argv = ['python3', '-c', `# ${mark}
import os, pathlib, signal, subprocess, sys, time
out = pathlib.Path(os.environ['ORCH_OUTPUT_DIR'])
signal.signal(signal.SIGTERM, lambda *a: (out / 'signals').write_text('TERM'))
subprocess.Popen([sys.executable, '-c', 'import signal, time  # ${mark} child\\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\\nwhile True: time.sleep(0.2)'])
(out / 'started').touch()
while True: time.sleep(0.2)`];
  const settings = { name: 'slurm', kill_grace_sec: 1 };
  const launcher = createSlurmLauncher(settings);
  try {
    const handles = await launcher.submit(sourceOfJobs([job!]), { sweepDir: dir, settings, projectRoot: dir, task: 't', interactive: false });
    submitted.push(...launcher.arrayJobIds);
    await waitFor(() => existsSync(join(job!.outputDir, 'started')) && processesWith(mark).length >= 2, 'the task and its child to start');
    await launcher.stopJob(0);
    await waitFor(() => processesWith(mark).length === 0, 'no process of the stopped task to be left', 60_000);
    assert.equal(readFileSync(join(job!.outputDir, 'signals'), 'utf8'), 'TERM', 'TERM came first');
    const [state] = await waitForJobs(launcher, handles);
    assert.notEqual(state!.status, 'completed');
  } finally {
    for (const pid of processesWith(mark)) spawnSync('kill', ['-KILL', String(pid)]);
  }
});
