/** A study's settings (`orch.sweeper.*` once wired) and their validation. */
import type { SearchSpace } from './distribution.js';
import type { Sampler } from './sampler.js';
import type { Pruner } from './pruners/create.js';
import { SearchError } from './errors.js';

export type Direction = 'minimize' | 'maximize';

export interface StudyOptions {
  space: SearchSpace;
  sampler: Sampler;
  nTrials: number;
  direction: Direction;
  seed: number;
  /** Failed trials tolerated; one more stops the study. Unlimited when absent. */
  maxFailures?: number;
  /** Asked at every report; none: trials are never pruned. */
  pruner?: Pruner;
}

export function checkOptions(o: StudyOptions): void {
  const bad = (key: string, why: string): never => {
    throw new SearchError({ code: 'SEARCH_OPTIONS', message: `orch.sweeper.${key}: ${why}` });
  };
  if (!Number.isInteger(o.nTrials) || o.nTrials < 0) bad('n_trials', `must be a non-negative integer, got ${o.nTrials}`);
  if (o.direction !== 'minimize' && o.direction !== 'maximize') bad('direction', `must be minimize or maximize, got '${String(o.direction)}'`);
  if (!Number.isInteger(o.seed)) bad('seed', `must be an integer, got ${o.seed}`);
  if (o.maxFailures !== undefined && !(Number.isInteger(o.maxFailures) && o.maxFailures >= 0)) bad('max_failures', `must be a non-negative integer, got ${o.maxFailures}`);
  if (o.space.params.length === 0) {
    throw new SearchError({
      code: 'SEARCH_SPACE', message: 'The search has no parameter to search: every override has a single value.',
      hint: "Give at least one parameter a range: 'lr=tag(log, interval(1e-4, 1e-1))', 'width=range(32, 513, 32)' or 'model=net2,net5'.",
    });
  }
}
