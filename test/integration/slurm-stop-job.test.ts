/** Contract B on Slurm: stopJob(num) stops one array task (TERM, KILL after the grace), the others run on. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
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
  const jobs = bashJobs(dir, 2, (n) => n === 0
    // Job 0 ignores TERM (it notes it), so only the KILL after the grace ends it.
    ? `trap 'echo TERM >> "$ORCH_OUTPUT_DIR/signals"' TERM; touch "$ORCH_OUTPUT_DIR/started"; while :; do sleep 0.2; done`
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
