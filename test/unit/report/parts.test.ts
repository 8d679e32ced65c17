import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrchError } from '../../../src/errors.js';
import { applyOverride, defaultReportConfig, loadReportConfig } from '../../../src/report/config.js';
import { csvField, csvLine } from '../../../src/report/csv.js';
import { flattenMetrics } from '../../../src/report/metrics.js';
import { paramsOf, parseSelector } from '../../../src/report/params.js';
import { niceTicks, renderLinePlot } from '../../../src/report/svg-plot.js';
import { fmtNum, fmtP } from '../../../src/report/format.js';

test('report overrides use the override grammar', () => {
  const cfg = defaultReportConfig();
  for (const o of ['report.metric=test.accuracy', 'report.group_by=[model,optimizer.lr]', 'report.alpha=0.01', 'report.higher_is_better=false',
    "report.claim='model=cnn'", "report.baselines=['model=mlp','model=linear']", "report.question='Is a, b better?'", 'report.repeat_keys=[seed,fold]']) applyOverride(cfg, o);
  assert.deepEqual(cfg, {
    metric: 'test.accuracy', groupBy: ['model', 'optimizer.lr'], alpha: 0.01, higherIsBetter: false, claim: 'model=cnn',
    baselines: ['model=mlp', 'model=linear'], question: 'Is a, b better?', repeatKeys: ['seed', 'fold'], metrics: [], directions: {},
  });
  assert.throws(() => applyOverride(cfg, 'report.claim=model=cnn'), (e: unknown) => e instanceof OrchError && e.code === 'REPORT_BAD_OVERRIDE' && /quote values/.test(e.hint ?? ''));
  assert.throws(() => applyOverride(cfg, 'report.metric=a,b'), /takes one value, not a sweep/);
  assert.throws(() => applyOverride(cfg, 'report.higher_is_better=maybe'), /higher_is_better must be true or false/);
});

test('config/report.yaml: settings at the top level or under report:, overrides win', async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-cfg-'));
  try {
    await mkdir(join(root, 'config'));
    await writeFile(join(root, 'config', 'report.yaml'), 'report:\n  metric: val.loss\n  higher_is_better: false\n  metrics: [a, b.c]\n');
    const cfg = await loadReportConfig(root, ['report.alpha=0.1']);
    assert.equal(cfg.metric, 'val.loss');
    assert.equal(cfg.higherIsBetter, false);
    assert.deepEqual(cfg.metrics, ['a', 'b.c']);
    assert.equal(cfg.alpha, 0.1);
    await writeFile(join(root, 'config', 'report.yaml'), 'metric: test.accuracy\nclaim: model=net5\nbaselines: [model=net2]\n');
    const flat = await loadReportConfig(root, []);
    assert.equal(flat.claim, 'model=net5');
    assert.deepEqual(flat.baselines, ['model=net2']);
    await writeFile(join(root, 'config', 'report.yaml'), 'metrc: x\n');
    await assert.rejects(loadReportConfig(root, []), /config\/report\.yaml: report\.metrc: unknown report setting 'metrc'.*Did you mean metric\?/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("a sweep's orch.report sits between config/report.yaml and the overrides; its nulls keep the project's value", async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-cfg-'));
  try {
    await mkdir(join(root, 'config'));
    await writeFile(join(root, 'config', 'report.yaml'), 'metric: test.accuracy\nalpha: 0.01\ngroup_by: [model]\n');
    const sweep = { settings: { metric: 'val_loss', group_by: null, curves: ['val_loss'] }, where: '/s/0/.orch/orch.yaml' };
    const cfg = await loadReportConfig(root, ['report.curves=[train_loss]'], sweep);
    assert.equal(cfg.metric, 'val_loss');
    assert.equal(cfg.alpha, 0.01);
    assert.deepEqual(cfg.groupBy, ['model']);
    assert.deepEqual(cfg.curves, ['train_loss']);
    await assert.rejects(loadReportConfig(root, [], { settings: { alpha: 2 }, where: '/s/0/.orch/orch.yaml' }), /\/s\/0\/\.orch\/orch\.yaml: orch\.report\.alpha: alpha must be a number between 0 and 1/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('CSV quoting follows RFC 4180', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(NaN), 'nan');
  assert.equal(csvField(false), 'false');
  assert.equal(csvLine(['model=[a,b]', 0.5, undefined, 'x']), '"model=[a,b]",0.5,,x');
});

test('metrics flatten to dotted names; $float decodes; arrays are skipped', () => {
  const flat = flattenMetrics({ test: { accuracy: 0.9, per_class: [1, 2], nested: { f1: 0.8 } }, best: { $float: 'nan' }, name: 'x', ok: true });
  assert.deepEqual([...flat.keys()], ['test.accuracy', 'test.nested.f1', 'best', 'name', 'ok']);
  assert.ok(Number.isNaN(flat.get('best') as number));
  assert.equal(flat.get('ok'), true, 'a boolean stays a boolean: counted, never averaged');
});

test('override strings become params; selectors split on whitespace', () => {
  assert.deepEqual([...paramsOf(['model=cnn', '+optimizer.lr=0.1', '++x=a=b', '~dropout', 'db@backup=pg'])],
    [['model', 'cnn'], ['optimizer.lr', '0.1'], ['x', 'a=b'], ['dropout', '~'], ['db@backup', 'pg']]);
  assert.deepEqual(parseSelector(' model=cnn  optimizer.lr=0.1 '), [['model', 'cnn'], ['optimizer.lr', '0.1']]);
});

test('nice ticks cover the data range', () => {
  assert.deepEqual(niceTicks(0.58, 0.85), [0.5, 0.6, 0.7, 0.8, 0.9]);
  assert.deepEqual(niceTicks(1, 10, 6), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(-3.2, 7.9), [-5, 0, 5, 10]);
  assert.deepEqual(niceTicks(0.5, 0.5), [0.45, 0.5, 0.55]);
});

test('line plot: one path and band per series, labelled axes, escaped legend', () => {
  const svg = renderLinePlot({ key: 'val_accuracy', xKey: 'epoch', series: [
    { group: 'model=<cnn>', x: [1, 2, 3], mean: [0.5, 0.7, 0.8], std: [0.02, 0.01, 0.01], n: [3, 3, 3] },
    { group: 'model=mlp', x: [1, 2, 3], mean: [0.4, 0.6, 0.7], std: [0, 0, 0], n: [1, 1, 1] },
  ], nonFinite: 0 });
  assert.equal(svg.match(/class="line"/g)?.length, 2);
  assert.equal(svg.match(/class="band"/g)?.length, 1, 'no band for a single repeat');
  assert.match(svg, />epoch</);
  assert.match(svg, />val_accuracy</);
  assert.match(svg, /model=&lt;cnn&gt;/);
});

test('number formatting', () => {
  assert.equal(fmtNum(0.91280001), '0.9128');
  assert.equal(fmtNum(undefined), '–');
  assert.equal(fmtNum(1.5e-7), '1.500e-7');
  assert.equal(fmtP(8.4985e-6), '8.50e-6');
  assert.equal(fmtP(0.0088563), '0.0089');
});
