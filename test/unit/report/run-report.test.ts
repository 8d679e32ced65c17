import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../../src/report/index.js';
import { classificationJobs, makeSweep } from '../../fixtures/report/make-sweep.js';

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'orch-report-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test('report over a two-model sweep: groups, numbers, answer, files', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  const res = await runReport({ sweepDirs: [sweep], overrides: ['report.metric=test.accuracy'], projectRoot: root, now: new Date(0) });
  const m = res.model;
  assert.deepEqual(m.groupKeys, ['model'], 'seed is a repeat key, not a group key');
  assert.deepEqual(m.groups.map((g) => g.label), ['model=mlp', 'model=cnn']);
  const t = m.tables[0]!;
  assert.equal(t.metric, 'test.accuracy');
  assert.equal(t.best, 'model=cnn');
  const cnn = t.rows.find((r) => r.group.label === 'model=cnn')!;
  assert.equal(cnn.summary!.n, 5);
  assert.ok(Math.abs(cnn.summary!.mean - 0.9128000000000001) < 1e-12);
  // Same data as the stats unit test: scipy ttest_ind(equal_var=False) gives t=4.17818821669462, p=0.008856329758227489.
  const c = t.comparisons[0]!;
  assert.equal(c.b, 'model=mlp');
  assert.ok(Math.abs(c.welch!.t - 4.17818821669462) < 1e-9);
  assert.ok(Math.abs(c.welch!.p - 0.008856329758227489) < 1e-8);
  assert.equal(m.claim!.holds, true);
  assert.match(m.claim!.answer, /^Yes\. model=cnn/);
  assert.equal(m.failed.length, 1);
  assert.equal(m.unfinished, 0);
  assert.deepEqual((await readdir(res.reportDir)).sort(), ['index.html', 'report.md', 'results.csv', 'results.json']);

  const html = await readFile(join(res.reportDir, 'index.html'), 'utf8');
  assert.match(html, /<svg[^>]*class="plot"/);
  assert.match(html, /0\.913 ± 0\.006/);
  assert.match(html, /Error: CUDA out of memory &lt;boom&gt;/, 'stderr tail is shown, escaped');
  assert.match(html, /data:image\/png;base64,/, 'error images are embedded');
  assert.doesNotMatch(html, /(src|href)="https?:/, 'no network resources');
  assert.match(html, /class="confusion"/);

  const md = await readFile(join(res.reportDir, 'report.md'), 'utf8');
  assert.equal(md, res.markdown);
  assert.match(md, /\| \*\*model=cnn\*\* \(best\) \| 0\.913 ± 0\.006 \| \[0\.905, 0\.921\] \| 5 \|/);
  assert.match(md, /\| model=mlp \| 0\.889 ± 0\.010 \| \[0\.874, 0\.905\] \| 4\/5 \|/);

  const csv = (await readFile(join(res.reportDir, 'results.csv'), 'utf8')).split('\r\n');
  assert.equal(csv[0], 'job,status,duration_sec,dir,model,seed,test.accuracy,test.loss,train_time');
  assert.equal(csv[1], '0,completed,60,0,mlp,1,0.884,0.116,10');
  assert.equal(csv[5], '4,failed,64,4,mlp,5,,,');

  const json = JSON.parse(await readFile(join(res.reportDir, 'results.json'), 'utf8'));
  assert.equal(json.jobs.length, 10);
  assert.equal(json.tables[0].best, 'model=cnn');
}));

test('a claim against a baseline that does not hold is answered No', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  const res = await runReport({
    sweepDirs: [sweep], projectRoot: root, write: false,
    overrides: ['report.metric=test.accuracy', "report.claim='model=mlp'", "report.baselines=['model=cnn']"],
  });
  assert.equal(res.model.claim!.holds, false);
  assert.match(res.model.claim!.answer, /^No\. model=mlp/);
  // cnn is significantly better here, so the answer must say the difference goes the other way.
  assert.match(res.model.claim!.answer, /is significantly lower than model=cnn \(p = /);
}));

test('lower-is-better metric picks the smallest mean', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  const res = await runReport({ sweepDirs: [sweep], projectRoot: root, write: false, overrides: ['report.metric=test.loss', 'report.higher_is_better=false'] });
  assert.equal(res.model.tables[0]!.best, 'model=cnn');
}));

test('partial sweep says so and reports finished jobs', () => withTmp(async (root) => {
  const jobs = classificationJobs();
  jobs[6] = { overrides: jobs[6]!.overrides, status: 'running' };
  jobs[7] = { overrides: jobs[7]!.overrides, noRunFile: true };
  const sweep = await makeSweep(join(root, 'sweep'), jobs);
  const res = await runReport({ sweepDirs: [sweep], projectRoot: root, overrides: [] });
  assert.equal(res.model.unfinished, 2);
  assert.equal(res.model.statusCounts.pending, 1);
  assert.match(res.markdown, /Partial sweep: 2 of 10 jobs are still pending or running/);
  assert.equal(res.model.tables[0]!.rows.find((r) => r.best)!.summary!.n, 3);
  assert.equal(res.model.metric, 'test.accuracy', 'metric chosen automatically');
}));

test('all jobs pending: a report with no answer yet, not an error', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), [{ overrides: ['a=1'], noRunFile: true }, { overrides: ['a=2'], noRunFile: true }]);
  const res = await runReport({ sweepDirs: [sweep], projectRoot: root });
  assert.equal(res.model.unfinished, 2);
  assert.equal(res.model.claim, undefined);
  assert.match(await readFile(join(res.reportDir, 'index.html'), 'utf8'), /nothing to compare/);
}));

test('learning curves: mean and std over seeds per epoch', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  const res = await runReport({ sweepDirs: [sweep], projectRoot: root, write: false });
  const curve = res.model.curves.find((c) => c.key === 'val_accuracy')!;
  assert.equal(curve.xKey, 'epoch');
  const mlp = curve.series.find((s) => s.group === 'model=mlp')!;
  assert.deepEqual(mlp.x, [1, 2, 3, 4]);
  assert.deepEqual(mlp.n, [4, 4, 4, 4]);
  // Epoch 1 values: acc - 0.3 + s*0.002 for s = 0..3 (toFixed(4)): 0.584, 0.603, 0.583, 0.599.
  // Python: statistics.mean(...) = 0.5922499999999999, statistics.stdev(...) = 0.010242883708539645
  assert.ok(Math.abs(mlp.mean[0]! - 0.5922499999999999) < 1e-12);
  assert.ok(Math.abs(mlp.std[0]! - 0.010242883708539645) < 1e-12);
}));

test('single runs per group: the answer says the test needs repeats', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), [1, 2, 3].map((x) => ({ overrides: [`x=${x}`], metrics: { score: x * 2 } })));
  const res = await runReport({ sweepDirs: [sweep], projectRoot: root, write: false });
  assert.equal(res.model.claim!.holds, undefined);
  assert.match(res.model.claim!.answer, /^Cannot tell yet\. x=3 has mean 6, but x=1; x=2 lack enough runs to test .*repeats over seed/);
}));
