import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { DivergedError, TaskConfigError } from '../../../runs/lib/errors.js';
import { makeContext, tempDir, tinyTrainConfig, withoutTimes, train } from './ml-helpers.js';

test('a tiny run writes every artifact and reports nested metrics', async () => {
  const dir = tempDir('train');
  const hooks: (() => void | Promise<void>)[] = [];
  const ctx = makeContext(dir, { onCheckpoint: (hook) => void hooks.push(hook) });
  const metrics = await train(tinyTrainConfig(), ctx);
  assert.equal(hooks.length, 1);
  await hooks[0]!();
  assert.ok(ctx.messages.some((m) => /checkpoint\.ckpt holds the state after epoch 3/.test(m.msg)));
  const test = metrics.test as Record<string, number>;
  assert.ok(test.accuracy! > 0.5 && test.accuracy! <= 1, `test accuracy ${test.accuracy}`);
  assert.equal(typeof test.macro_f1, 'number');
  assert.equal(typeof (metrics.val as Record<string, number>).accuracy, 'number');
  assert.equal(metrics.epochs, 3);
  assert.equal(metrics.parameters, 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10);

  assert.deepEqual(ctx.history().map((r) => r.epoch), [1, 2, 3]);
  for (const key of ['train_loss', 'train_accuracy', 'val_loss', 'val_accuracy', 'lr', 'time_sec']) assert.equal(typeof ctx.history()[0]![key], 'number', key);
  // What a pruner reads: a step, and the metric under metrics.json's name (orch.sweeper.metric=val.accuracy).
  assert.deepEqual(ctx.history().map((r) => r.step), [1, 2, 3]);
  assert.deepEqual(ctx.history().map((r) => (r.val as Record<string, number>).accuracy), ctx.history().map((r) => r.val_accuracy));

  const confusion = JSON.parse(readFileSync(join(dir, 'confusion.json'), 'utf8')) as { matrix: number[][] };
  assert.equal(confusion.matrix.flat().reduce((a, b) => a + b, 0), 200);
  const errors = JSON.parse(readFileSync(join(dir, 'errors.json'), 'utf8')) as { label: number; prediction: number; confidence: number; png: string }[];
  assert.equal(errors.length, 5);
  for (const e of errors) {
    assert.notEqual(e.label, e.prediction);
    assert.ok(existsSync(join(dir, e.png)), e.png);
  }
  assert.deepEqual(errors.map((e) => e.confidence), errors.map((e) => e.confidence).sort((a, b) => b - a));

  const session = await ort.InferenceSession.create(readFileSync(join(dir, 'model.onnx')));
  const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(2 * 784), [2, 784]) });
  assert.deepEqual(out.probabilities!.dims, [2, 10]);
});

test('same config and seed give identical metrics and history on mnist_small; another seed does not', async () => {
  const mnistSmall = { name: 'mnist_small', train_size: 2000, test_size: 500, val_size: 200 };
  const runs = [];
  for (const seed of [5, 5, 6]) {
    const ctx = makeContext(tempDir('det'));
    const metrics = await train(tinyTrainConfig({ seed, dataset: mnistSmall, training: { epochs: 2 } }), ctx);
    runs.push(withoutTimes({ metrics, history: ctx.history() }));
  }
  assert.deepEqual(runs[0], runs[1]);
  assert.notDeepEqual(runs[0], runs[2]);
});

test('a job interrupted after epoch 2 resumes at epoch 3 and ends exactly like an uninterrupted one', async () => {
  const cfg = tinyTrainConfig({ training: { epochs: 4, schedule: { name: 'step', step_size: 1, gamma: 0.7 } } });
  const straight = await train(cfg, makeContext(tempDir('straight')));

  const dir = tempDir('resume');
  const interrupted = makeContext(dir, {
    log: (record) => {
      if (record.epoch === 2) throw new Error('preempted');
      first.push(record);
    },
  });
  const first: Record<string, unknown>[] = [];
  await assert.rejects(train(cfg, interrupted), /preempted/);
  assert.ok(existsSync(join(dir, 'checkpoint.ckpt')));

  const requeued = makeContext(dir, { attempt: 1 });
  const resumed = await train(cfg, requeued);
  assert.deepEqual(first.map((r) => r.epoch), [1]);
  // Epoch 2 was checkpointed before its log line failed, so the requeued job starts at epoch 3.
  assert.deepEqual(requeued.history().map((r) => r.epoch), [3, 4]);
  assert.ok(requeued.messages.some((m) => /resuming from .*checkpoint\.ckpt: 2 epoch\(s\) done/.test(m.msg)));
  assert.deepEqual(withoutTimes(resumed), withoutTimes(straight));
});

test('a checkpoint written for another config is not resumed', async () => {
  const dir = tempDir('other');
  await train(tinyTrainConfig({ training: { epochs: 1 } }), makeContext(dir));
  const ctx = makeContext(dir);
  await train(tinyTrainConfig({ training: { epochs: 1 }, seed: 3 }), ctx);
  assert.ok(ctx.messages.some((m) => m.level === 'warn' && /different config; starting from scratch/.test(m.msg)));
});

test('majority and linear baselines train through the same task', async () => {
  const majority = await train(tinyTrainConfig({ model: { name: 'majority' } }), makeContext(tempDir('maj')));
  assert.equal(majority.epochs, 0);
  assert.equal(majority.parameters, 10);
  const acc = (majority.test as Record<string, number>).accuracy!;
  assert.ok(acc > 0.05 && acc < 0.25, `majority accuracy ${acc}`);
  const linear = await train(tinyTrainConfig({ model: { name: 'linear' }, training: { epochs: 1 } }), makeContext(tempDir('lin')));
  assert.equal(linear.parameters, 7850);
});

test('a diverging run fails with an error naming the epoch', async () => {
  const cfg = tinyTrainConfig({ optimizer: { name: 'sgd', lr: 1e30, momentum: 0.9 }, training: { epochs: 2 } });
  await assert.rejects(train(cfg, makeContext(tempDir('nan'))), (err: unknown) => {
    assert.ok(err instanceof DivergedError);
    assert.match(err.message, /^epoch 1: training loss is (NaN|Infinity)/);
    return true;
  });
});

test('an unknown model name lists the available models', async () => {
  await assert.rejects(train(tinyTrainConfig({ model: { name: 'net3' } }), makeContext(tempDir('unknown'))), (err: unknown) => {
    assert.ok(err instanceof TaskConfigError);
    assert.match(err.message, /model.name="net3": unknown model. Available models: net2, net5, linear, majority. Did you mean net2\?/);
    return true;
  });
});

test('a CUDA device without a usable CUDA runtime falls back to CPU with one notice', async () => {
  const dir = tempDir('cuda');
  const ctx = makeContext(dir, { device: 'cuda:0' });
  const metrics = await train(tinyTrainConfig({ training: { epochs: 1 } }), ctx);
  if (metrics.execution_provider === 'cuda') return; // a machine with a real GPU: nothing to fall back from
  assert.equal(metrics.execution_provider, 'cpu');
  assert.equal(ctx.messages.filter((m) => m.level === 'warn' && /cuda:0 requested/.test(m.msg)).length, 1);
  assert.ok(readdirSync(dir).includes('model.onnx'));
});
