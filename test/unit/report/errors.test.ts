import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrchError } from '../../../src/errors.js';
import { runReport } from '../../../src/report/index.js';
import { classificationJobs, makeSweep } from '../../fixtures/report/make-sweep.js';

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'orch-report-err-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

function orchError(code: string, message: RegExp, hint?: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof OrchError, `expected an OrchError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.message, message);
    if (hint) assert.match(err.hint ?? '', hint);
    return true;
  };
}

test('a directory that is not a sweep', () => withTmp(async (root) => {
  await assert.rejects(runReport({ sweepDirs: [root], projectRoot: root }), orchError('REPORT_NOT_A_SWEEP', /not a sweep directory \(no \.orch\/plan\.json or sweep\.json\)/));
}));

test('a job directory is recognised and the hint names its parent', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  await assert.rejects(runReport({ sweepDirs: [join(sweep, '0')], projectRoot: root }), orchError('REPORT_NOT_A_SWEEP', /0: not a sweep/, /single job directory/));
}));

test('an unparsable sweep.json', () => withTmp(async (root) => {
  await writeFile(join(root, 'sweep.json'), '{"jobs": [');
  await assert.rejects(runReport({ sweepDirs: [root], projectRoot: root }), orchError('REPORT_BAD_SWEEP_FILE', /sweep\.json: not valid JSON/));
}));

test('a metric no job has lists the metrics that exist and suggests the closest', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  await assert.rejects(
    runReport({ sweepDirs: [sweep], projectRoot: root, overrides: ['report.metric=test.acuracy'] }),
    orchError('REPORT_UNKNOWN_METRIC', /no job has a numeric metric 'test\.acuracy'\. Did you mean test\.accuracy\?/, /test\.accuracy, test\.loss, train_time/),
  );
}));

test('jobs without metrics are reported and the rest still counts', () => withTmp(async (root) => {
  const jobs = classificationJobs();
  delete jobs[5]!.metrics;
  jobs[6]!.metrics = { test: { loss: 0.1 } };
  const sweep = await makeSweep(join(root, 'sweep'), jobs);
  await writeFile(join(sweep, '7', 'metrics.json'), '{ not json');
  const res = await runReport({ sweepDirs: [sweep], projectRoot: root, overrides: ['report.metric=test.accuracy'] });
  assert.deepEqual(res.model.withoutMetric.map((j) => j.num), [5, 6, 7]);
  assert.equal(res.model.tables[0]!.rows.find((r) => r.group.label === 'model=cnn')!.summary!.n, 2);
  assert.match(res.markdown, /Completed jobs without test\.accuracy \(3\)/);
  assert.match(res.markdown, /job 7 `7`: metrics\.json:1:3: not valid JSON/);
}));

test('merging sweeps that override different keys: a key a sweep does not set groups as ∅', () => withTmp(async (root) => {
  const a = await makeSweep(join(root, 'a'), classificationJobs());
  const b = await makeSweep(join(root, 'b'), [{ overrides: ['optimizer=adam', 'seed=1'], metrics: { test: { accuracy: 0.5 } } }]);
  const res = await runReport({ sweepDirs: [a, b], projectRoot: root, write: false });
  assert.deepEqual(res.model.groups.map((g) => g.label), ['model=mlp optimizer=∅', 'model=cnn optimizer=∅', 'model=∅ optimizer=adam']);
}));

test('report.group_by: [sweep, ...] keeps the same setting in two sweeps apart', () => withTmp(async (root) => {
  const a = await makeSweep(join(root, 'runs', 'a'), classificationJobs());
  const b = await makeSweep(join(root, 'runs', 'b'), classificationJobs());
  const res = await runReport({ sweepDirs: [a, b], projectRoot: root, write: false, overrides: ['report.group_by=[sweep,model]'] });
  assert.deepEqual(res.model.groups.map((g) => g.label), ['sweep=runs/a model=mlp', 'sweep=runs/a model=cnn', 'sweep=runs/b model=mlp', 'sweep=runs/b model=cnn']);
  assert.equal(res.model.tables[0]!.tie?.length, 2, 'the same cnn runs in both sweeps tie: no best badge');
}));

test('merging sweeps with the same keys pools their jobs', () => withTmp(async (root) => {
  const a = await makeSweep(join(root, 'a'), classificationJobs());
  const b = await makeSweep(join(root, 'b'), classificationJobs());
  const res = await runReport({ sweepDirs: [a, b], projectRoot: root, write: false });
  assert.equal(res.model.tables[0]!.rows.find((r) => r.best)!.summary!.n, 10);
}));

test('bad report overrides and group_by keys', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  await assert.rejects(runReport({ sweepDirs: [sweep], projectRoot: root, overrides: ['report.metrik=x'] }), orchError('REPORT_BAD_CONFIG', /unknown report setting 'metrik'.*Did you mean metric\?/));
  await assert.rejects(runReport({ sweepDirs: [sweep], projectRoot: root, overrides: ['report.alpha=2'] }), orchError('REPORT_BAD_CONFIG', /alpha must be a number between 0 and 1/));
  await assert.rejects(runReport({ sweepDirs: [sweep], projectRoot: root, overrides: ['report.group_by=[optimizer]'] }), orchError('REPORT_BAD_CONFIG', /no job overrides 'optimizer'/, /model, seed/));
  await assert.rejects(runReport({ sweepDirs: [sweep], projectRoot: root, overrides: ["report.claim='model=rnn'"] }), orchError('REPORT_BAD_SELECTOR', /'model=rnn' matches no group/, /model=mlp; model=cnn/));
}));

test('no sweep under outputs/multirun', () => withTmp(async (root) => {
  await assert.rejects(runReport({ projectRoot: root }), orchError('REPORT_NO_SWEEP', /no sweep found/));
}));

test('default sweep: the latest under outputs/multirun by createdAt', () => withTmp(async (root) => {
  const base = join(root, 'outputs', 'multirun');
  const older = await makeSweep(join(base, '2025-01-02', '10-00-00'), classificationJobs(), { createdAt: '2025-01-02T10:00:00.000Z' });
  const newer = await makeSweep(join(base, '2025-01-01', '09-00-00'), classificationJobs(), { createdAt: '2025-01-03T09:00:00.000Z' });
  // mtime says the opposite: createdAt must win.
  await utimes(join(older, 'sweep.json'), new Date(), new Date());
  await utimes(join(newer, 'sweep.json'), new Date(0), new Date(0));
  await mkdir(join(base, 'not-a-sweep'), { recursive: true });
  const res = await runReport({ projectRoot: root, write: false });
  assert.deepEqual(res.model.sweepDirs, [newer]);
}));
