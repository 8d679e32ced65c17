import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  logGamma, mean, regularizedIncompleteBeta, sampleStd, studentTwoSidedP, summarize, welchTTest,
} from '../../../src/report/stats.js';

/*
 * Reference values computed independently with Python 3.11.7:
 *   statistics.mean / statistics.stdev (sample std), math.lgamma,
 *   scipy 1.17.1: scipy.stats.ttest_ind(a, b, equal_var=False) -> statistic, pvalue, df;
 *   scipy.special.betainc(a, b, x); 2 * scipy.stats.t.sf(t, df).
 *   Cohen's d = (mean_a - mean_b) / sqrt(((na-1)var_a + (nb-1)var_b) / (na+nb-2)),
 *   Hedges' g = d * (1 - 3 / (4(na+nb) - 9)), evaluated in Python with statistics.variance.
 */
function close(actual: number, expected: number, rel = 1e-9, label = ''): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${label} ${actual} != ${expected} (tol ${tol})`);
}

const A = [0.912, 0.905, 0.921, 0.917, 0.909];
const B = [0.884, 0.901, 0.879, 0.893];
const C = [0.5, 0.51, 0.49];
const D = [0.1, 0.9, 0.3, 0.7, 0.2, 0.8];

test('mean and sample std match Python statistics', () => {
  close(mean(A), 0.9128000000000001);
  close(sampleStd(A), 0.006340346993658949);
  close(mean(B), 0.88925);
  close(sampleStd(B), 0.009742518497116997);
  close(sampleStd(D), 0.34058772731852804);
  assert.ok(Number.isNaN(sampleStd([1])), 'std of one value is undefined');
  const s = summarize([3, 1, 2]);
  assert.deepEqual({ ...s, ci95: undefined }, { n: 3, mean: 2, std: 1, min: 1, max: 3, ci95: undefined });
  // t(0.975, 2) = 4.302652729911275 (scipy.stats.t.ppf); half width 4.3027 · 1/√3 = 2.48413771175.
  close(s.ci95[0], 2 - 2.4841377117504983, 1e-9, 'ci lo');
  close(s.ci95[1], 2 + 2.4841377117504983, 1e-9, 'ci hi');
});

test('logGamma matches math.lgamma', () => {
  close(logGamma(0.3), 1.0957979948180752, 1e-12);
  close(logGamma(7.5), 7.534364236758734, 1e-12);
  close(logGamma(123.4), 469.3360974421906, 1e-12);
});

test('regularized incomplete beta matches scipy.special.betainc', () => {
  close(regularizedIncompleteBeta(0.3, 2.5, 0.5), 0.018927124071945658, 1e-10);
  close(regularizedIncompleteBeta(0.9, 10, 3), 0.889130022255, 1e-10);
  close(regularizedIncompleteBeta(0.999, 0.5, 0.5), 0.9798649583666235, 1e-10);
  assert.equal(regularizedIncompleteBeta(0, 2, 3), 0);
  assert.equal(regularizedIncompleteBeta(1, 2, 3), 1);
});

test('two-sided Student t p-values match 2*scipy.stats.t.sf', () => {
  close(studentTwoSidedP(2.0, 3), 0.13932596855884305, 1e-9);
  close(studentTwoSidedP(5.0, 100.5), 2.4349093199225262e-06, 1e-8);
  close(studentTwoSidedP(0.1, 1), 0.936548965138893, 1e-9);
});

const welchCases: Array<{ name: string; a: number[]; b: number[]; t: number; df: number; p: number; d: number; g: number }> = [
  { name: 'close accuracies', a: A, b: B, t: 4.17818821669462, df: 4.951054404950631, p: 0.008856329758227489, d: 2.951832482362061, g: 2.623851095432943 },
  { name: 'huge effect, tiny p', a: A, b: C, t: 64.17700305841473, df: 2.994061464399299, p: 8.498546668340289e-06, d: 53.23313573871534, g: 46.289683251056815 },
  { name: 'unequal variances', a: B, b: D, t: 2.7977499399179937, df: 5.012268654630557, p: 0.03799174453593278, d: 1.4452834715280456, g: 1.3054173291221056 },
  { name: 'negative t', a: [1, 2, 3], b: [1.5, 2.5, 3.5, 10], t: -1.18518743694843, df: 3.524402511497195, p: 0.30965760203847703, d: -0.7814233569503478, g: -0.6580407216423981 },
];

for (const c of welchCases) {
  test(`Welch t-test matches scipy ttest_ind(equal_var=False): ${c.name}`, () => {
    const r = welchTTest(c.a, c.b);
    assert.ok(r);
    close(r.t, c.t, 1e-10, 't');
    close(r.df, c.df, 1e-10, 'df');
    close(r.p, c.p, 1e-8, 'p');
    close(r.cohenD!, c.d, 1e-10, 'd');
    close(r.hedgesG!, c.g, 1e-10, 'g');
  });
}

test('Welch t-test edge cases', () => {
  assert.equal(welchTTest([1], [1, 2]), undefined, 'needs two values per side');
  const constant = welchTTest([1, 1, 1], [2, 2]);
  assert.ok(constant);
  assert.equal(constant.t, -Infinity);
  assert.equal(constant.p, 0);
  const same = welchTTest([1, 1], [1, 1]);
  assert.ok(same && Number.isNaN(same.p));
});

test('the incomplete beta says when its continued fraction does not converge, and NaN in is NaN out at once', () => {
  // df = 400,000 (two groups of 200,000) needs far more than the 300 iterations it once stopped at silently.
  close(studentTwoSidedP(2, 400_000), 0.04550093876062512, 1e-9);
  assert.throws(() => regularizedIncompleteBeta(0.5, 1000, 1000, 5), /did not converge in 5 iterations/);
  assert.ok(Number.isNaN(regularizedIncompleteBeta(NaN, 2, 3)));
  assert.ok(Number.isNaN(studentTwoSidedP(2, Infinity)), 'df = Infinity gives x = NaN');
});
