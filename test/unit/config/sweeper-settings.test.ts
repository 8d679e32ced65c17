import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSweeperSettings, SWEEPER_KEYS } from '../../../src/config/sweeper-settings.js';
import { OrchSettingError } from '../../../src/config/errors.js';

test("the search sweepers' keys are accepted with their types; others are errors", () => {
  for (const k of ['n_trials', 'metric', 'direction', 'seed', 'n_startup_trials', 'max_failures', 'pruner', 'params', 'skip_completed', 'name']) assert.ok(SWEEPER_KEYS.includes(k), k);
  checkSweeperSettings({ name: 'tpe', n_trials: 60, metric: 'val.accuracy', direction: 'maximize', seed: 0, n_startup_trials: 10, max_failures: 3, pruner: 'asha', params: null, skip_completed: true });
  checkSweeperSettings(new Map<string, unknown>([['name', 'random'], ['pruner', new Map([['name', 'median']])]]));
  assert.throws(() => checkSweeperSettings({ name: 'optuna' }), (e: unknown) => e instanceof OrchSettingError && e.code === 'ORCH_SETTING_TYPE');
  assert.throws(() => checkSweeperSettings({ metrc: 'x' }), (e: unknown) => e instanceof OrchSettingError && /Did you mean orch\.sweeper\.metric\?/.test(e.hint ?? ''));
  assert.throws(() => checkSweeperSettings({ skip_completed: 'yes' }), /true or false/);
});
