/**
 * Random search, with Optuna's RandomSampler's distributions: uniform in the sampler coordinates
 * (so log-uniform for log parameters, every grid value of a discrete one equally likely), a
 * uniformly chosen option for a categorical.
 */
import type { Distribution } from './distribution.js';
import { boundsOf, decode } from './internal.js';
import type { Rng } from './rng.js';
import type { Sampler } from './sampler.js';

export function sampleUniform(d: Distribution, rng: Rng): number {
  if (d.kind === 'categorical') return Math.min(d.choices.length - 1, Math.floor(rng.random() * d.choices.length));
  const { low, high } = boundsOf(d);
  return decode(d, rng.uniform(low, high));
}

export function createRandomSampler(): Sampler {
  return { name: 'random', sample: ({ dists, rng }) => dists.map((d) => sampleUniform(d, rng)) };
}
