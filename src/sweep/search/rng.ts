/**
 * Seeded uniform numbers for the samplers: Python's `random.random()` (53 bits from two MT19937
 * words) on orch's Python-compatible Mersenne Twister. Each trial gets its own generator, seeded
 * from (study seed, trial number), so a proposal depends only on the seed, the trial number and
 * the results told so far: never on how many numbers earlier trials drew. That is what lets a
 * resumed study propose exactly what an uninterrupted one would.
 */
import { createPyRandom } from '../../overrides/python-random.js';

export interface Rng {
  /** Uniform in [0, 1). */
  random(): number;
  /** Uniform in [low, high). */
  uniform(low: number, high: number): number;
}

export function createRng(seed: number | bigint): Rng {
  const mt = createPyRandom(seed);
  const random = (): number => (mt.getrandbits(27) * 67108864 + mt.getrandbits(26)) / 9007199254740992;
  return { random, uniform: (low, high) => low + (high - low) * random() };
}

/** The generator of one trial of a study. */
export function trialRng(seed: number, trial: number): Rng {
  return createRng((BigInt(Math.abs(Math.trunc(seed))) << 32n) | BigInt(trial));
}
