/**
 * `orch.sweeper.pruner` of a sweep without a study (the grid), read by the one pruner parser
 * (`sweep/search/pruners/pruner-config.ts`), with `orch.sweeper.metric` (the history key the pruner
 * compares) and `orch.sweeper.direction`.
 */
import { OrchSettingError } from '../../config/errors.js';
import { createPruner, type Pruner, type PrunerConfig } from '../../sweep/search/index.js';
import { prunerConfigOf } from '../../sweep/search/pruners/pruner-config.js';

export interface PrunerSettings { config: PrunerConfig; metric: string; direction: 'minimize' | 'maximize' }

/** The pruner the sweeper settings ask for, or undefined when they ask for none. */
export function prunerSettingsOf(sweeper: Record<string, unknown>): PrunerSettings | undefined {
  const config = prunerConfigOf(sweeper.pruner);
  if (!config) return undefined;
  const metric = sweeper.metric;
  if (typeof metric !== 'string' || metric === '') {
    throw new OrchSettingError({
      code: 'ORCH_SETTING_TYPE', message: 'orch.sweeper.pruner: needs orch.sweeper.metric, the history key it compares',
      hint: "Set orch.sweeper.metric=val.loss (a key the task logs with ctx.log / orch_task.log, with a 'step') and orch.sweeper.direction.",
    });
  }
  const direction = sweeper.direction === 'maximize' ? 'maximize' : 'minimize';
  return { config, metric, direction };
}

export function prunerOf(settings: PrunerSettings): Pruner {
  return createPruner(settings.config, settings.direction);
}
