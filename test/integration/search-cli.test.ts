/**
 * A search through the real CLI (issue 14): `+sweeper=tpe|random` proposes trials one at a time on
 * the local launcher, each job gets its trial's parameters as overrides, the journal keeps the study
 * (trial/told events), and failed trials count against max_failures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTaskJson } from '../../src/store/task-json.js';
import { copyFixture, orch } from '../helpers/cli.js';
import { startOrch } from './orch-process.js';

const json = (file: string): any => parseTaskJson(readFileSync(file, 'utf8'), file);
const sweepDirOf = (stderr: string): string => /search of up to \d+ trial\(s\) in (\S+)/.exec(stderr)![1]!;
const journal = (dir: string): any[] => {
  const file = join(dir, '.orch', 'journal.jsonl');
  // Whole lines only: a running orch may be writing the last one.
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(0, -1).map((l) => JSON.parse(l)) : [];
};
const jobDirs = (dir: string): string[] => readdirSync(dir).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(a) - Number(b));

test('a TPE search runs n_trials Python jobs two at a time, each with its proposed parameters', () => {
  const dir = copyFixture('cli/search');
  const r = orch(dir, ['quad', '-m', '+sweeper=tpe', 'orch.sweeper.n_trials=8', 'orch.sweeper.metric=loss', 'orch.launcher.n_jobs=2', 'x=interval(-2,2)']);
  assert.equal(r.code, 0, r.stderr);
  const sweep = sweepDirOf(r.stderr);
  const jobs = jobDirs(sweep);
  assert.deepEqual(jobs, ['0', '1', '2', '3', '4', '5', '6', '7']);
  const events = journal(sweep);
  const trials = events.filter((e) => e.ev === 'trial');
  const told = events.filter((e) => e.ev === 'told');
  assert.deepEqual(trials.map((e) => e.job).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(told.length, 8);
  for (const job of jobs) {
    const num = Number(job);
    const x = trials.find((e) => e.job === num).params.x;
    const run = json(join(sweep, job, '.orch', 'run.json'));
    assert.deepEqual(run.overrides, [`x=${x}`], `job ${job} runs trial ${num}'s parameters`);
    const loss = json(join(sweep, job, 'metrics.json')).loss;
    assert.ok(Math.abs(loss - (Number(x) - 0.5) ** 2) < 1e-9);
    assert.deepEqual(told.find((e) => e.job === num), { job: num, ev: 'told', state: 'completed', value: loss, at: told.find((e) => e.job === num).at });
  }
  assert.equal(new Set(trials.map((e) => e.params.x)).size, 8, 'parallel trials differ');
  const plan = json(join(sweep, '.orch', 'plan.json'));
  assert.equal(plan.jobCount, 8);
  assert.deepEqual(plan.search.space, ['x=interval(-2,2)']);
  // The report shows the search as a study, from what the plan's header says of it.
  const report = orch(dir, ['report', sweep]);
  assert.equal(report.code, 0, report.stderr);
  assert.match(readFileSync(join(sweep, 'report', 'index.html'), 'utf8'), /Study: tpe search, minimize loss/);
});

test('failed trials count against max_failures: the study stops, orch exits 1', () => {
  const dir = copyFixture('cli/search');
  const r = orch(dir, ['quad', '-m', '+sweeper=random', 'orch.sweeper.n_trials=8', 'orch.sweeper.max_failures=2', 'orch.sweeper.metric=loss', 'orch.launcher.n_jobs=1', 'x=interval(-2,2)', 'fail=true']);
  assert.equal(r.code, 1, r.stderr);
  const sweep = sweepDirOf(r.stderr);
  // One job at a time: the third failure is heard of before a fourth trial is proposed.
  assert.deepEqual(jobDirs(sweep), ['0', '1', '2']);
  const told = journal(sweep).filter((e) => e.ev === 'told');
  assert.deepEqual(told.map((e) => e.state), ['failed', 'failed', 'failed']);
  assert.match(r.stderr, /0 completed, 3 failed/);
});

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const startedCounts = (sweep: string): Map<number, number> => {
  const n = new Map<number, number>();
  for (const e of journal(sweep)) if (e.ev === 'started') n.set(e.job, (n.get(e.job) ?? 0) + 1);
  return n;
};

test('a search killed by SIGKILL resumes with its study: n_trials in all, no finished trial run twice; n_trials=N extends it', async () => {
  const dir = copyFixture('cli/search');
  const run = startOrch(dir, ['quad', '-m', '+sweeper=tpe', 'orch.sweeper.n_trials=6', 'orch.sweeper.metric=loss', 'orch.launcher.n_jobs=1', 'x=interval(-2,2)', 'gate=open']);
  let sweep = '';
  try {
    await until('the search to start', () => /search of up to/.test(run.stderr()));
    sweep = sweepDirOf(run.stderr());
    // Jobs 0 and 1 finish; job 2 waits for the gate: orch is killed with it running.
    await until('two trials told and a third running', () => journal(sweep).filter((e) => e.ev === 'told').length === 2 && journal(sweep).some((e) => e.ev === 'started' && e.job === 2));
  } finally {
    run.child.kill('SIGKILL');
    await run.exited;
  }
  const toldBefore = journal(sweep).filter((e) => e.ev === 'told').map((e) => e.job);
  assert.deepEqual(toldBefore, [0, 1]);
  const paramsBefore = journal(sweep).filter((e) => e.ev === 'trial').map((e) => [e.job, e.params.x]);
  writeFileSync(join(dir, 'open'), '');

  const resumed = orch(dir, ['resume', sweep]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /Resuming the tpe search .*: 2 of 6 trials done/);
  assert.deepEqual(jobDirs(sweep), ['0', '1', '2', '3', '4', '5']);
  const events = journal(sweep);
  assert.deepEqual(events.filter((e) => e.ev === 'told').map((e) => e.job).sort(), [0, 1, 2, 3, 4, 5]);
  const started = startedCounts(sweep);
  assert.equal(started.get(0), 1, 'a finished trial is not run again');
  assert.equal(started.get(1), 1);
  assert.equal(started.get(2), 2, 'the trial that was running runs again');
  // Trial 2 runs again with the parameters it was proposed with.
  const trial2 = events.filter((e) => e.ev === 'trial' && e.job === 2).map((e) => e.params.x);
  assert.deepEqual(trial2, [paramsBefore.find(([j]) => j === 2)![1], paramsBefore.find(([j]) => j === 2)![1]]);

  const again = orch(dir, ['resume', sweep]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(jobDirs(sweep).length, 6, 'a finished study proposes nothing more');

  const extended = orch(dir, ['resume', sweep, 'orch.sweeper.n_trials=8']);
  assert.equal(extended.code, 0, extended.stderr);
  assert.deepEqual(jobDirs(sweep), ['0', '1', '2', '3', '4', '5', '6', '7']);
  assert.ok([0, 1, 3, 4, 5].every((j) => startedCounts(sweep).get(j) === 1));
  assert.equal(json(join(sweep, '.orch', 'plan.json')).search.settings.nTrials, 8);

  const bad = orch(dir, ['resume', sweep, 'orch.sweeper.seed=3']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /orch\.sweeper\.n_trials=N/);
});

test('a search with --no-wait is refused before anything is written (exit 2): orch must stay to propose its trials', () => {
  const dir = copyFixture('cli/search');
  const r = orch(dir, ['quad', '-m', '+sweeper=tpe', '+launcher=slurm', '--no-wait', 'orch.sweeper.metric=loss', 'x=interval(-2,2)']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /SEARCH_NO_WAIT|--no-wait: a search cannot be left to the scheduler/);
  assert.match(r.stderr, /orch resume/);
  assert.equal(existsSync(join(dir, 'outputs')), false);
});

test('--dry-run of a search shows the search (sampler, space with distributions, n_trials, pruner) and trial 0, and writes nothing', () => {
  const dir = copyFixture('cli/search');
  const args = ['quad', '-m', '+sweeper=tpe', 'orch.sweeper.n_trials=9', 'orch.sweeper.metric=loss', 'orch.sweeper.pruner=median', 'x=interval(-2,2)', 'y=choice(0.0,1.0)', '--dry-run'];
  const r = orch(dir, args);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], '# dry run: tpe search of up to 9 trial(s), launcher local, nothing written');
  assert.match(r.stdout, /^# objective: minimize loss; seed 0; max_failures unlimited; sampler: n_startup_trials=10, /m);
  assert.match(r.stdout, /^# pruner: median$/m);
  assert.match(r.stdout, /^#   x  float in \[-2, 2\]$/m);
  assert.match(r.stdout, /^#   y  categorical: 0\.0 \| 1\.0$/m);
  assert.match(r.stdout, /^0\t\S+\/0\tx=\S+ y=\S+$/m);
  assert.equal(existsSync(join(dir, 'outputs')), false, 'nothing written');
  const j = orch(dir, [...args, '--json']);
  assert.equal(j.code, 0, j.stderr);
  const doc = JSON.parse(j.stdout);
  assert.equal(doc.search.sampler, 'tpe');
  assert.equal(doc.search.nTrials, 9);
  assert.deepEqual(doc.search.space.map((p: any) => p.key), ['x', 'y']);
  assert.equal(doc.jobs.length, 1);
});
