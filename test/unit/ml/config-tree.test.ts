import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeConfig, createConfigRepository, resolveJobConfig } from '../../../src/config/index.js';
import { parseOverride } from '../../../src/overrides/parser.js';
import { toPlain } from '../../../src/value/value.js';
import { parseTrainConfig } from '../../../runs/lib/train-config.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const configDir = join(REPO_ROOT, 'config');

/** The job config train.ts receives for `orch train <overrides>`, composed by orch's own composer. */
function jobConfig(configName: string, overrides: string[]): Record<string, unknown> {
  const repo = createConfigRepository({ configDir });
  const composed = composeConfig(repo, { configName, overrides: overrides.map(parseOverride), mode: 'run' });
  return toPlain(resolveJobConfig(composed.config).config) as Record<string, unknown>;
}

test('train.yaml composes to the defaults: net2, full MNIST, Adam, cosine schedule, seed 0', () => {
  const cfg = parseTrainConfig(jobConfig('train', []));
  assert.equal(cfg.model.name, 'net2');
  assert.equal(cfg.dataset.name, 'mnist');
  assert.equal(cfg.dataset.train_size, null);
  assert.equal(cfg.optimizer.name, 'adam');
  assert.equal(cfg.training.schedule.name, 'cosine');
  assert.equal(cfg.seed, 0);
});

for (const model of ['net2', 'net5', 'linear', 'majority']) {
  test(`model=${model} composes and passes the task's config check`, () => {
    const cfg = parseTrainConfig(jobConfig('train', [`model=${model}`, 'dataset=mnist_small', 'optimizer=sgd', 'seed=3']));
    assert.equal(cfg.model.name, model);
    assert.equal(cfg.dataset.train_size, 2000);
    assert.equal(cfg.dataset.test_size, 500);
    assert.equal(cfg.optimizer.name, 'sgd');
    assert.equal(cfg.seed, 3);
  });
}

test('a model option that does not exist is reported by composition with the available options', () => {
  assert.throws(() => jobConfig('train', ['model=net3']), (err: Error) => /net2/.test(err.message) && /net5/.test(err.message));
});

test('sweep_models is a global-package experiment sweeping 4 models x 5 seeds', () => {
  const text = readFileSync(join(configDir, 'experiment', 'sweep_models.yaml'), 'utf8');
  assert.match(text, /^# @package _global_\n/);
  const repo = createConfigRepository({ configDir });
  const composed = toPlain(composeConfig(repo, { configName: 'train', overrides: [parseOverride('+experiment=sweep_models')], mode: 'multirun' }).config) as {
    orch: { sweeper: { params: Record<string, string> } };
  };
  assert.deepEqual(composed.orch.sweeper.params, { model: 'net2,net5,linear,majority', seed: '0,1,2,3,4' });
});

test('predict.yaml requires model_dir and input', () => {
  const cfg = jobConfig('predict', []);
  assert.equal(cfg.model_dir, '???');
  assert.equal(cfg.input, '???');
});
