/** The rules a reviewer checks: rounding, Holm's correction, intervals, directions, the main metric, large inputs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtInterval, fmtMeanStd, uncertaintyDecimals } from '../../../src/report/format.js';
import { extent, holmAdjust, studentQuantile, summarize, welchTTest } from '../../../src/report/stats.js';
import { describeDirection, directionOf, guessDirection, mainDirection } from '../../../src/report/direction.js';
import { chooseMainMetric, numericMetricNames } from '../../../src/report/main-metric.js';

function close(actual: number, expected: number, tol: number, label = ''): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${label} ${actual} != ${expected}`);
}

const rounding: Array<[string, number, number, string]> = [
  ['the issue: 0.0005595 has leading digits 560, so one significant digit', 0.98113, 0.0005595, '0.9811 ± 0.0006'],
  ['leading digits 100–354 keep two digits', 0.98113, 0.00012, '0.98113 ± 0.00012'],
  ['leading digits 950–999 round up to two digits of the next decade', 0.9, 0.00098, '0.9000 ± 0.0010'],
  ['the mean is rounded to the place of the uncertainty', 0.9128, 0.00634, '0.913 ± 0.006'],
  ['an uncertainty of hundreds rounds the mean to hundreds', 12345.6, 678, '12300 ± 700'],
  ['1.5 keeps one decimal', 10.04, 1.5, '10.0 ± 1.5'],
  ['zero spread says ± 0', 0.5, 0, '0.5 ± 0'],
  ['one run: no ± at all', 0.5, NaN, '0.5'],
];
for (const [name, m, s, want] of rounding) test(`fmtMeanStd: ${name}`, () => assert.equal(fmtMeanStd(m, s), want));

test('uncertaintyDecimals: exact powers of ten and non-positive input', () => {
  assert.equal(uncertaintyDecimals(0.001), 4, '0.0010');
  assert.equal(uncertaintyDecimals(1), 1, '1.0');
  assert.equal(uncertaintyDecimals(0), undefined);
  assert.equal(uncertaintyDecimals(-1), undefined);
  assert.equal(fmtInterval([0.9051, 0.9206], 0.00634), '[0.905, 0.921]');
});

test('Holm–Bonferroni on a known example', () => {
  // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → running max 0.06.
  const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
  [0.03, 0.06, 0.06, 0.02].forEach((want, i) => close(adj[i]!, want, 1e-12, `p${i}`));
  const withNaN = holmAdjust([0.02, NaN, 0.6]);
  close(withNaN[0]!, 0.04, 1e-12, 'untestable comparisons do not count in m');
  assert.ok(Number.isNaN(withNaN[1]!));
  close(withNaN[2]!, 0.6, 1e-12);
  assert.deepEqual(holmAdjust([0.9, 0.8]), [1, 1], "0.8 · 2 is capped at 1, and the running maximum keeps 0.9 from dropping below it");
});

test("Student's t quantiles match scipy.stats.t.ppf", () => {
  close(studentQuantile(0.975, 2), 4.302652729911275, 1e-9, 'df 2');
  close(studentQuantile(0.975, 10), 2.2281388519649385, 1e-9, 'df 10');
  close(studentQuantile(0.975, 1e6), 1.959966, 1e-5, 'large df → normal');
});

test('Welch: a 95 % interval of the difference, and no effect size when a group has no variance', () => {
  const r = welchTTest([1, 2, 3], [1, 2, 3, 4])!;
  // Δ = −0.5, se² = 1/3 + 1.6667/4 = 0.75, df = 0.5625 / (0.1111/2 + 0.1736/3) = 4.963...
  close(r.meanDiff, -0.5, 1e-12);
  const half = studentQuantile(0.975, r.df) * Math.sqrt(0.75);
  close(r.ci95[0], -0.5 - half, 1e-9);
  close(r.ci95[1], -0.5 + half, 1e-9);
  assert.ok(r.cohenD !== undefined && r.effectNote === undefined);
  const flat = welchTTest([0.9, 0.9, 0.9], [0.5, 0.51, 0.49])!;
  assert.equal(flat.cohenD, undefined, 'no d = 1713 for a group whose runs are all equal');
  assert.equal(flat.hedgesG, undefined);
  assert.match(flat.effectNote!, /first group has no variance/);
  assert.ok(flat.p < 0.001, 'the test itself still runs');
});

test('200,000 values: summary and Welch test neither throw nor give up', () => {
  const xs = Array.from({ length: 200_000 }, (_, i) => Math.sin(i) * 0.01 + 0.9);
  const ys = Array.from({ length: 200_000 }, (_, i) => Math.cos(i) * 0.01 + 0.9001);
  const s = summarize(xs);
  assert.equal(s.n, 200_000);
  assert.deepEqual(extent([3, -1, 2]), [-1, 3]);
  const r = welchTTest(xs, ys)!;
  // With df ≈ 400,000 the t distribution is the normal: p = 2·(1 − Φ(|t|)).
  const z = Math.abs(r.t);
  const normalP = erfc(z / Math.SQRT2);
  close(r.p, normalP, 1e-3 * normalP, `p at t = ${r.t}`);
});

/** erfc by its continued fraction for moderate z (Abramowitz–Stegun 7.1.26 is too coarse for the check). */
function erfc(x: number): number {
  // Series for erf below 3, good to ~1e-15 there.
  let sum = x;
  let term = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return 1 - (2 / Math.sqrt(Math.PI)) * sum;
}

const guesses: Array<[string, 'max' | 'min' | undefined]> = [
  ['loss', 'min'], ['test.loss', 'min'], ['val_loss', 'min'], ['error_rate', 'min'], ['rmse', 'min'],
  ['accuracy', 'max'], ['test.accuracy', 'max'], ['val_acc', 'max'], ['macro_f1', 'max'], ['top1', 'max'],
  ['w', undefined], ['epochs', undefined], ['train_time_sec', undefined], ['lr', undefined],
];
for (const [name, want] of guesses) test(`guessDirection(${name}) = ${want ?? 'unknown'}`, () => assert.equal(guessDirection(name), want));

test('direction: config wins, guesses say so, unknown names get none; the main metric is assumed higher and says so', () => {
  assert.deepEqual(directionOf('loss', { loss: 'max' }), { dir: 'max', source: 'config' });
  assert.deepEqual(directionOf('loss', {}), { dir: 'min', source: 'guessed' });
  assert.deepEqual(directionOf('w', {}), { source: 'unknown' });
  assert.deepEqual(mainDirection('w', {}, undefined), { dir: 'max', source: 'assumed' });
  assert.deepEqual(mainDirection('loss', {}, true), { dir: 'max', source: 'config' }, 'report.higher_is_better decides for the main metric');
  assert.match(describeDirection('loss', directionOf('loss', {})), /^lower is better, guessed from the name/);
  assert.match(describeDirection('w', directionOf('w', {})), /direction unknown: no group is called best/);
});

test('one main-metric rule: configured, else the first score, else the first loss, else the first number', () => {
  const names = numericMetricNames([{ loss: 0.3, nested: { w: 1 } }, { test: { accuracy: 0.9 }, loss: 0.2 }]);
  assert.deepEqual(names, ['loss', 'nested.w', 'test.accuracy']);
  assert.deepEqual(chooseMainMetric(names), { metric: 'test.accuracy', chosen: true });
  assert.deepEqual(chooseMainMetric(['w', 'loss']), { metric: 'loss', chosen: true });
  assert.deepEqual(chooseMainMetric(['job', 'secs']), { metric: 'job', chosen: true });
  assert.deepEqual(chooseMainMetric(names, 'loss'), { metric: 'loss', chosen: false });
});
