import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confusionMatrix, macroF1, meanCrossEntropy, mostConfidentErrors, summarize } from '../../../runs/lib/metrics.js';
import { learningRateAt } from '../../../runs/lib/train/schedule.js';
import { createRng, createRngFromState } from '../../../runs/lib/rng.js';
import { effectiveLearningRate } from '../../../runs/lib/train/optimizer.js';
import { majorityParams } from '../../../runs/lib/model/majority.js';

test('confusion matrix, accuracy and macro F1 on a worked example', () => {
  const labels = [0, 0, 1, 1, 2, 2];
  const preds = [0, 1, 1, 1, 2, 0];
  assert.deepEqual(confusionMatrix(labels, preds, 3), [[1, 1, 0], [0, 2, 0], [1, 0, 1]]);
  // F1 per class: 0: 2*1/(2+2)=0.5, 1: 2*2/(2+3)=0.8, 2: 2*1/(2+1)=2/3
  assert.ok(Math.abs(macroF1(confusionMatrix(labels, preds, 3)) - (0.5 + 0.8 + 2 / 3) / 3) < 1e-12);
});

test('summarize and cross-entropy from probabilities', () => {
  const probs = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4]);
  const s = summarize(probs, [0, 1, 1], 2);
  assert.equal(s.accuracy, 2 / 3);
  assert.ok(Math.abs(meanCrossEntropy(probs, [0, 1, 1], 2) - -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3) < 1e-6);
  assert.ok(Number.isFinite(meanCrossEntropy(Float32Array.from([1, 0]), [1], 2)));
});

test('most confident errors come first and exclude correct predictions', () => {
  const probs = Float32Array.from([0.9, 0.1, 0.3, 0.7, 0.05, 0.95, 0.6, 0.4]);
  const errors = mostConfidentErrors(probs, [0, 0, 0, 1], 2, 5);
  assert.deepEqual(errors.map((e) => e.index), [2, 1, 3]);
  assert.deepEqual(errors.map((e) => e.prediction), [1, 1, 0]);
});

test('cosine and step schedules', () => {
  assert.equal(learningRateAt({ name: 'cosine', min_lr: 0 }, 1, 0, 4), 1);
  assert.ok(Math.abs(learningRateAt({ name: 'cosine', min_lr: 0 }, 1, 2, 4) - 0.5) < 1e-12);
  assert.ok(learningRateAt({ name: 'cosine', min_lr: 0.1 }, 1, 3, 4) > 0.1);
  assert.deepEqual([0, 1, 2, 3, 4].map((e) => learningRateAt({ name: 'step', step_size: 2, gamma: 0.1 }, 1, e, 5)), [1, 1, 0.1, 0.1, 0.010000000000000002]);
});

test('Adam bias correction is folded into the learning-rate input', () => {
  const adam = { name: 'adam' as const, lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  assert.ok(Math.abs(effectiveLearningRate(adam, 0.1, 1) - (0.1 * Math.sqrt(0.001)) / 0.1) < 1e-12);
  assert.equal(effectiveLearningRate({ name: 'sgd', lr: 0.1, momentum: 0.9 }, 0.05, 7), 0.05);
});

test('the PRNG is reproducible, resumable from its state, and streams differ', () => {
  const a = createRng(42, 'shuffle');
  const first = [a.nextUint32(), a.nextUint32()];
  const state = a.getState();
  const rest = [a.nextUint32(), a.nextFloat(), a.normal()];
  const b = createRng(42, 'shuffle');
  assert.deepEqual([b.nextUint32(), b.nextUint32()], first);
  const c = createRngFromState(state);
  assert.deepEqual([c.nextUint32(), c.nextFloat(), c.normal()], rest);
  assert.notEqual(createRng(42, 'init').nextUint32(), first[0]);
  const order = Array.from({ length: 20 }, (_, i) => i);
  createRng(1).shuffle(order);
  assert.deepEqual([...order].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
  assert.notDeepEqual(order, Array.from({ length: 20 }, (_, i) => i));
});

test('the majority baseline puts the largest bias on the most frequent class', () => {
  const p = majorityParams([3, 3, 1, 3, 0], 4, 5);
  const b = [...p.get('b0')!];
  assert.equal(b.indexOf(Math.max(...b)), 3);
  assert.ok(p.get('W0')!.every((w) => w === 0));
  assert.ok(b.every(Number.isFinite));
});
