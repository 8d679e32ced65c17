/**
 * Attempts (issue "Trust", item 4): the job dir shows one attempt, earlier ones are kept in
 * .orch/attempts/<n>/, and the attempt count is the number of times the job really started.
 */
import { test } from 'node:test';
import { feedOf } from '../../src/launchers/job-source.js';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attemptDir } from '../../src/store/attempts.js';
import { createLocalLauncher } from '../../src/launchers/local/local-launcher.js';
import { createDefaultLauncherRegistry } from '../../src/launchers/registry.js';
import { runSweep } from '../../src/launchers/run-sweep.js';
import { collectStatus } from '../../src/cli/commands/status.js';
import { rerunCommand } from '../../src/cli/commands/rerun.js';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { copyFixture, orch } from '../helpers/cli.js';
import { captureStream, eventually, launchCtx, makeSweep, ranPids } from './local-harness.js';
import { startOrch } from './orch-process.js';

const registry = createDefaultLauncherRegistry();
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const lines = (...p: string[]) => read(...p).trim().split('\n');
const runJson = (dir: string) => JSON.parse(read(dir, '.orch', 'run.json'));
/** The record kept with an earlier attempt. */
const keptJson = (dir: string) => JSON.parse(read(dir, 'run.json'));

test('SIGKILL of orch mid-job, then resume: the job dir holds only the new attempt, the killed one is kept', async () => {
  const s = await makeSweep({ task: 'barrier', taskCommand: ['python3', 'runs/barrier.py'], configs: [{}, {}], launcher: { n_jobs: 1 } });
  const [job0, job1] = s.jobs.map((j) => j.outputDir) as [string, string];
  const first = startOrch(s.projectRoot, ['resume', s.sweepDir]);
  assert.ok(await eventually(() => existsSync(join(s.sweepDir, 'started-0'))));
  first.child.kill('SIGKILL');
  await first.exited;
  const before = await collectStatus(s.sweepDir);
  assert.deepEqual(before.jobs.map((j) => [j.status, j.attempt]), [['interrupted', 1], ['pending', 0]]);

  rmSync(join(s.sweepDir, 'started-0'));
  const second = startOrch(s.projectRoot, ['resume', s.sweepDir]);
  assert.ok(await eventually(() => existsSync(join(s.sweepDir, 'started-0'))), second.stderr());
  writeFileSync(join(s.sweepDir, 'release'), '');
  assert.equal((await second.exited).code, 0, second.stderr());
  assert.match(second.stderr(), new RegExp(`took over the lock of ${s.sweepDir} left by pid ${first.child.pid}`));

  const [pid1, pid2] = ranPids(s.sweepDir);
  assert.deepEqual(lines(job0, 'stderr.log'), [`start of job 0 pid ${pid2}`]);
  assert.deepEqual(lines(job0, 'history.jsonl').map((l) => JSON.parse(l)), [{ epoch: 0, pid: pid2 }]);
  assert.deepEqual(JSON.parse(read(job0, 'metrics.json')), { pid: pid2 });
  const kept = attemptDir(job0, 1);
  assert.deepEqual(lines(kept, 'stderr.log'), [`start of job 0 pid ${pid1}`]);
  assert.deepEqual(lines(kept, 'history.jsonl').map((l) => JSON.parse(l)), [{ epoch: 0, pid: pid1 }]);
  assert.equal(existsSync(join(kept, 'metrics.json')), false, 'the killed attempt wrote no result');
  assert.deepEqual([keptJson(kept).attempt, keptJson(kept).status], [1, 'running']);
  assert.match(keptJson(kept).reason, /never recorded its end/);
  assert.deepEqual([runJson(job0).attempt, runJson(job0).status], [2, 'completed']);
  assert.deepEqual([runJson(job1).attempt, existsSync(attemptDir(job1, 1))], [1, false], 'job 1 started once');
  assert.deepEqual((await collectStatus(s.sweepDir)).jobs.map((j) => [j.status, j.attempt]), [['completed', 2], ['completed', 1]]);
  s.cleanup();
});

test('max_retries: the final attempt\'s logs and history hold only that attempt; the failed one is kept', async () => {
  const s = await makeSweep({ task: 'failfirst', configs: [{ fail_first: true }] });
  const dir = s.jobs[0]!.outputDir;
  await runSweep(feedOf(s.jobs), createLocalLauncher({ n_jobs: 1, max_retries: 1 }), launchCtx(s), { out: captureStream(), handleSignals: false });
  assert.deepEqual([runJson(dir).status, runJson(dir).attempt], ['completed', 2]);
  assert.deepEqual(lines(dir, 'stdout.log'), ['attempt 2 of job 0']);
  assert.equal(read(dir, 'stderr.log'), '', 'no traceback of attempt 1');
  assert.deepEqual(lines(dir, 'history.jsonl').map((l) => JSON.parse(l)), [{ epoch: 0, attempt: 2 }]);
  assert.deepEqual(JSON.parse(read(dir, 'metrics.json')), { attempt: 2 });
  const kept = attemptDir(dir, 1);
  assert.deepEqual(lines(kept, 'stdout.log'), ['attempt 1 of job 0']);
  assert.match(read(kept, 'stderr.log'), /Error: attempt 1 fails on purpose\n\s+at /);
  assert.deepEqual(lines(kept, 'history.jsonl').map((l) => JSON.parse(l)), [{ epoch: 0, attempt: 1 }]);
  assert.deepEqual([keptJson(kept).status, keptJson(kept).attempt], ['failed', 1]);
  s.cleanup();
});

test('a job that was cancelled before it started is attempt 1 when it finally runs', async () => {
  const s = await makeSweep({ task: 'failfirst', configs: [{ fail_first: true }, {}], launcher: { n_jobs: 1, fail_fast: true } });
  await runSweep(feedOf(s.jobs), createLocalLauncher({ n_jobs: 1, fail_fast: true }), launchCtx(s), { out: captureStream(), handleSignals: false });
  assert.deepEqual((await collectStatus(s.sweepDir)).jobs.map((j) => [j.status, j.attempt]), [['failed', 1], ['cancelled', 0]]);
  assert.equal(await resumeCommand({ sweepDir: s.sweepDir, registry, out: captureStream(), handleSignals: false }), 0);
  assert.deepEqual((await collectStatus(s.sweepDir)).jobs.map((j) => [j.status, j.attempt]), [['completed', 2], ['completed', 1]]);
  assert.deepEqual(JSON.parse(read(s.jobs[1]!.outputDir, 'metrics.json')), { attempt: 1 });
  assert.equal(existsSync(attemptDir(s.jobs[1]!.outputDir, 1)), false);
  s.cleanup();
});

test('rerun is a new attempt in the same dir; the earlier result is kept under .orch/attempts/1', async () => {
  const s = await makeSweep({ task: 'score', configs: [{ x: 1 }] });
  const dir = s.jobs[0]!.outputDir;
  await runSweep(feedOf(s.jobs), createLocalLauncher({ n_jobs: 1 }), launchCtx(s), { out: captureStream(), handleSignals: false });
  const earlier = read(dir, 'metrics.json');
  assert.equal(await rerunCommand({ jobDir: dir, registry, out: captureStream(), handleSignals: false, interactive: false }), 0);
  assert.equal(read(attemptDir(dir, 1), 'metrics.json'), earlier);
  assert.equal(JSON.parse(read(dir, 'metrics.json')).attempt, 2);
  assert.notEqual(read(dir, 'metrics.json'), earlier);
  assert.equal(lines(dir, 'history.jsonl').length, 2, 'only this attempt\'s two records');
  assert.equal(lines(attemptDir(dir, 1), 'history.jsonl').length, 2);
  assert.deepEqual(lines(dir, 'stdout.log').filter((l) => l.startsWith('stdout of')), ['stdout of job 0']);
  assert.deepEqual([keptJson(attemptDir(dir, 1)).attempt, keptJson(attemptDir(dir, 1)).status], [1, 'completed']);
  s.cleanup();
});

test('orch rerun of a single Python run keeps the earlier result, logs and history under .orch/attempts/1', () => {
  const project = copyFixture('cli/jobs');
  writeFileSync(join(project, 'config', 'py.yaml'), 'x: 3\norch:\n  task:\n    command: [python3, runs/py.py]\n');
  writeFileSync(join(project, 'runs', 'py.py'), [
    'import json, os',
    'out = os.environ["ORCH_OUTPUT_DIR"]',
    'n = len(os.listdir(os.path.join(out, ".orch", "attempts"))) if os.path.isdir(os.path.join(out, ".orch", "attempts")) else 0',
    'print("python run", n + 1)',
    'open(os.path.join(out, "history.jsonl"), "a").write(json.dumps({"epoch": 0, "run": n + 1}) + "\\n")',
    'json.dump({"run": n + 1}, open(os.path.join(out, "metrics.json"), "w"))',
  ].join('\n') + '\n');
  const first = orch(project, ['py', 'orch.run.dir=out/one']);
  assert.equal(first.code, 0, first.stderr);
  const dir = join(project, 'out', 'one');
  const again = orch(project, ['rerun', dir]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /python run 2/);
  assert.deepEqual(JSON.parse(read(attemptDir(dir, 1), 'metrics.json')), { run: 1 });
  assert.deepEqual(JSON.parse(read(dir, 'metrics.json')), { run: 2 });
  assert.deepEqual(lines(dir, 'history.jsonl').map((l) => JSON.parse(l)), [{ epoch: 0, run: 2 }]);
  assert.deepEqual(lines(dir, 'stdout.log'), ['python run 2']);
  assert.deepEqual(lines(attemptDir(dir, 1), 'stdout.log'), ['python run 1']);
  assert.equal(runJson(dir).attempt, 2);
  assert.equal(existsSync(join(dir, '.orch.lock')), false);
});
