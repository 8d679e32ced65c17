import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxOf, minOf } from '../../src/min-max.js';
import { medianShouldPrune } from '../../src/sweep/search/pruners/median.js';

test('minOf / maxOf give what Math.min / Math.max give, for any number of values', () => {
  for (const xs of [[], [3], [3, -1, 2], [-0, 0], [1, NaN, 2], [NaN], [Infinity, -Infinity]]) {
    assert.ok(Object.is(maxOf(xs), Math.max(...xs)), `max ${xs}`);
    assert.ok(Object.is(minOf(xs), Math.min(...xs)), `min ${xs}`);
  }
  const big = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
  assert.throws(() => Math.max(...big), RangeError, 'the reason these exist');
  const top = big.reduce((a, b) => (b > a ? b : a));
  assert.equal(maxOf(big), top);
  assert.equal(minOf(new Set(big)), 0);
  assert.equal(maxOf(new Map(big.map((x) => [x, 1])).keys()), top);
});

// Math.min(...own) threw RangeError once a trial had reported past ~100,000 steps.
test('the median pruner decides for a trial with 200,000 reported steps', () => {
  const steps = (n: number, f: (s: number) => number) => new Map(Array.from({ length: n }, (_, s) => [s, f(s)] as [number, number]));
  const done = Array.from({ length: 5 }, (_, k) => ({ number: k, state: 'completed' as const, intermediate: steps(200_000, () => 1 + k) }));
  const worse = { number: 9, state: 'running' as const, intermediate: steps(200_000, () => 10) };
  assert.equal(medianShouldPrune(worse, [...done, worse], { direction: 'minimize', nStartupTrials: 1 }), true);
  const better = { number: 10, state: 'running' as const, intermediate: steps(200_000, () => 0) };
  assert.equal(medianShouldPrune(better, [...done, better], { direction: 'minimize', nStartupTrials: 1 }), false);
});
