import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeConfig } from '../../../src/config/compose.js';
import { createBuiltinSource } from '../../../src/config/builtin.js';
import { createMemorySource } from '../../../src/config/config-source.js';
import { createRepositoryFromSources } from '../../../src/config/repository.js';
import { toJson, type CfgDict } from '../../../src/value/value.js';
import { ov } from './helpers.js';

// orch's sweeper and launcher presets are appended (`+sweeper=tpe`), not listed in every defaults
// list as Hydra lists hydra/sweeper in hydra/config. So `override /sweeper: tpe` in a config (a
// Hydra project's hparams_search/*.yaml with hydra -> orch) has no entry to override: it selects
// the preset, placed before the primary config as hydra/config is, so the file's own values win.
const PRESET = { 'sweeper/tpe': '# @package orch.sweeper\nname: tpe\ndirection: minimize\nseed: 0\n' };
const PROJECT = {
  train: 'defaults:\n  - _self_\n  - optional search: null\nlr: 0.1\n',
  'search/lr': '# @package _global_\ndefaults:\n  - override /sweeper: tpe\norch:\n  sweeper:\n    direction: maximize\n',
  'search/own': '# @package _global_\ndefaults:\n  - override /cache: redis\n',
  'cache/redis': 'host: r\n',
};
const repo = createRepositoryFromSources([createMemorySource('mem://p', PROJECT), createBuiltinSource(PRESET)]);
const sweeperOf = (...overrides: string[]): unknown =>
  JSON.parse(toJson((composeConfig(repo, { configName: 'train', overrides: ov(...overrides), mode: 'run' }).config.get('orch') as CfgDict).get('sweeper')!));

test("`override /sweeper: X` in a config selects orch's preset X, and the config's own orch.sweeper values win over the preset's", () => {
  assert.deepEqual(sweeperOf('search=lr'), { name: 'tpe', params: null, skip_completed: false, direction: 'maximize', seed: 0 });
});

test('`sweeper=X` without + selects the preset as `+sweeper=X` does; an option that is not orch\'s is still refused as Hydra refuses it', () => {
  assert.deepEqual(sweeperOf('sweeper=tpe'), sweeperOf('+sweeper=tpe'));
  assert.throws(() => sweeperOf('search=own'), /In 'search\/own': Could not override 'cache'\. No match in the defaults list\./);
  assert.throws(() => sweeperOf('sweeper=nope'), /Could not override 'sweeper'\. No match in the defaults list\.\nTo append to your default list use \+sweeper=nope/);
});

test("+sweeper=X on the command line goes before the primary config too: an experiment's orch.sweeper values win whatever the order", () => {
  const exp = { ...PROJECT, 'experiment/max': '# @package _global_\norch:\n  sweeper:\n    direction: maximize\n' };
  const r = createRepositoryFromSources([createMemorySource('mem://p', exp), createBuiltinSource(PRESET)]);
  const of = (...o: string[]): unknown => JSON.parse(toJson((composeConfig(r, { configName: 'train', overrides: ov(...o), mode: 'run' }).config.get('orch') as CfgDict).get('sweeper')!));
  const want = { name: 'tpe', params: null, skip_completed: false, direction: 'maximize', seed: 0 };
  assert.deepEqual(of('+experiment=max', '+sweeper=tpe'), want);
  assert.deepEqual(of('+sweeper=tpe', '+experiment=max'), want);
});
