import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numericKeys, paramEffect, parallelData, MAX_PARALLEL_LINES } from '../../../src/report/param-effects.js';
import { logScale, spansDecades, tickText } from '../../../src/report/svg-scale.js';
import { renderParamPlot } from '../../../src/report/svg-param.js';
import { renderParallelPlot } from '../../../src/report/svg-parallel.js';
import { jobsTable, scriptJson } from '../../../src/report/view-jobs.js';
import { paramsOf } from '../../../src/report/params.js';
import { flattenMetrics } from '../../../src/report/metrics.js';
import type { JobData } from '../../../src/report/types.js';

function job(num: number, overrides: string[], metrics?: Record<string, unknown>, status: JobData['status'] = 'completed'): JobData {
  return { num, dir: `/s/${num}`, sweepDir: '/s', overrides, params: paramsOf(overrides), status, metrics, flatMetrics: flattenMetrics(metrics), history: [], problems: [] };
}

const LRS = ['1e-5', '1e-4', '0.001', '0.01', '0.1'];
const lrJobs = (): JobData[] => LRS.flatMap((lr, i) => [0, 1, 2].map((seed) =>
  job(i * 3 + seed, [`lr=${lr}`, `model=${i % 2 ? 'cnn' : 'mlp'}`, `seed=${seed}`], { acc: 0.5 + i * 0.1 + seed * 0.01 })));

test('a log axis where the values span two decades, one tick per decade with readable labels', () => {
  assert.equal(spansDecades([1e-5, 1e-3]), true);
  assert.equal(spansDecades([0.01, 0.5]), false);
  assert.equal(spansDecades([0, 1, 1000]), false, 'zero cannot go on a log axis');
  const s = logScale([1e-5, 0.1], 0, 400);
  assert.deepEqual(s.ticks, [1e-5, 1e-4, 0.001, 0.01, 0.1]);
  assert.deepEqual(s.ticks.map(s.label), ['1e-5', '1e-4', '0.001', '0.01', '0.1']);
  assert.ok(s.at(1e-4) - s.at(1e-5) > 0 && Math.abs((s.at(1e-4) - s.at(1e-5)) - (s.at(0.1) - s.at(0.01))) < 1e-9, 'decades equally spaced');
  assert.equal(tickText(3e-6), '3e-6');
  assert.equal(tickText(250000), '2.5e5');
});

test('metric against a numeric parameter: one level per value with mean and CI, runs as points', () => {
  const jobs = lrJobs();
  jobs.push(job(99, ['lr=0.1', 'model=cnn', 'seed=9'], undefined, 'failed'));
  assert.deepEqual(numericKeys(jobs, ['lr', 'model', 'seed']), ['lr', 'seed']);
  const e = paramEffect(jobs, 'lr', 'acc')!;
  assert.deepEqual(e.levels.map((l) => l.x), [1e-5, 1e-4, 0.001, 0.01, 0.1]);
  assert.deepEqual(e.levels.map((l) => l.n), [3, 3, 3, 3, 3], 'the failed run is not a point');
  assert.ok(Math.abs(e.levels[0]!.mean - 0.51) < 1e-12);
  assert.ok(e.levels[0]!.lo < 0.51 && e.levels[0]!.hi > 0.51);
  const svg = renderParamPlot(e);
  assert.match(svg, /lr \(log scale\)/);
  assert.equal(svg.match(/class="run"/g)!.length, 15);
  assert.equal(svg.match(/class="mean"/g)!.length, 5);
  assert.equal(svg.match(/class="ci"/g)!.length, 5);
  assert.doesNotMatch(svg, /NaN/);
  const linear = renderParamPlot(paramEffect(jobs, 'seed', 'acc')!);
  assert.doesNotMatch(linear, /log scale/);
});

test('parallel coordinates: one line per setting (repeats averaged), best drawn last, capped', () => {
  const d = parallelData(lrJobs(), ['lr', 'model'], 'acc', true)!;
  assert.equal(d.lines.length, 5);
  assert.deepEqual(d.axes.map((a) => a.kind), ['numeric', 'categorical']);
  assert.deepEqual(d.axes[1]!.categories, ['mlp', 'cnn']);
  assert.deepEqual(d.lines.at(-1)!.values, ['0.1', 'mlp'], 'the best setting is drawn on top');
  assert.ok(Math.abs(d.lines.at(-1)!.metric - 0.91) < 1e-12);
  const lower = parallelData(lrJobs(), ['lr', 'model'], 'acc', false)!;
  assert.deepEqual(lower.lines.at(-1)!.values, ['1e-5', 'mlp'], 'lower is better: the smallest on top');
  const svg = renderParallelPlot(d, true);
  assert.equal(svg.match(/class="pc-line"/g)!.length, 5);
  assert.match(svg, />better</);
  const many = Array.from({ length: MAX_PARALLEL_LINES + 500 }, (_, i) => job(i, [`a=${i}`, `b=${i % 7}`], { acc: i }));
  const capped = parallelData(many, ['a', 'b'], 'acc', true)!;
  assert.equal(capped.lines.length, MAX_PARALLEL_LINES);
  assert.equal(capped.dropped, 500);
  assert.equal(capped.lines.at(-1)!.metric, MAX_PARALLEL_LINES + 499, 'the best setting stays');
});

test('jobs table: one column per varying parameter and per metric, numeric sort keys, safe JSON', () => {
  const jobs = [job(0, ['lr=1e-5', 'model=cnn', 'epochs=3'], { acc: 0.5, loss: NaN }), job(1, ['lr=0.1', 'model=mlp', 'epochs=3'], { acc: Infinity }), job(2, ['lr=0.01', 'model=</script>', 'epochs=3'])];
  const t = jobsTable(jobs, ['lr', 'model'], ['epochs'], ['acc', 'loss']);
  assert.deepEqual(t.columns.map((c) => `${c.name}:${c.kind}`), ['#:num', 'Status:status', 'lr:num', 'model:text', 'acc:num', 'loss:num', 'Duration:num', 'Directory:code']);
  assert.deepEqual(t.rows.map((r) => r[2]), [['1e-5', 1e-5], ['0.1', 0.1], ['0.01', 0.01]]);
  assert.deepEqual(t.rows.map((r) => r[4]), [['0.5', 0.5], ['∞', Number.MAX_VALUE], ['–', null]]);
  assert.deepEqual(t.rows[0]![5], ['NaN', null], 'NaN shows and sorts with the blanks');
  assert.deepEqual(t.constants, ['epochs=3']);
  const json = scriptJson(t);
  assert.doesNotMatch(json, /<\/script>/i);
  assert.deepEqual(JSON.parse(json).rows[2][3], 'model=</script>'.slice(6));
});
