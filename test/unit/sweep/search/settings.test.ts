import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchSettingsOf, studyOptionsOf } from '../../../../src/sweep/search/settings.js';
import { searchSpaceOf } from '../../../../src/sweep/search/space.js';
import { SearchError } from '../../../../src/sweep/search/errors.js';
import { OrchError } from '../../../../src/errors.js';
import { parseOverride } from '../../../../src/overrides/index.js';

const tpe = { name: 'tpe', n_trials: 12, metric: 'val.accuracy', direction: 'maximize', seed: 3, n_startup_trials: 4, max_failures: 2, pruner: null, sampler: { n_ei_candidates: 8, multivariate: false, constant_liar: true, prior_weight: 1.0 } };

test('tpe settings become the study settings, sampler keys included', () => {
  const s = searchSettingsOf(tpe);
  assert.deepEqual(s, { sweeper: 'tpe', nTrials: 12, metric: 'val.accuracy', direction: 'maximize', seed: 3, maxFailures: 2,
    tpe: { nStartupTrials: 4, nEiCandidates: 8, multivariate: false, constantLiar: true, priorWeight: 1 } });
  const space = searchSpaceOf({ overrides: ['lr=tag(log, interval(1e-4, 1e-1))', 'model=net2,net5'].map(parseOverride) });
  const o = studyOptionsOf(s, space);
  assert.equal(o.sampler.name, 'tpe');
  assert.equal(o.nTrials, 12);
});

test('a search without a metric, an unknown pruner or sampler key is a typed error naming the key', () => {
  const code = (re: RegExp) => (e: unknown) => e instanceof SearchError && e.code === 'SEARCH_OPTIONS' && re.test(e.message);
  assert.throws(() => searchSettingsOf({ ...tpe, metric: null }), code(/orch\.sweeper\.metric: not set/));
  const setting = (c: string, re: RegExp) => (e: unknown) => e instanceof OrchError && e.code === c && re.test(e.message);
  assert.throws(() => searchSettingsOf({ ...tpe, pruner: 'hyperband' }), (e: unknown) => setting('ORCH_SETTING_TYPE', /unknown pruner "hyperband"/)(e) && /median, asha/.test((e as OrchError).hint ?? ''));
  assert.throws(() => searchSettingsOf({ ...tpe, sampler: { n_ei_candidate: 3 } }), (e: unknown) => code(/sampler\.n_ei_candidate/)(e) && /n_ei_candidates/.test((e as SearchError).hint ?? ''));
  assert.throws(() => searchSettingsOf({ ...tpe, pruner: { name: 'asha', reduction: 3 } }), setting('ORCH_SETTING_UNKNOWN', /pruner\.reduction: not a setting of the asha pruner/));
});

test('a pruner given by name or mapping', () => {
  assert.deepEqual(searchSettingsOf({ ...tpe, pruner: 'median' }).pruner, { name: 'median' });
  assert.deepEqual(searchSettingsOf({ ...tpe, pruner: { name: 'asha', min_resource: 1, reduction_factor: 3 } }).pruner, { name: 'asha', minResource: 1, reductionFactor: 3 });
  assert.equal(searchSettingsOf({ name: 'random', metric: 'loss' }).tpe, undefined);
});
