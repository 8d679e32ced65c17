/**
 * The keys of `orch.sweeper.*` and what each takes. The basic (grid) sweeper reads `name` and
 * `params`; the other keys belong to the search sweepers (random, tpe) and are checked here so a typo
 * fails before anything runs, whichever sweeper reads them. A new sweeper adds its keys to SETTINGS.
 */
import { OrchSettingError } from './errors.js';
import { didYouMean, sentences } from '../errors.js';

export const SWEEPER_NAMES = ['basic', 'random', 'tpe'] as const;

type Check = (v: unknown) => string | undefined;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const nullable = (check: Check): Check => (v) => (v === null ? undefined : check(v));
const oneOf = (values: readonly string[]): Check => (v) => (typeof v === 'string' && values.includes(v) ? undefined : `one of ${values.join(', ')}`);
const intAtLeast = (min: number): Check => (v) => (isInt(v) && v >= min ? undefined : `an integer >= ${min}`);

const SETTINGS: Record<string, Check> = {
  name: oneOf(SWEEPER_NAMES),
  params: nullable((v) => (v instanceof Map || (typeof v === 'object' && !Array.isArray(v)) ? undefined : 'a mapping of key: sweep')),
  n_trials: nullable(intAtLeast(1)),
  metric: nullable((v) => (typeof v === 'string' && v !== '' ? undefined : 'a key path into the metrics, e.g. val.accuracy')),
  direction: nullable(oneOf(['minimize', 'maximize'])),
  seed: nullable((v) => (isInt(v) ? undefined : 'an integer')),
  n_startup_trials: nullable(intAtLeast(0)),
  max_failures: nullable(intAtLeast(0)),
  pruner: nullable((v) => (typeof v === 'string' || v instanceof Map || (typeof v === 'object' && !Array.isArray(v)) ? undefined : 'a pruner name (median, asha) or a mapping')),
  sampler: nullable((v) => (v instanceof Map || (typeof v === 'object' && !Array.isArray(v)) ? undefined : 'a mapping of sampler settings (n_ei_candidates, multivariate, constant_liar, prior_weight)')),
  skip_completed: nullable((v) => (typeof v === 'boolean' ? undefined : 'true or false')),
};

export const SWEEPER_KEYS = Object.keys(SETTINGS);

/** Throws on the first unknown or ill-typed key of a resolved `orch.sweeper` node. */
export function checkSweeperSettings(settings: ReadonlyMap<string, unknown> | Record<string, unknown>): void {
  const entries = settings instanceof Map ? [...settings] : Object.entries(settings);
  for (const [key, value] of entries) {
    const check = SETTINGS[key];
    if (!check) {
      throw new OrchSettingError({
        code: 'ORCH_SETTING_UNKNOWN', message: `orch.sweeper.${key}: not a sweeper setting`,
        hint: sentences(didYouMean(key, SWEEPER_KEYS, (near) => `orch.sweeper.${near}`), `Sweeper settings: ${SWEEPER_KEYS.join(', ')}.`),
      });
    }
    const expected = check(value);
    if (expected !== undefined) {
      throw new OrchSettingError({
        code: 'ORCH_SETTING_TYPE', message: `orch.sweeper.${key}: expected ${expected}, got ${JSON.stringify(value instanceof Map ? Object.fromEntries(value) : value)}`,
        hint: key === 'name' ? `Select a sweeper with +sweeper=NAME or orch.sweeper.name=NAME (${SWEEPER_NAMES.join(', ')}).` : undefined,
      });
    }
  }
}
