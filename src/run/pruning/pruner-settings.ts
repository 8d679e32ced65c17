/**
 * `orch.sweeper.pruner` as the user writes it: a name (`median`, `asha`) or a mapping with `name`
 * and the pruner's options in snake_case, as Optuna's constructors spell them
 * (`{name: asha, min_resource: 1, reduction_factor: 3}`), with `orch.sweeper.metric` (the history
 * key the pruner compares) and `orch.sweeper.direction`.
 */
import { OrchSettingError } from '../../config/errors.js';
import { didYouMean, sentences } from '../../errors.js';
import { createPruner, PRUNER_NAMES, type Pruner, type PrunerConfig } from '../../sweep/search/index.js';

/** Option keys of each pruner: the setting's name -> the pruner's field. */
const OPTIONS: Record<string, Record<string, string>> = {
  median: { n_startup_trials: 'nStartupTrials', n_warmup_steps: 'nWarmupSteps', interval_steps: 'intervalSteps', n_min_trials: 'nMinTrials', percentile: 'percentile' },
  asha: { min_resource: 'minResource', reduction_factor: 'reductionFactor', min_early_stopping_rate: 'minEarlyStoppingRate', bootstrap_count: 'bootstrapCount' },
  none: {},
};

export interface PrunerSettings { config: PrunerConfig; metric: string; direction: 'minimize' | 'maximize' }

const settingError = (message: string, hint: string): OrchSettingError => new OrchSettingError({ code: 'ORCH_SETTING_TYPE', message, hint });

/** The pruner the sweeper settings ask for, or undefined when they ask for none. */
export function prunerSettingsOf(sweeper: Record<string, unknown>): PrunerSettings | undefined {
  const raw = sweeper.pruner;
  if (raw === undefined || raw === null) return undefined;
  const node: Record<string, unknown> = typeof raw === 'string' ? { name: raw } : { ...(raw as Record<string, unknown>) };
  const name = node.name;
  if (typeof name !== 'string' || !(name in OPTIONS)) {
    throw settingError(`orch.sweeper.pruner: unknown pruner ${JSON.stringify(name)}`, `Pruners: ${PRUNER_NAMES.join(', ')} (e.g. orch.sweeper.pruner=median).`);
  }
  if (name === 'none') return undefined;
  const fields = OPTIONS[name]!;
  const config: Record<string, unknown> = { name };
  for (const [key, value] of Object.entries(node)) {
    if (key === 'name') continue;
    const field = fields[key];
    if (!field) {
      throw settingError(`orch.sweeper.pruner.${key}: not an option of the ${name} pruner`,
        sentences(didYouMean(key, Object.keys(fields)), `Options of ${name}: ${Object.keys(fields).join(', ')}.`));
    }
    const auto = key === 'min_resource' && value === 'auto';
    if (!auto && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw settingError(`orch.sweeper.pruner.${key}: expected a number >= 0, got ${JSON.stringify(value)}`, `Write e.g. orch.sweeper.pruner.${key}=1${key === 'min_resource' ? ' (or auto)' : ''}.`);
    }
    config[field] = value;
  }
  const metric = sweeper.metric;
  if (typeof metric !== 'string' || metric === '') {
    throw settingError('orch.sweeper.pruner: needs orch.sweeper.metric, the history key it compares',
      "Set orch.sweeper.metric=val.loss (a key the task logs with ctx.log / orch_task.log, with a 'step') and orch.sweeper.direction.");
  }
  const direction = sweeper.direction === 'maximize' ? 'maximize' : 'minimize';
  return { config: config as PrunerConfig, metric, direction };
}

export function prunerOf(settings: PrunerSettings): Pruner {
  return createPruner(settings.config, settings.direction);
}
