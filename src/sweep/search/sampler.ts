/**
 * What a sampler sees and returns. A sampler is a pure function of the search space, the trials
 * so far and the trial's own random generator: it keeps no state, so the study can be rebuilt
 * from its records and propose the same next trial.
 */
import type { Distribution } from './distribution.js';
import type { Rng } from './rng.js';

export interface Observation {
  number: number;
  /** One decoded value per parameter (a number, or a choice index). */
  values: number[];
  state: 'completed' | 'pruned' | 'running';
  /** The objective turned into a loss (negated when maximizing); for a pruned trial its last reported value. */
  loss?: number;
  /** The last reported step of a pruned trial. */
  step?: number;
}

export interface SampleContext {
  dists: readonly Distribution[];
  /** Completed, pruned and running trials, by trial number; failed trials are left out. */
  history: readonly Observation[];
  rng: Rng;
}

export interface Sampler {
  readonly name: string;
  sample(ctx: SampleContext): number[];
}
