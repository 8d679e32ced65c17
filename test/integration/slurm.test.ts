import { test, after } from 'node:test';
import { sourceOfJobs } from '../../src/launchers/job-source.js';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { activeSlurmJobs, cancelSlurmSweep, createSlurmLauncher, pollSlurmSweep } from '../../src/launchers/slurm/launcher.js';
import { createSlurmCommands } from '../../src/launchers/slurm/slurm-cli.js';
import { readSlurmRecord } from '../../src/launchers/slurm/sweep-record.js';
import type { LaunchContext } from '../../src/launchers/types.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { bashJobs, cancelArrays, removeTempDirs, detectSlurm, queuedTasks, tempSweepDir, waitForJobs } from '../helpers/slurm.js';
import { gateInBash } from '../helpers/barrier.js';

const slurm = detectSlurm();
const skip = slurm.ok ? false : slurm.reason;
const submitted: string[] = [];
after(() => { cancelArrays(submitted); removeTempDirs(); });

function ctx(sweepDir: string, settings: Record<string, unknown>): LaunchContext {
  return { sweepDir, settings, projectRoot: sweepDir, task: 'slurmtest', interactive: false };
}

function runJson(dir: string): Record<string, any> {
  return JSON.parse(readFileSync(join(dir, '.orch', 'run.json'), 'utf8'));
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a 20-job sweep runs as one throttled array; a failing job is marked failed with its log', { skip, timeout: 180_000 }, async () => {
  const dir = tempSweepDir();
  const jobs = bashJobs(dir, 20, (n) => n === 7 ? 'echo "about to fail" >&2; exit 3' : 'echo "$ORCH_JOB_NUM" > "$ORCH_OUTPUT_DIR/out.txt"');
  const settings = { name: 'slurm', array_parallelism: 3, time: 5 };
  const launcher = createSlurmLauncher(settings);
  const handles = await launcher.submit(sourceOfJobs(jobs), ctx(dir, settings));
  submitted.push(...launcher.arrayJobIds);
  assert.equal(launcher.arrayJobIds.length, 1);
  const show = spawnSync('scontrol', ['-o', 'show', 'job', launcher.arrayJobIds[0]!], { encoding: 'utf8' }).stdout;
  assert.match(show, /ArrayTaskThrottle=3/);
  assert.deepEqual(handles.map((h) => h.externalId), jobs.map((j) => `${launcher.arrayJobIds[0]}_${j.num}`));

  const states = await waitForJobs(launcher, handles);
  assert.deepEqual(states.filter((s) => s.status !== 'completed').map((s) => s.num), [7]);
  assert.match(states[7]!.reason!, /^exit code 3\n--- last lines of .*\n(.*\n)*about to fail$/);
  for (const job of jobs) {
    if (job.num !== 7) assert.equal(readFileSync(join(job.outputDir, 'out.txt'), 'utf8').trim(), String(job.num));
    assert.equal(runJson(job.outputDir).launcher.jobId, handles[job.num]!.externalId);
    // A command task writes no record itself: its times come from the task runner's exit marker.
    assert.equal(typeof runJson(job.outputDir).durationSec, 'number', JSON.stringify(runJson(job.outputDir)));
  }
  const record = await readSlurmRecord(dir);
  assert.deepEqual(record!.submissions.map((s) => s.array), ['0-19%3']);
});

test('a job cancelled from outside is marked cancelled with Slurm\'s reason; resume reruns only it', { skip, timeout: 180_000 }, async () => {
  const dir = tempSweepDir();
  const gate = join(dir, 'go');
  const jobs = bashJobs(dir, 3, (n) => n === 1
    ? `touch "$ORCH_OUTPUT_DIR/started"; [ -e ${JSON.stringify(gate)} ] || sleep 300; echo done > "$ORCH_OUTPUT_DIR/out.txt"`
    : 'echo done > "$ORCH_OUTPUT_DIR/out.txt"');
  const settings = { name: 'slurm' };
  const launcher = createSlurmLauncher(settings);
  const handles = await launcher.submit(sourceOfJobs(jobs), ctx(dir, settings));
  submitted.push(...launcher.arrayJobIds);
  await waitFor(() => existsSync(join(jobs[1]!.outputDir, 'started')), 'job 1 to start');
  assert.ok((await activeSlurmJobs(dir)).has(1), 'a running job is not resumable');
  spawnSync('scancel', [handles[1]!.externalId!]);
  const states = await waitForJobs(launcher, handles);
  assert.deepEqual([...await activeSlurmJobs(dir)], []);
  assert.deepEqual(states.map((s) => s.status), ['completed', 'cancelled', 'completed']);
  assert.match(states[1]!.reason!, /^Slurm CANCELLED by \d+ \(task \d+_1/);
  assert.equal(runJson(jobs[1]!.outputDir).status, 'cancelled');

  // Resume: only the unfinished job, as `--array=1`, in a new array of the same sweep.
  writeFileSync(gate, '');
  const unfinished = jobs.filter((j) => states[j.num]!.status !== 'completed');
  const resumed = await launcher.submit(sourceOfJobs(unfinished), ctx(dir, settings));
  submitted.push(...launcher.arrayJobIds);
  assert.equal(resumed.length, 1);
  const again = await waitForJobs(launcher, resumed);
  assert.deepEqual(again.map((s) => s.status), ['completed']);
  const record = await readSlurmRecord(dir);
  assert.deepEqual(record!.submissions.map((s) => s.array), ['0-2', '1']);
  assert.equal(runJson(jobs[1]!.outputDir).attempt, 2, 'a command task Slurm ran counts as started');
  assert.equal(JSON.parse(readFileSync(join(jobs[1]!.outputDir, '.orch', 'attempts', '1', 'run.json'), 'utf8')).status, 'cancelled');
  assert.equal(readFileSync(join(jobs[1]!.outputDir, 'out.txt'), 'utf8').trim(), 'done');
});

test('--no-wait: submit returns at once; pollSlurmSweep follows the sweep from its directory alone', { skip, timeout: 180_000 }, async () => {
  const dir = tempSweepDir();
  // The jobs wait at a gate the test opens after its look at the queue, so they are still there.
  const gate = join(dir, 'go');
  const jobs = bashJobs(dir, 4, () => `${gateInBash(gate)}\necho ok > "$ORCH_OUTPUT_DIR/out.txt"`);
  const settings = { name: 'slurm' };
  const launcher = createSlurmLauncher(settings);
  await launcher.submit(sourceOfJobs(jobs), ctx(dir, settings));
  submitted.push(...launcher.arrayJobIds);
  assert.ok(queuedTasks(launcher.arrayJobIds).length > 0, 'jobs are still queued or running when submit returns');
  assert.ok((await pollSlurmSweep(dir)).every((s) => s.status === 'pending' || s.status === 'running'));
  writeFileSync(gate, '');
  let states = await pollSlurmSweep(dir);
  for (let i = 0; i < 300 && !states.every((s) => s.status === 'completed'); i++) {
    await new Promise((r) => setTimeout(r, 500));
    states = await pollSlurmSweep(dir);
  }
  assert.deepEqual(states.map((s) => s.status), ['completed', 'completed', 'completed', 'completed']);
});

test('a sweep larger than MaxArraySize is split into arrays that together run every job once', { skip, timeout: 180_000 }, async () => {
  const dir = tempSweepDir();
  const jobs = bashJobs(dir, 7, () => 'echo "$ORCH_JOB_NUM $SLURM_ARRAY_JOB_ID_$SLURM_ARRAY_TASK_ID" >> "$ORCH_OUTPUT_DIR/out.txt"');
  const settings = { name: 'slurm', array_parallelism: 2 };
  const launcher = createSlurmLauncher(settings, { maxArraySize: 3 });
  const handles = await launcher.submit(sourceOfJobs(jobs), ctx(dir, settings));
  submitted.push(...launcher.arrayJobIds);
  assert.equal(launcher.arrayJobIds.length, 3);
  const states = await waitForJobs(launcher, handles);
  assert.ok(states.every((s) => s.status === 'completed'));
  for (const job of jobs) {
    const lines = readFileSync(join(job.outputDir, 'out.txt'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 1, `job ${job.num} ran once`);
    assert.equal(lines[0]!.split(' ')[0], String(job.num));
  }
  assert.deepEqual((await readSlurmRecord(dir))!.submissions.map((s) => [s.offset, s.array]), [[0, '0-2%2'], [3, '0-2%2'], [6, '0%2']]);
});

test('when a later array is rejected, the earlier ones are cancelled and the error names sbatch', { skip, timeout: 120_000 }, async () => {
  const dir = tempSweepDir();
  const jobs = bashJobs(dir, 4, () => 'sleep 30');
  const real = createSlurmCommands();
  let calls = 0;
  const commands = { ...real, sbatch: async (script: string, cwd: string) => {
    if (++calls === 2) return real.sbatch(join(dir, 'no-such-script.sbatch'), cwd);
    const id = await real.sbatch(script, cwd);
    submitted.push(id);
    return id;
  } };
  const launcher = createSlurmLauncher({}, { commands, maxArraySize: 2 });
  await assert.rejects(launcher.submit(sourceOfJobs(jobs), ctx(dir, { name: 'slurm' })), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'SLURM_REJECTED');
    assert.match(err.message, /^sbatch --parsable .*no-such-script\.sbatch failed: .*cancelled the 1 array\(s\) already submitted/s);
    return true;
  });
  await waitFor(() => queuedTasks(submitted.slice(-1)).length === 0, 'the first array to be cancelled', 30_000);
  assert.equal(existsSync(join(dir, 'slurm.json')), false);
});

test('detectSlurm finds the config file of a Slurm that answers without SLURM_CONF', { skip, timeout: 60_000 }, () => {
  const env = { ...process.env };
  delete env.SLURM_CONF;
  delete env.LOCAL_SLURM_DIR;
  const helper = new URL('../helpers/slurm.js', import.meta.url).href;
  const script = `const { detectSlurm } = await import(${JSON.stringify(helper)}); console.log(JSON.stringify({ found: detectSlurm(), conf: process.env.SLURM_CONF ?? null }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env, timeout: 50_000 });
  assert.equal(r.status, 0, r.stderr);
  const { found, conf } = JSON.parse(r.stdout) as { found: { ok: boolean; reason?: string }; conf: string | null };
  // Without a system config this Slurm cannot be found at all, and the tests skip: that is fine too.
  if (!found.ok) return assert.match(found.reason!, /Slurm not reachable|names no readable config file/);
  assert.ok(conf !== null && existsSync(conf), `SLURM_CONF left as ${conf}`);
});

test('Slurm errors are clear: unknown partition, unreachable controller, missing sbatch', { skip, timeout: 60_000 }, async () => {
  const dir = tempSweepDir();
  const jobs = bashJobs(dir, 1, () => 'true');
  const launcher = createSlurmLauncher({});
  await assert.rejects(launcher.submit(sourceOfJobs(jobs), ctx(dir, { name: 'slurm', partition: 'gpux' })), (err: Error & { code?: string; hint?: string }) => {
    assert.equal(err.code, 'SLURM_UNKNOWN_PARTITION');
    assert.match(err.message, /Invalid partition name specified/);
    assert.match(err.hint!, /Partitions on this cluster: .*debug.*Did you mean gpu\?/);
    return true;
  });
  // A controller that does not answer: the same cluster config pointing at a closed port.
  const conf = process.env.SLURM_CONF!;
  const badConf = join(dir, 'unreachable.conf');
  writeFileSync(badConf, readFileSync(conf, 'utf8').replace(/^SlurmctldPort=\d+$/m, 'SlurmctldPort=1'));
  process.env.SLURM_CONF = badConf;
  try {
    await assert.rejects(createSlurmLauncher({}, { maxArraySize: 1001 }).submit(sourceOfJobs(jobs), ctx(dir, { name: 'slurm' })), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'SLURM_UNREACHABLE');
      assert.match(err.message, /^sbatch could not reach the Slurm controller: .*Unable to contact slurm controller/);
      return true;
    });
  } finally {
    process.env.SLURM_CONF = conf;
  }
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await assert.rejects(createSlurmLauncher({}).submit(sourceOfJobs(jobs), ctx(dir, { name: 'slurm' })), { code: 'SLURM_NOT_INSTALLED' });
  } finally {
    process.env.PATH = path;
  }
});

test('requeue: USR1 runs the checkpoint hooks, the task goes back to the queue, the next attempt resumes', { skip, timeout: 180_000 }, async () => {
  const dir = tempSweepDir();
  const outputDir = join(dir, '0');
  for (const f of ['.orch']) mkdirSync(join(outputDir, f), { recursive: true });
  writeFileSync(join(outputDir, '.orch', 'config.json'), '{}\n');
  const job = {
    num: 0, overrides: [], overrideDirname: '', outputDir, cwd: REPO_ROOT,
    argv: [process.execPath, '--import', 'tsx', join(REPO_ROOT, 'test', 'fixtures', 'slurm', 'run-job.ts'), outputDir, join(REPO_ROOT, 'test', 'fixtures', 'slurm', 'checkpoint-task.ts')],
    env: { ORCH_OUTPUT_DIR: outputDir, ORCH_JOB_NUM: '0', ORCH_SWEEP_DIR: dir },
  };
  const settings = { name: 'slurm', requeue: true, signal_delay: 4 };
  const launcher = createSlurmLauncher(settings);
  const handles = await launcher.submit(sourceOfJobs([job]), ctx(dir, settings));
  submitted.push(...launcher.arrayJobIds);
  assert.match(readFileSync(join(dir, '.slurm', 'array-0.sbatch'), 'utf8'), /^#SBATCH --requeue\n#SBATCH --signal="B:USR1@4"$/m);
  await waitFor(() => existsSync(join(outputDir, 'started')), 'the task to start');
  // What Slurm does --signal seconds before the time limit (or on preemption), sent by hand.
  const taskId = handles[0]!.externalId!;
  spawnSync('scancel', ['--batch', '--signal=USR1', taskId]);
  const log = join(dir, '.slurm', 'logs', `${taskId}.out`);
  await waitFor(() => /checkpointed, requeueing/.test(readFileSync(log, 'utf8')), 'the requeue');
  await waitFor(() => queuedTasks([taskId.split('_')[0]!]).some((l) => l.includes('PENDING')), 'the task to be pending again');
  assert.equal((await launcher.poll(handles))[0]!.status, 'pending');
  // Slurm holds a requeued job back for two minutes; the test does not wait for that. The hold may
  // be set a moment after the task shows up pending, so release it until it has taken effect.
  const held = () => spawnSync('squeue', ['-h', '-j', taskId, '-o', '%r'], { encoding: 'utf8' }).stdout.includes('BeginTime');
  // The hold is what keeps slurmd from refusing the restart: it revoked the first run's credential,
  // in whole seconds, and rejects any credential made in that second or before ("Job credential
  // revoked", the task FAILED). So release no sooner than two second boundaries after the requeue.
  const releaseAfter = (Math.floor(Date.now() / 1000) + 2) * 1000;
  await waitFor(() => {
    if (held() && Date.now() >= releaseAfter) spawnSync('scontrol', ['update', `JobId=${taskId}`, 'StartTime=now']);
    return !held() && queuedTasks([taskId.split('_')[0]!]).every((l) => !l.includes('PENDING'));
  }, 'the requeued task to leave the queue\'s pending state', 120_000);
  const [state] = await waitForJobs(launcher, handles);
  assert.equal(state!.status, 'completed', state!.reason);
  assert.deepEqual(JSON.parse(readFileSync(join(outputDir, 'metrics.json'), 'utf8')), { resumedFrom: 1, attempt: 2 });
  const rec = runJson(outputDir);
  assert.equal(rec.attempt, 2);
  // The preempted attempt is kept apart; the checkpoint (a file of the task's own) stays in place.
  const kept = JSON.parse(readFileSync(join(outputDir, '.orch', 'attempts', '1', 'run.json'), 'utf8'));
  assert.deepEqual([kept.attempt, kept.status], [1, 'running']);
  assert.equal(rec.launcher.jobId, handles[0]!.externalId);
  assert.match(readFileSync(log, 'utf8'), /restart 1\)/);
});

test('Ctrl-C while waiting cancels the sweep\'s jobs, unless cancel_on_interrupt is false', { skip, timeout: 120_000 }, async () => {
  for (const cancelOnInterrupt of [true, false]) {
    const dir = tempSweepDir();
    const jobs = bashJobs(dir, 2, () => 'sleep 120');
    const settings = { name: 'slurm', cancel_on_interrupt: cancelOnInterrupt };
    const launcher = createSlurmLauncher(settings);
    const handles = await launcher.submit(sourceOfJobs(jobs), ctx(dir, settings));
    submitted.push(...launcher.arrayJobIds);
    launcher.stop('SIGINT');
    if (cancelOnInterrupt) {
      const states = await waitForJobs(launcher, handles, 60_000);
      assert.deepEqual(states.map((s) => s.status), ['cancelled', 'cancelled']);
    } else {
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(queuedTasks(launcher.arrayJobIds).length, 2, 'the jobs keep running');
      await cancelSlurmSweep(dir);
      const states = await waitForJobs(launcher, handles, 60_000);
      assert.deepEqual(states.map((s) => s.status), ['cancelled', 'cancelled']);
    }
  }
});
