/**
 * A pruner by name, as `orch.sweeper.pruner` will select it, bound to the study's direction:
 * `(trial, trials) => stop?`, asked each time a trial reports an intermediate value.
 */
import { ashaShouldPrune, type AshaOptions } from './asha.js';
import { medianShouldPrune, type MedianOptions } from './median.js';
import type { PruneDirection, PrunerTrial } from './types.js';
import { SearchError } from '../errors.js';

export type Pruner = (trial: PrunerTrial, trials: readonly PrunerTrial[]) => boolean;

export type PrunerConfig =
  | ({ name: 'median' } & Omit<MedianOptions, 'direction'>)
  | ({ name: 'asha' } & Omit<AshaOptions, 'direction'>)
  | { name: 'none' };

export const PRUNER_NAMES = ['median', 'asha', 'none'] as const;

export function createPruner(config: PrunerConfig, direction: PruneDirection): Pruner {
  switch (config.name) {
    case 'median': return (t, all) => medianShouldPrune(t, all, { ...config, direction });
    case 'asha': return (t, all) => ashaShouldPrune(t, all, { ...config, direction });
    case 'none': return () => false;
    default:
      throw new SearchError({
        code: 'SEARCH_OPTIONS', message: `orch.sweeper.pruner: unknown pruner '${(config as { name: string }).name}'`,
        hint: `Available pruners: ${PRUNER_NAMES.join(', ')}.`,
      });
  }
}
