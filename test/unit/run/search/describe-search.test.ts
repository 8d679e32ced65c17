import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverride } from '../../../../src/overrides/index.js';
import { searchSpaceOf } from '../../../../src/sweep/search/index.js';
import { searchSettingsOf } from '../../../../src/sweep/search/settings.js';
import { describeSearch, distributionText, searchDryRunLines } from '../../../../src/run/search/describe-search.js';

test('describe a search: sampler settings and pruner as orch.sweeper spells them, every parameter with its distribution', () => {
  const settings = searchSettingsOf({ name: 'tpe', n_trials: 12, metric: 'val.accuracy', direction: 'maximize', seed: 4, n_startup_trials: 3,
    pruner: { name: 'asha', min_resource: 1, reduction_factor: 3 } });
  const space = searchSpaceOf({ overrides: ['lr=tag(log, interval(1e-4, 0.1))', 'w=range(32, 513, 32)', 'model=net2,net5', 'seed=0'].map(parseOverride) });
  const d = describeSearch(settings, space);
  assert.equal(d.samplerSettings.n_startup_trials, 3);
  assert.equal(d.pruner, 'asha (min_resource=1, reduction_factor=3)');
  assert.deepEqual(d.space, [
    { key: 'lr', distribution: 'float in [0.0001, 0.1], log scale' },
    { key: 'w', distribution: 'int in [32, 512], step 32' },
    { key: 'model', distribution: 'categorical: net2 | net5' },
  ]);
  assert.deepEqual(d.fixed, ['seed=0']);
  const lines = searchDryRunLines(d, 'local');
  assert.equal(lines[0], '# dry run: tpe search of up to 12 trial(s), launcher local, nothing written');
  assert.match(lines[1]!, /^# objective: maximize val\.accuracy; seed 4; max_failures unlimited; sampler: n_startup_trials=3, /);
  assert.ok(lines.includes('#   w      int in [32, 512], step 32'), lines.join('\n'));
});

test('describe a search: a random search has no sampler settings and may have no pruner; int step 1 is not shown', () => {
  const d = describeSearch(searchSettingsOf({ name: 'random', metric: 'loss' }), searchSpaceOf({ overrides: [parseOverride('k=int(interval(1, 9))')] }));
  assert.deepEqual(d.samplerSettings, {});
  assert.equal(d.pruner, null);
  assert.equal(distributionText({ kind: 'int', low: 1, high: 9, log: false, step: 1 }), 'int in [1, 9]');
  assert.equal(searchDryRunLines(d, 'gpu')[2], '# pruner: none');
});
