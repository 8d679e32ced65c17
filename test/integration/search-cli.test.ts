/**
 * A search through the real CLI (issue 14): `+sweeper=tpe|random` proposes trials one at a time on
 * the local launcher, each job gets its trial's parameters as overrides, the journal keeps the study
 * (trial/told events), and failed trials count against max_failures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTaskJson } from '../../src/store/task-json.js';
import { copyFixture, orch } from '../helpers/cli.js';

const json = (file: string): any => parseTaskJson(readFileSync(file, 'utf8'), file);
const sweepDirOf = (stderr: string): string => /search of up to \d+ trial\(s\) in (\S+)/.exec(stderr)![1]!;
const journal = (dir: string): any[] => readFileSync(join(dir, '.orch', 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
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
