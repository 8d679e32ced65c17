import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Distribution } from '../../../../src/sweep/search/distribution.js';
import { sampleUniform } from '../../../../src/sweep/search/random-sampler.js';
import { createRng } from '../../../../src/sweep/search/rng.js';

const draws = (d: Distribution, n = 6000): number[] => {
  const rng = createRng(3);
  return Array.from({ length: n }, () => sampleUniform(d, rng));
};
const share = (xs: number[], v: number): number => xs.filter((x) => x === v).length / xs.length;

test('random sampler: every grid value of a discrete parameter is equally likely, ends included', () => {
  const xs = draws({ kind: 'int', low: 0, high: 10, log: false, step: 5 });
  for (const v of [0, 5, 10]) assert.ok(Math.abs(share(xs, v) - 1 / 3) < 0.03, `share of ${v}: ${share(xs, v)}`);
  const fs = draws({ kind: 'float', low: 0, high: 0.5, log: false, step: 0.25 });
  assert.deepEqual([...new Set(fs)].sort(), [0, 0.25, 0.5]);
});

test('random sampler: log parameters are log-uniform, categoricals uniform', () => {
  const xs = draws({ kind: 'float', low: 1e-4, high: 1, log: true }).map(Math.log10).sort((a, b) => a - b);
  assert.ok(Math.abs(xs[xs.length >> 1]! + 2) < 0.1, `median log10 ${xs[xs.length >> 1]}`);
  assert.ok(xs[0]! >= -4 && xs[xs.length - 1]! <= 0);
  const ks = draws({ kind: 'int', low: 1, high: 1000, log: true, step: 1 });
  assert.ok(ks.every((k) => Number.isInteger(k) && k >= 1 && k <= 1000));
  assert.ok(Math.abs(share(ks, 1) - Math.log(1.5 / 0.5) / Math.log(1000.5 / 0.5)) < 0.02, 'k=1 has the log-width of [0.5, 1.5]');
  const cs = draws({ kind: 'categorical', choices: ['a', 'b', 'c', 'd'] });
  for (const c of [0, 1, 2, 3]) assert.ok(Math.abs(share(cs, c) - 0.25) < 0.03);
});
