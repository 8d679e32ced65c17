/**
 * Non-finite and boolean values between orch and tasks (Python and TypeScript): a diverged run is
 * a result, not a crash; a bad metrics file is a warning; lr=inf reaches the task as a float.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTaskJson } from '../../src/store/task-json.js';
import { copyFixture, orch } from '../helpers/cli.js';

const record = (dir: string) => JSON.parse(readFileSync(join(dir, '.orch', 'run.json'), 'utf8'));

test('a Python task writing NaN and true metrics: jobs completed, status and report count the diverged runs', () => {
  const dir = copyFixture('cli/pymetrics');
  const run = orch(dir, ['diverge', '-m', 'lr=0.1,10', 'seed=1,2,3', 'orch.sweep.dir=outputs/d']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /6 completed, 0 failed/);
  for (const n of [3, 4]) {
    const rec = record(join(dir, 'outputs/d', String(n)));
    assert.equal(rec.status, 'completed', `job ${n} diverged but exited 0`);
    assert.equal(rec.warnings, undefined, 'NaN and booleans are valid metrics');
  }
  const status = orch(dir, ['status', 'outputs/d']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /6 completed/);
  assert.match(status.stdout, /^3 +completed +1 +\S+ +nan +lr=10 seed=1$/m);
  const json = parseTaskJson(orch(dir, ['status', 'outputs/d', '--json']).stdout, 'status --json') as { jobs: Array<{ metric: number }> };
  assert.ok(Number.isNaN(json.jobs[3]!.metric), 'status --json keeps NaN');

  const report = orch(dir, ['report', 'outputs/d', '--format', 'md']);
  assert.equal(report.code, 0, report.stderr);
  assert.match(report.stdout, /\| \*\*lr=10\*\* \(best\) \| 0\.83 \| – \| 1\/3 \|/, 'the mean is over the finite run only');
  assert.match(report.stdout, /- lr=10: 2 of 3 runs diverged \(NaN\); left out of mean ± std and the tests/);
  assert.match(report.stdout, /Left out of the test \(non-finite acc\): lr=10: 2 of 3 runs diverged \(NaN\)\./);
  assert.match(report.stdout, /## converged \(true\/false counts, not tested\)[\s\S]*\| lr=0\.1 \| 3 \| 0 \| 3 \|\n\| lr=10 \| 1 \| 2 \| 3 \|/);
  assert.match(report.stdout, /\| 3 \| completed \| 10 \| 1 \| NaN \|/, "jobs table: one column per parameter (lr, seed), then the metric");
  assert.doesNotMatch(report.stdout, /## Warnings/);
  const html = readFileSync(join(dir, 'outputs/d/report/index.html'), 'utf8');
  assert.match(html, /lr&#x3D;10: 2 of 3 runs diverged \(NaN\); left out of mean ± std and the tests\./);
  assert.match(html, /converged <span class="h-note">true\/false counts, not tested<\/span>/);
  assert.match(html, /loss: 2 non-finite point\(s\) \(diverged steps\) left out\./, 'history.jsonl NaN is read, and the curve says what it left out');
  const results = parseTaskJson(readFileSync(join(dir, 'outputs/d/report/results.json'), 'utf8'), 'results.json') as { jobs: Array<{ metrics: { acc: number; converged: boolean } }> };
  assert.ok(Number.isNaN(results.jobs[3]!.metrics.acc));
  assert.equal(results.jobs[3]!.metrics.converged, false);
  assert.match(readFileSync(join(dir, 'outputs/d/report/results.csv'), 'utf8'), /^3,completed,[^,]*,3,10,1,nan,false\r$/m);
});

test('a Python task writing a broken or odd metrics.json: completed with a warning that status and report show', () => {
  const dir = copyFixture('cli/pymetrics');
  const run = orch(dir, ['diverge', '-m', 'mode=ok,junk,list', 'orch.sweep.dir=outputs/j']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /3 completed, 0 failed/);
  assert.match(run.stderr, /2 job\(s\) ended with warnings \(listed by: orch status /);
  const junk = record(join(dir, 'outputs/j/1'));
  assert.equal(junk.status, 'completed');
  assert.equal(junk.exitCode, 0);
  assert.deepEqual(junk.warnings, ['metrics.json:1:22: not valid JSON: expected a value (at the end)']);
  const status = orch(dir, ['status', 'outputs/j']);
  assert.match(status.stdout, /Warnings \(2 jobs\):\n {2}job 1: metrics\.json:1:22: not valid JSON[^\n]*\n {2}job 2: metrics\.json\.per_class is a list/);
  const report = orch(dir, ['report', 'outputs/j', '--format', 'md']);
  assert.equal(report.code, 0, report.stderr);
  assert.match(report.stdout, /## Warnings \(2 jobs\)\n\n- job 1 `1`: metrics\.json:1:22: not valid JSON: expected a value \(at the end\)\n- job 2 `2`: metrics\.json\.per_class is a list/);
  assert.doesNotMatch(report.stdout, /job 1 `1`: [^\n]*not valid JSON[^\n]*; metrics\.json:1:22/, 'the record\'s warning and the report\'s own reading are said once');
});

test('lr=inf reaches a Python task as a float json.load reads; a TypeScript task gets Infinity and may return NaN', () => {
  const dir = copyFixture('cli/pymetrics');
  const py = orch(dir, ['readcfg', 'lr=inf', 'orch.run.dir=outputs/py']);
  assert.equal(py.code, 0, py.stderr);
  assert.match(readFileSync(join(dir, 'outputs/py/.orch/config.json'), 'utf8'), /"lr": Infinity/);
  const ts = orch(dir, ['tscfg', 'lr=inf', 'orch.run.dir=outputs/ts']);
  assert.equal(ts.code, 0, ts.stderr);
  assert.equal(record(join(dir, 'outputs/ts')).status, 'completed');
  assert.equal(readFileSync(join(dir, 'outputs/ts/metrics.json'), 'utf8'), '{\n  "acc": NaN,\n  "lr": Infinity,\n  "converged": false\n}\n');
  assert.equal(readFileSync(join(dir, 'outputs/ts/history.jsonl'), 'utf8'), '{"step":1,"loss":NaN}\n');
  const sweep = orch(dir, ['tscfg', '-m', 'lr=inf,-inf', 'orch.sweep.dir=outputs/tsm']);
  assert.equal(sweep.code, 1, 'the -inf job throws: the task really saw -Infinity');
  assert.equal(record(join(dir, 'outputs/tsm/0')).status, 'completed');
  assert.match(record(join(dir, 'outputs/tsm/1')).reason, /lr should be Infinity, got null \(number\)/);
});

test('a TypeScript task that writes a broken metrics.json itself: completed, with the same warning a command task gets', () => {
  const dir = copyFixture('cli/pymetrics');
  const r = orch(dir, ['selfwrite', 'orch.run.dir=outputs/sw']);
  assert.equal(r.code, 0, r.stderr);
  const rec = record(join(dir, 'outputs/sw'));
  assert.equal(rec.status, 'completed');
  assert.deepEqual(rec.warnings, ['metrics.json:1:19: not valid JSON: expected a value (at the end)']);
});
