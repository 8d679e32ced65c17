import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfigRepository } from '../../../../src/config/index.js';
import { orchPresetSources } from '../../../../src/config/builtin.js';
import { composeConfig } from '../../../../src/config/compose.js';
import { parseOverride } from '../../../../src/overrides/index.js';
import { toPlain, type CfgDict } from '../../../../src/value/value.js';
import { searchSettingsOf } from '../../../../src/sweep/search/settings.js';
import { composeJobs } from '../../../../src/plan/compose-jobs.js';
import { SweepError } from '../../../../src/sweep/errors.js';

function repo() {
  const dir = mkdtempSync(join(tmpdir(), 'orch-presets-'));
  mkdirSync(join(dir, 'config'));
  return createConfigRepository({ configDir: join(dir, 'config'), extraSources: orchPresetSources() });
}

test('+sweeper=tpe / +sweeper=random presets; orch.sweeper.* is set without +', () => {
  for (const name of ['tpe', 'random']) {
    const overrides = [`+sweeper=${name}`, 'orch.sweeper.metric=val.accuracy', 'orch.sweeper.n_trials=5', 'lr=interval(0,1)'].map(parseOverride);
    const r = composeConfig(repo(), { configName: null, overrides, mode: 'multirun' });
    const node = toPlain((r.config.get('orch') as CfgDict).get('sweeper') as CfgDict) as Record<string, unknown>;
    const s = searchSettingsOf(node);
    assert.equal(s.sweeper, name);
    assert.equal(s.nTrials, 5);
    assert.equal(s.metric, 'val.accuracy');
    if (name === 'tpe') assert.equal(s.tpe?.nStartupTrials, 10);
  }
});

test('a search sweeper is never expanded as a grid of its choices', () => {
  assert.throws(() => composeJobs(repo(), { configName: null, overrides: ['+sweeper=tpe', 'orch.sweeper.metric=m', '+a=1,2'], multirun: true }),
    (e: unknown) => e instanceof SweepError && e.code === 'SWEEP_SEARCH_NOT_RUNNABLE');
  assert.equal(composeJobs(repo(), { configName: null, overrides: ['+a=1,2'], multirun: true }).length, 2);
});
