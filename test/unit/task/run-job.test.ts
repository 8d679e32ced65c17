import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attemptDir } from '../../../src/store/attempts.js';
import { pruneMarkerPath, writePruneMarker } from '../../../src/store/prune-marker.js';
import { readRunRecord, updateRunRecord } from '../../../src/store/run-record.js';
import { parseModuleJobArgv } from '../../../src/task/job-argv.js';
import { eventually, makeSweep } from '../../integration/local-harness.js';

const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const RUN_JOB = new URL(`../../../src/cli/commands/run-job${EXT}`, import.meta.url).href;

/** Runs `orch _run-job` in its own process, as a Slurm array task would. */
function runJob(jobDir: string, taskFile?: string) {
  const code = `import { runJobCommand } from ${JSON.stringify(RUN_JOB)};
process.exitCode = await runJobCommand({ jobDir: ${JSON.stringify(jobDir)}, taskFile: ${JSON.stringify(taskFile)} });`;
  const res = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, ORCH_SWEEP_DIR: '' } });
  return res;
}

test('_run-job runs a module task standalone: logs, history, metrics, run.json', async () => {
  const s = await makeSweep({ task: 'score', configs: [{ x: 21, lr: 0.5 }] });
  const job = s.jobs[0]!;
  const res = runJob(job.outputDir, parseModuleJobArgv(job.argv)!.taskFile);
  assert.equal(res.status, 0, res.stderr);
  const metrics = JSON.parse(readFileSync(join(job.outputDir, 'metrics.json'), 'utf8'));
  assert.equal(metrics.score, 42);
  assert.deepEqual(metrics.nested, { lr: 0.5 });
  assert.equal(metrics.device, 'cpu');
  assert.match(readFileSync(join(job.outputDir, 'stdout.log'), 'utf8'), /stdout of job 0\n.*\[INFO\] x=21/);
  assert.match(readFileSync(join(job.outputDir, 'stderr.log'), 'utf8'), /stderr of job 0/);
  const history = readFileSync(join(job.outputDir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(history, [{ step: 1, x: 21 }, { step: 2, x: 21 }]);
  const rec = await readRunRecord(job.outputDir);
  assert.equal(rec?.status, 'completed');
  assert.equal(rec?.exitCode, 0);
  assert.equal(rec?.attempt, 1);
  assert.ok(rec?.pid && rec.startedAt && rec.endedAt && rec.host);
  // Run again: the attempt is counted, the task file comes from the record.
  assert.equal(runJob(job.outputDir).status, 0);
  assert.equal((await readRunRecord(job.outputDir))?.attempt, 2);
  // ... and it starts clean: the first attempt's files are kept apart, not appended to.
  const history2 = readFileSync(join(job.outputDir, 'history.jsonl'), 'utf8').trim().split('\n');
  assert.equal(history2.length, 2);
  assert.equal(readFileSync(join(job.outputDir, 'stdout.log'), 'utf8').match(/stdout of job 0/g)?.length, 1);
  const kept = attemptDir(job.outputDir, 1);
  assert.deepEqual(readFileSync(join(kept, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)), history);
  assert.equal(JSON.parse(readFileSync(join(kept, 'run.json'), 'utf8')).attempt, 1);
  assert.equal(JSON.parse(readFileSync(join(kept, 'metrics.json'), 'utf8')).score, 42);
  s.cleanup();
});

test('_run-job after a Slurm requeue (record left running): a new attempt, the interrupted one kept', async () => {
  const s = await makeSweep({ task: 'score', configs: [{ x: 1 }] });
  const job = s.jobs[0]!;
  assert.equal(runJob(job.outputDir, parseModuleJobArgv(job.argv)!.taskFile).status, 0);
  await updateRunRecord(job.outputDir, { status: 'running', endedAt: undefined });
  assert.equal(runJob(job.outputDir).status, 0);
  assert.equal((await readRunRecord(job.outputDir))?.attempt, 2);
  const kept = JSON.parse(readFileSync(join(attemptDir(job.outputDir, 1), 'run.json'), 'utf8'));
  assert.deepEqual([kept.attempt, kept.status], [1, 'running']);
  assert.match(kept.reason, /never recorded its end/);
  s.cleanup();
});

test('_run-job: a task that throws fails with its message, the stack goes to stderr.log', async () => {
  const s = await makeSweep({ task: 'throws', configs: [{ fail: true }] });
  const job = s.jobs[0]!;
  const res = runJob(job.outputDir, parseModuleJobArgv(job.argv)!.taskFile);
  assert.equal(res.status, 1);
  assert.match(res.stderr, /job 0 failed: Error: boom in task/);
  const rec = await readRunRecord(job.outputDir);
  assert.equal(rec?.status, 'failed');
  assert.equal(rec?.reason, 'Error: boom in task');
  assert.match(readFileSync(join(job.outputDir, 'stderr.log'), 'utf8'), /Error: boom in task\n\s+at throws .*throws\.ts/);
  s.cleanup();
});

test('_run-job: invalid metrics complete with a warning, not a failure', async () => {
  const s = await makeSweep({ task: 'badmetrics', configs: [{}] });
  const job = s.jobs[0]!;
  const res = runJob(job.outputDir, parseModuleJobArgv(job.argv)!.taskFile);
  assert.equal(res.status, 0, res.stderr);
  const rec = await readRunRecord(job.outputDir);
  assert.equal(rec?.status, 'completed');
  assert.match(rec?.warnings?.[0] ?? '', /metrics\.json\.loss is a list/);
  s.cleanup();
});

test('_run-job: no default export and process.exit() each fail with a clear reason', async () => {
  const cases: Array<[string, RegExp]> = [
    ['nodefault', /nodefault\.ts: has no default export/],
    ['crash', /the task called process\.exit\(7\)/],
  ];
  for (const [task, reason] of cases) {
    const s = await makeSweep({ task, configs: [{ crash: true }] });
    const job = s.jobs[0]!;
    const res = runJob(job.outputDir, parseModuleJobArgv(job.argv)!.taskFile);
    assert.notEqual(res.status, 0, task);
    const rec = await readRunRecord(job.outputDir);
    assert.equal(rec?.status, 'failed', task);
    assert.match(rec?.reason ?? '', reason);
    s.cleanup();
  }
});

test('_run-job: SIGUSR1 runs the checkpoint hooks; SIGTERM runs them and records the job cancelled', async () => {
  const s = await makeSweep({ task: 'ckpt', configs: [{}] });
  const job = s.jobs[0]!;
  const code = `import { runJobCommand } from ${JSON.stringify(RUN_JOB)};
process.exitCode = await runJobCommand({ jobDir: ${JSON.stringify(job.outputDir)}, taskFile: ${JSON.stringify(parseModuleJobArgv(job.argv)!.taskFile)} });`;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code], { stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  assert.ok(await eventually(() => existsSync(join(job.outputDir, 'ready')), 20000), 'task started');
  child.kill('SIGUSR1');
  assert.ok(await eventually(() => existsSync(join(job.outputDir, 'checkpoint.txt'))));
  assert.equal(readFileSync(join(job.outputDir, 'checkpoint.txt'), 'utf8'), 'saved 1\n');
  child.kill('SIGTERM');
  assert.equal(await exited, 143);
  assert.equal(readFileSync(join(job.outputDir, 'checkpoint.txt'), 'utf8'), 'saved 2\n');
  const rec = await readRunRecord(job.outputDir);
  assert.equal(rec?.status, 'cancelled');
  assert.equal(rec?.signal, 'SIGTERM');
  s.cleanup();
});

test('_run-job: TERM after the pruner wrote .orch/prune.json records the job pruned, with the step and value', async () => {
  const s = await makeSweep({ task: 'ckpt', configs: [{}] });
  const job = s.jobs[0]!;
  // A stale decision of an earlier attempt does not prune this one.
  await writePruneMarker(job.outputDir, { step: 1, metric: 'val.loss', value: 9, steps: 2 });
  const code = `import { runJobCommand } from ${JSON.stringify(RUN_JOB)};
process.exitCode = await runJobCommand({ jobDir: ${JSON.stringify(job.outputDir)}, taskFile: ${JSON.stringify(parseModuleJobArgv(job.argv)!.taskFile)} });`;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code], { stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  assert.ok(await eventually(() => existsSync(join(job.outputDir, 'ready')), 20000), 'task started');
  assert.equal(existsSync(pruneMarkerPath(job.outputDir)), false, 'the earlier decision was cleared');
  await writePruneMarker(job.outputDir, { step: 3, metric: 'val.loss', value: 0.75, steps: 4 });
  child.kill('SIGTERM');
  assert.equal(await exited, 143);
  const rec = await readRunRecord(job.outputDir);
  assert.equal(rec?.status, 'pruned');
  assert.deepEqual(rec?.pruned, { step: 3, metric: 'val.loss', value: 0.75, steps: 4 });
  assert.match(rec?.reason ?? '', /pruned at step 3 \(val\.loss=0\.75\)/);
  s.cleanup();
});

for (const pruned of [false, true]) {
  test(`_run-job under Slurm: a task watching ctx.shouldStop() winds down on TERM and is recorded ${pruned ? 'pruned (the pruner decided)' : 'cancelled'}`, async () => {
    const s = await makeSweep({ task: 'winddown', configs: [{}] });
    const job = s.jobs[0]!;
    const code = `import { runJobCommand } from ${JSON.stringify(RUN_JOB)};
process.exitCode = await runJobCommand({ jobDir: ${JSON.stringify(job.outputDir)}, taskFile: ${JSON.stringify(parseModuleJobArgv(job.argv)!.taskFile)} });`;
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code], { stdio: 'ignore', env: { ...process.env, ORCH_LAUNCHER: 'slurm', ORCH_SWEEP_DIR: '' } });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.ok(await eventually(() => existsSync(join(job.outputDir, 'ready')), 20000), 'task started');
    if (pruned) await writePruneMarker(job.outputDir, { step: 2, metric: 'loss', value: 5, steps: 3 });
    child.kill('SIGTERM');
    assert.equal(await exited, 143);
    assert.ok(existsSync(join(job.outputDir, 'saw-stop')), 'the task saw shouldStop() and returned');
    const rec = await readRunRecord(job.outputDir);
    assert.equal(rec?.status, pruned ? 'pruned' : 'cancelled');
    assert.equal(rec?.signal, 'SIGTERM');
    assert.equal(typeof rec?.durationSec, 'number');
    if (pruned) assert.deepEqual(rec?.pruned, { step: 2, metric: 'loss', value: 5, steps: 3 });
    s.cleanup();
  });
}
