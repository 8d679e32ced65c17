import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, trialRng } from '../../../../src/sweep/search/rng.js';
import { ndtr, logNdtr, ndtriExp, logGaussMass, truncPpf } from '../../../../src/sweep/search/truncnorm.js';

test('rng: random() is Python random.random() for the same seed', () => {
  const r = createRng(42);
  // python3 -c 'import random; random.seed(42); print(random.random(), random.random())'
  assert.equal(r.random(), 0.6394267984578837);
  assert.equal(r.random(), 0.025010755222666936);
});

test('rng: a trial generator depends only on (seed, trial)', () => {
  const draw = (seed: number, trial: number) => Array.from({ length: 5 }, trialRng(seed, trial).random);
  assert.deepEqual(draw(3, 7), draw(3, 7));
  assert.notDeepEqual(draw(3, 7), draw(3, 8));
  assert.notDeepEqual(draw(3, 7), draw(4, 7));
});

test('truncnorm: normal cdf, its log inverse and truncated quantiles', () => {
  assert.ok(Math.abs(ndtr(1.96) - 0.9750021048517795) < 1e-15);
  assert.ok(Math.abs(ndtr(-8) / 6.220960574271785e-16 - 1) < 1e-10);
  for (const x of [-30, -8, -1, 0, 0.5, 3, 7]) {
    const y = logNdtr(x);
    assert.ok(Math.abs(ndtriExp(y) - x) < 1e-8 * Math.max(1, Math.abs(x)), `ndtriExp at ${x}`);
  }
  // Mass of a standard normal on [-1, 1].
  assert.ok(Math.abs(Math.exp(logGaussMass(-1, 1)) - 0.6826894921370859) < 1e-14);
  // Quantiles stay inside the truncation and invert the truncated cdf, far in the tail too.
  for (const [a, b] of [[-1, 2], [3, 9], [-40, -35]] as const) {
    for (const q of [0.01, 0.5, 0.99]) {
      const x = truncPpf(q, a, b);
      assert.ok(x >= a && x <= b);
      const cdf = Math.exp(logGaussMass(a, x) - logGaussMass(a, b));
      assert.ok(Math.abs(cdf - q) < 1e-6, `cdf ${cdf} at q ${q} on [${a}, ${b}]`);
    }
  }
});
