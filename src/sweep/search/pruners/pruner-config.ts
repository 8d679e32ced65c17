/**
 * `orch.sweeper.pruner` as the user writes it, for every sweeper (the grid's jobs and a search's
 * trials are pruned alike): a name (`median`, `asha`, `none`) or a mapping with `name` and the
 * pruner's options in snake_case, as Optuna's constructors spell them
 * (`{name: asha, min_resource: 1, reduction_factor: 3}`). One table of option names, one set of
 * errors: bad values are ORCH_SETTING_TYPE, an unknown option ORCH_SETTING_UNKNOWN, as for the
 * other `orch.sweeper.*` keys.
 */
import { didYouMean, OrchError, sentences } from '../../../errors.js';
import { PRUNER_NAMES, type PrunerConfig } from './create.js';

/** Option keys of each pruner: the setting's name -> the pruner's field. */
const OPTIONS: Record<string, Record<string, string>> = {
  median: { n_startup_trials: 'nStartupTrials', n_warmup_steps: 'nWarmupSteps', interval_steps: 'intervalSteps', n_min_trials: 'nMinTrials', percentile: 'percentile' },
  asha: { min_resource: 'minResource', reduction_factor: 'reductionFactor', min_early_stopping_rate: 'minEarlyStoppingRate', bootstrap_count: 'bootstrapCount' },
  none: {},
};

/** The pruner `raw` asks for, or undefined for none (absent, null or `none`). */
export function prunerConfigOf(raw: unknown): PrunerConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  const node = (typeof raw === 'string' ? { name: raw } : raw instanceof Map ? Object.fromEntries(raw) : raw) as Record<string, unknown>;
  const name = node.name;
  if (typeof name !== 'string' || !Object.hasOwn(OPTIONS, name)) {
    throw new OrchError({
      code: 'ORCH_SETTING_TYPE', message: `orch.sweeper.pruner: unknown pruner ${JSON.stringify(name ?? null)}`,
      hint: sentences(typeof name === 'string' ? didYouMean(name, PRUNER_NAMES) : undefined, `Pruners: ${PRUNER_NAMES.join(', ')} (orch.sweeper.pruner=asha, or a mapping {name: asha, min_resource: 1, reduction_factor: 3}).`),
    });
  }
  if (name === 'none') return undefined;
  const fields = OPTIONS[name]!;
  const config: Record<string, unknown> = { name };
  for (const [key, value] of Object.entries(node)) {
    if (key === 'name') continue;
    const field = fields[key];
    if (!field) {
      throw new OrchError({
        code: 'ORCH_SETTING_UNKNOWN', message: `orch.sweeper.pruner.${key}: not a setting of the ${name} pruner`,
        hint: sentences(didYouMean(key, Object.keys(fields)), `Settings of ${name}: ${Object.keys(fields).join(', ')}.`),
      });
    }
    // A null option is the pruner's default (a preset can list every option).
    if (value === null) continue;
    const auto = key === 'min_resource' && value === 'auto';
    if (!auto && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new OrchError({
        code: 'ORCH_SETTING_TYPE', message: `orch.sweeper.pruner.${key}: expected a number >= 0, got ${JSON.stringify(value)}`,
        hint: `Write e.g. orch.sweeper.pruner.${key}=1${key === 'min_resource' ? ' (or auto)' : ''}.`,
      });
    }
    config[field] = value;
  }
  return config as PrunerConfig;
}
