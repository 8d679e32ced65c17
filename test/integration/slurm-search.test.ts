/**
 * A search on the real local Slurm (issue 14, contract F): each trial is its own submission, made
 * when a slot frees, so trial k+2 is proposed after trial k ended; `orch resume` after SIGKILL goes
 * on with the same study. Python tasks, barriers on files (skipped without a cluster).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTaskJson } from '../../src/store/task-json.js';
import { copyFixture, orch } from '../helpers/cli.js';
import { cancelArrays, detectSlurm, queuedTasks } from '../helpers/slurm.js';
import { startOrch } from './orch-process.js';

const slurm = detectSlurm();
const skip = slurm.ok ? false : slurm.reason;
const json = (file: string): any => parseTaskJson(readFileSync(file, 'utf8'), file);
const journal = (dir: string): any[] => {
  const file = join(dir, '.orch', 'journal.jsonl');
  // Whole lines only: a running orch may be writing the last one.
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(0, -1).map((l) => JSON.parse(l)) : [];
};
const submissions = (sweep: string): Array<{ arrayJobId: string; nums: number[]; offset: number }> =>
  existsSync(join(sweep, 'slurm.json')) ? json(join(sweep, 'slurm.json')).submissions : [];
const jobDirs = (dir: string): string[] => readdirSync(dir).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(a) - Number(b));
const arrays = new Set<string>();
after(() => cancelArrays([...arrays]));

async function waitFor(cond: () => boolean, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('Slurm search: one submission per trial, taken as a slot frees (trial k+2 after trial k ended), two at once', { skip, timeout: 300_000 }, () => {
  const dir = copyFixture('cli/search');
  // Job 0 ends only once job 1 runs: both slots are busy at once, whatever the machine's speed.
  writeFileSync(join(dir, 'runs', 'pair.py'), `import os, pathlib, time
import orch_task
cfg = orch_task.config()
pathlib.Path(orch_task.output_dir(), 'started').touch()
if orch_task.job_num() == 0:
    other = pathlib.Path(orch_task.sweep_dir(), '1', 'started')
    deadline = time.time() + 120
    while not other.exists() and time.time() < deadline:
        time.sleep(0.05)
orch_task.metrics(loss=(cfg.x - 0.5) ** 2)
`);
  writeFileSync(join(dir, 'config', 'pair.yaml'), 'x: 0.0\n');
  const r = orch(dir, ['pair', '-m', '+sweeper=random', 'orch.sweeper.n_trials=5', 'orch.sweeper.metric=loss', 'x=interval(-2,2)',
    '+launcher=slurm', 'orch.launcher.array_parallelism=2', 'orch.sweep.dir=outputs/s']);
  const sweep = join(dir, 'outputs/s');
  for (const s of submissions(sweep)) arrays.add(s.arrayJobId);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(jobDirs(sweep), ['0', '1', '2', '3', '4']);
  // Not one array at the end: each trial went in on its own.
  const subs = submissions(sweep);
  assert.deepEqual(subs.map((s) => s.nums), [[0], [1], [2], [3], [4]]);
  assert.equal(new Set(subs.map((s) => s.arrayJobId)).size, 5);
  const events = journal(sweep);
  const at = (pred: (e: any) => boolean): number => events.findIndex(pred);
  const endedBefore = (i: number): number => events.slice(0, i).filter((e) => e.ev === 'finished').length;
  for (let k = 2; k < 5; k++) {
    const proposed = at((e) => e.ev === 'trial' && e.job === k);
    assert.ok(proposed > 0, `trial ${k} proposed`);
    assert.ok(endedBefore(proposed) >= k - 1, `trial ${k} was proposed after ${k - 1} trials ended (steady state with 2 slots), saw ${endedBefore(proposed)}`);
  }
  assert.ok(at((e) => e.ev === 'trial' && e.job === 1) < at((e) => e.ev === 'finished' && e.job === 0), 'trial 1 ran beside trial 0');
  const told = events.filter((e) => e.ev === 'told');
  assert.deepEqual(told.map((e) => e.job).sort(), [0, 1, 2, 3, 4]);
  for (const n of [0, 1, 2, 3, 4]) {
    const x = events.find((e) => e.ev === 'trial' && e.job === n).params.x;
    const rec = json(join(sweep, String(n), '.orch', 'run.json'));
    assert.equal(rec.status, 'completed');
    assert.deepEqual(rec.overrides, [`x=${x}`]);
    assert.match(rec.launcher.jobId, /^\d+_\d+$/);
    assert.ok(Math.abs(told.find((e) => e.job === n).value - (Number(x) - 0.5) ** 2) < 1e-9);
  }
  const status = JSON.parse(orch(dir, ['status', sweep, '--json']).stdout);
  assert.equal(status.counts.completed, 5);
});

for (const signal of ['SIGKILL', 'SIGINT'] as const) {
test(`Slurm search: orch stopped by ${signal} with trials running; resume runs them again (old tasks cancelled first) and the study goes on`, { skip, timeout: 400_000 }, async () => {
  const dir = copyFixture('cli/search');
  const gate = join(dir, 'gate');
  const sweep = join(dir, 'outputs/r');
  // quad.py holds every job from number 2 on until the gate exists; TERM alone does not end it.
  const run = startOrch(dir, ['quad', '-m', '+sweeper=tpe', 'orch.sweeper.n_trials=5', 'orch.sweeper.n_startup_trials=2', 'orch.sweeper.metric=loss',
    'x=interval(-2,2)', `gate=${gate}`, '+launcher=slurm', 'orch.launcher.array_parallelism=2', 'orch.launcher.kill_grace_sec=1', 'orch.sweep.dir=outputs/r']);
  try {
    await waitFor(() => existsSync(join(sweep, '3', '.orch', 'run.json')) && json(join(sweep, '3', '.orch', 'run.json')).status === 'running', `trial 3 to run (${run.stderr()})`);
    run.child.kill(signal);
    const stopped = await run.exited;
    // Ctrl-C cancels the running trials (cancel_on_interrupt) and waits for them to end.
    if (signal === 'SIGINT') assert.equal(stopped.code, 130, run.stderr());
  } finally {
    for (const s of submissions(sweep)) arrays.add(s.arrayJobId);
  }
  const before = submissions(sweep);
  const oldTasks = before.filter((s) => s.nums[0]! >= 2).map((s) => `${s.arrayJobId}_${s.nums[0]! - s.offset}`);
  assert.equal(oldTasks.length, 2);
  if (signal === 'SIGKILL') assert.equal(queuedTasks(oldTasks).length, 2, 'trials 2 and 3 still run in Slurm after orch died');
  else assert.deepEqual([2, 3].map((n) => json(join(sweep, String(n), '.orch', 'run.json')).status), ['cancelled', 'cancelled']);
  const told = (n: number) => journal(sweep).filter((e) => e.ev === 'told' && e.job === n).length;
  assert.deepEqual([0, 1].map(told), [1, 1]);

  const resumed = startOrch(dir, ['resume', sweep]);
  try {
    // The old tasks are gone before their trials are submitted again.
    await waitFor(() => submissions(sweep).filter((s) => s.nums[0] === 3).length === 2, `trial 3 to be submitted again (${resumed.stderr()})`);
    assert.equal(queuedTasks(oldTasks).length, 0, 'the earlier tasks of trials 2 and 3 were cancelled first');
    writeFileSync(gate, '');
    const end = await resumed.exited;
    assert.equal(end.code, 0, resumed.stderr());
  } finally {
    for (const s of submissions(sweep)) arrays.add(s.arrayJobId);
    resumed.child.kill('SIGKILL');
  }
  assert.match(resumed.stderr(), /Resuming the tpe search in .*: 2 of 5 trials done/);
  const events = journal(sweep);
  assert.deepEqual([0, 1, 2, 3, 4].map(told), [1, 1, 1, 1, 1], 'each trial told once');
  // Completed trials were not run again; the two that were running ran a second time, with the same parameters.
  const subs = submissions(sweep);
  assert.deepEqual([0, 1, 2, 3, 4].map((n) => subs.filter((s) => s.nums[0] === n).length), [1, 1, 2, 2, 1]);
  for (const n of [2, 3]) {
    const trials = events.filter((e) => e.ev === 'trial' && e.job === n);
    assert.equal(new Set(trials.map((e) => JSON.stringify(e.params))).size, 1, `trial ${n} proposed again with its parameters`);
    // Not the earlier attempt's end, still in run.json when the new task was submitted. Trial 3 was
    // seen running, so this is its second attempt; trial 2 may have been stopped before it started.
    const rec = json(join(sweep, String(n), '.orch', 'run.json'));
    assert.equal(rec.status, 'completed');
    if (n === 3) assert.equal(rec.attempt, 2);
  }
  assert.deepEqual(jobDirs(sweep), ['0', '1', '2', '3', '4']);
});
}

test('Slurm search with the median pruner: trials behind are stopped by scancel, see the TERM themselves, end pruned; nothing is left running', { skip, timeout: 300_000 }, () => {
  const dir = copyFixture('cli/search');
  // Trials 0 and 1 complete; later ones report a worse loss once both are told, then wait to be stopped.
  // The task's command line names its file, under this test's own copy of the fixture.
  const script = join(dir, 'runs', 'behind.py');
  writeFileSync(script, `import os, pathlib, time
import orch_task
cfg = orch_task.config()
out = pathlib.Path(orch_task.output_dir())
if orch_task.job_num() < 2:
    for step in range(3):
        orch_task.log(step=step, loss=cfg.x)
    orch_task.metrics(loss=cfg.x)
else:
    journal = pathlib.Path(orch_task.sweep_dir(), '.orch', 'journal.jsonl')
    while journal.read_text().count('"ev":"told"') < 2:
        time.sleep(0.05)
    orch_task.log(step=0, loss=100 + cfg.x)
    deadline = time.time() + 120
    while not orch_task.should_stop() and time.time() < deadline:
        time.sleep(0.05)
    (out / 'saw-stop').write_text(orch_task.stop_signal().name if orch_task.should_stop() else 'nothing')
    while True:
        time.sleep(0.05)
`);
  writeFileSync(join(dir, 'config', 'behind.yaml'), `x: 0.0
orch:
  sweeper:
    name: random
    n_trials: 4
    metric: loss
    pruner: {name: median, n_startup_trials: 2}
    params:
      x: interval(0, 1)
`);
  const r = orch(dir, ['behind', '-m', '+launcher=slurm', 'orch.launcher.array_parallelism=2', 'orch.launcher.kill_grace_sec=2', 'orch.sweep.dir=outputs/p']);
  const sweep = join(dir, 'outputs/p');
  for (const s of submissions(sweep)) arrays.add(s.arrayJobId);
  assert.equal(r.code, 0, r.stderr);
  const events = journal(sweep);
  assert.deepEqual([0, 1, 2, 3].map((n) => events.find((e) => e.ev === 'told' && e.job === n)?.state), ['completed', 'completed', 'pruned', 'pruned']);
  for (const n of [2, 3]) {
    const rec = json(join(sweep, String(n), '.orch', 'run.json'));
    assert.equal(rec.status, 'pruned', JSON.stringify(rec));
    assert.equal(rec.pruned.step, 0);
    assert.equal(readFileSync(join(sweep, String(n), 'saw-stop'), 'utf8'), 'SIGTERM', 'the task saw the TERM itself');
    assert.ok(events.some((e) => e.ev === 'prune' && e.job === n));
  }
  // The pruned tasks ignored TERM after noting it: the KILL after kill_grace_sec ended them.
  const left = spawnSync('pgrep', ['-f', script], { encoding: 'utf8' }).stdout.trim();
  for (const pid of left.split('\n').filter(Boolean)) spawnSync('kill', ['-KILL', pid]);
  assert.equal(left, '', 'no process of the pruned trials is left');
});

test('Slurm search with cancel_on_interrupt=false: Ctrl-C leaves the running trials to Slurm and orch exits at once; resume tells their results', { skip, timeout: 400_000 }, async () => {
  const dir = copyFixture('cli/search');
  const gate = join(dir, 'gate');
  const sweep = join(dir, 'outputs/d');
  const run = startOrch(dir, ['quad', '-m', '+sweeper=random', 'orch.sweeper.n_trials=5', 'orch.sweeper.metric=loss', 'x=interval(-2,2)', `gate=${gate}`,
    '+launcher=slurm', 'orch.launcher.array_parallelism=2', 'orch.launcher.cancel_on_interrupt=false', 'orch.sweep.dir=outputs/d']);
  let ids: string[] = [];
  try {
    await waitFor(() => existsSync(join(sweep, '3', '.orch', 'run.json')) && json(join(sweep, '3', '.orch', 'run.json')).status === 'running', `trial 3 to run (${run.stderr()})`);
    run.child.kill('SIGINT');
    // Trials 2 and 3 wait for the gate, which stays closed: orch must not wait for them.
    const end = await run.exited;
    assert.equal(end.code, 130, run.stderr());
    assert.match(run.stderr(), /jobs keep running \(cancel_on_interrupt=false\)/);
  } finally {
    for (const s of submissions(sweep)) arrays.add(s.arrayJobId);
  }
  ids = submissions(sweep).filter((s) => s.nums[0]! >= 2).map((s) => `${s.arrayJobId}_${s.nums[0]! - s.offset}`);
  assert.deepEqual(submissions(sweep).map((s) => s.nums[0]), [0, 1, 2, 3], 'no trial proposed after the interrupt');
  assert.equal(queuedTasks(ids).length, 2, 'trials 2 and 3 run on in Slurm');
  writeFileSync(gate, '');
  await waitFor(() => queuedTasks(ids).length === 0, 'trials 2 and 3 to end in Slurm');
  const resumed = orch(dir, ['resume', sweep]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const told = journal(sweep).filter((e) => e.ev === 'told');
  assert.deepEqual(told.map((e) => e.job).sort(), [0, 1, 2, 3, 4]);
  // Trials 2 and 3 finished on their own while orch was away: told from their records, not run again.
  assert.deepEqual([0, 1, 2, 3, 4].map((n) => submissions(sweep).filter((s) => s.nums[0] === n).length), [1, 1, 1, 1, 1]);
});
