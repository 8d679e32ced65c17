import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrchError } from '../../../../src/errors.js';
import { prunerConfigOf } from '../../../../src/sweep/search/pruners/pruner-config.js';
import { searchSettingsOf } from '../../../../src/sweep/search/settings.js';
import { prunerSettingsOf } from '../../../../src/run/pruning/pruner-settings.js';

const search = (pruner: unknown) => searchSettingsOf({ name: 'tpe', metric: 'loss', pruner }).pruner;
const grid = (pruner: unknown) => prunerSettingsOf({ metric: 'loss', pruner })?.config;
const caught = (f: () => unknown): OrchError => {
  try { f(); } catch (e) { assert.ok(e instanceof OrchError, String(e)); return e; }
  return assert.fail('no error');
};

test('pruner settings: a name or a mapping, snake_case options to the pruner fields; null options skipped; none is no pruner', () => {
  assert.deepEqual(prunerConfigOf('median'), { name: 'median' });
  assert.deepEqual(prunerConfigOf({ name: 'asha', min_resource: 'auto', reduction_factor: 3, bootstrap_count: null }), { name: 'asha', minResource: 'auto', reductionFactor: 3 });
  assert.deepEqual(prunerConfigOf(new Map<string, unknown>([['name', 'median'], ['n_warmup_steps', 2]])), { name: 'median', nWarmupSteps: 2 });
  for (const none of [undefined, null, 'none', { name: 'none' }]) assert.equal(prunerConfigOf(none), undefined);
});

/** [what, pruner setting, code, message, hint] */
const bad: Array<[string, unknown, string, RegExp, RegExp]> = [
  ['unknown name', 'hyperbnd', 'ORCH_SETTING_TYPE', /orch\.sweeper\.pruner: unknown pruner "hyperbnd"/, /Pruners: median, asha, none/],
  ['unknown name, close to one', 'ashа', 'ORCH_SETTING_TYPE', /unknown pruner/, /Did you mean asha\?/],
  ['mapping without a name', { min_resource: 1 }, 'ORCH_SETTING_TYPE', /unknown pruner null/, /Pruners:/],
  ['unknown option', { name: 'asha', reduction_facto: 3 }, 'ORCH_SETTING_UNKNOWN', /orch\.sweeper\.pruner\.reduction_facto: not a setting of the asha pruner/, /Did you mean reduction_factor\?/],
  ['option of the other pruner', { name: 'median', min_resource: 1 }, 'ORCH_SETTING_UNKNOWN', /min_resource: not a setting of the median pruner/, /n_warmup_steps/],
  ['a string option', { name: 'median', n_warmup_steps: 'x' }, 'ORCH_SETTING_TYPE', /n_warmup_steps: expected a number >= 0, got "x"/, /n_warmup_steps=1/],
  ['a negative option', { name: 'asha', reduction_factor: -2 }, 'ORCH_SETTING_TYPE', /reduction_factor: expected a number >= 0, got -2/, /reduction_factor=1/],
];
for (const [what, setting, code, message, hint] of bad) {
  test(`pruner settings: ${what} is the same typed error for a grid and for a search`, () => {
    for (const e of [caught(() => grid(setting)), caught(() => search(setting))]) {
      assert.equal(e.code, code);
      assert.match(e.message, message);
      assert.match(e.hint ?? '', hint);
    }
  });
}

test('pruner settings: a grid and a search read the same pruner from the same setting', () => {
  const setting = { name: 'asha', min_resource: 2, reduction_factor: 4, min_early_stopping_rate: 0 };
  assert.deepEqual(grid(setting), search(setting));
});
