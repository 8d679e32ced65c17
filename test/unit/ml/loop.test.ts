import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEpochs, type EpochRecord } from '../../../runs/lib/train/loop.js';
import type { TrainingState } from '../../../runs/lib/train/checkpoint.js';
import type { TrainStepper } from '../../../runs/lib/train/stepper.js';
import type { Evaluator } from '../../../runs/lib/train/evaluate.js';
import type { LabelledSet } from '../../../runs/lib/data/dataset.js';
import { createRng } from '../../../runs/lib/rng.js';
import { DivergedError } from '../../../runs/lib/errors.js';

function set(count: number): LabelledSet {
  return { count, featureSize: 2, images: new Uint8Array(count * 2), labels: Uint8Array.from({ length: count }, (_, i) => i % 2), sourceIndex: Uint32Array.from({ length: count }, (_, i) => i) };
}

/** A stepper whose single weight counts its steps, and an evaluator that plays back scripted validation losses. */
function scripted(valLosses: number[], stepLoss = 0.5): { stepper: TrainStepper; evaluator: Evaluator; lrs: number[] } {
  let w = new Float32Array(1);
  const lrs: number[] = [];
  let epoch = 0;
  const stepper: TrainStepper = {
    async step(_b, lr) { lrs.push(lr); w = Float32Array.from([w[0]! + 1]); return { loss: stepLoss, correct: 1 }; },
    params: () => new Map([['w', w]]),
    optimizerState: () => new Map(),
    load() {},
  };
  const evaluator: Evaluator = {
    async probabilities(_p, s) {
      // Probability q of the true class gives loss -log q.
      const q = Math.exp(-valLosses[epoch++]!);
      const out = new Float32Array(s.count * 2);
      for (let i = 0; i < s.count; i++) { out[i * 2 + s.labels[i]!] = q; out[i * 2 + 1 - s.labels[i]!] = 1 - q; }
      return out;
    },
  };
  return { stepper, evaluator, lrs };
}

const start = (): TrainingState => ({
  epochsDone: 0, step: 0, params: new Map([['w', new Float32Array(1)]]), optimizerState: new Map(), best: null,
  epochsWithoutImprovement: 0, stoppedEarly: false, rngState: createRng(0).getState(), trainTimeSec: 0,
});

const base = { batchSize: 4, optimizer: { name: 'sgd' as const, lr: 0.1, momentum: 0 }, minDelta: 0, train: set(10), val: set(4), classes: 2 };

test('early stopping: stops after `patience` epochs without improvement and keeps the best weights', async () => {
  const { stepper, evaluator } = scripted([1.0, 0.8, 0.9, 0.85, 0.7, 0.6]);
  const records: EpochRecord[] = [];
  const end = await runEpochs(start(), { ...base, epochs: 6, schedule: { name: 'constant' }, patience: 2, stepper, evaluator, onEpoch: (r) => records.push(r) });
  assert.deepEqual(records.map((r) => r.epoch), [1, 2, 3, 4]);
  assert.equal(end.stoppedEarly, true);
  assert.equal(end.best?.epoch, 2);
  assert.equal(end.best?.params.get('w')![0], 6); // 3 steps (10 rows / batch 4) per epoch, 2 epochs
  assert.equal(end.params.get('w')![0], 12);
  assert.ok(Math.abs(records[1]!.val_loss - 0.8) < 1e-6);
});

test('patience 0 never stops early', async () => {
  const { stepper, evaluator } = scripted([1, 2, 3]);
  const end = await runEpochs(start(), { ...base, epochs: 3, schedule: { name: 'constant' }, patience: 0, stepper, evaluator, onEpoch: () => {} });
  assert.equal(end.epochsDone, 3);
  assert.equal(end.stoppedEarly, false);
  assert.equal(end.best?.epoch, 1);
});

test('shouldStop stops training at the next epoch boundary (a pruned trial)', async () => {
  const { stepper, evaluator } = scripted([1, 2, 3, 4]);
  let epochs = 0;
  const end = await runEpochs(start(), { ...base, epochs: 4, schedule: { name: 'constant' }, patience: 0, stepper, evaluator, onEpoch: () => { epochs++; }, shouldStop: () => epochs >= 2 });
  assert.equal(end.epochsDone, 2);
});

test('the step schedule sets each epoch\'s rate; resuming recomputes it from the epoch', async () => {
  const { stepper, evaluator, lrs } = scripted([1, 1, 1, 1]);
  const records: EpochRecord[] = [];
  const schedule = { name: 'step' as const, step_size: 2, gamma: 0.5 };
  const resumed = { ...start(), epochsDone: 1 };
  await runEpochs(resumed, { ...base, epochs: 4, schedule, patience: 0, stepper, evaluator, onEpoch: (r) => records.push(r) });
  assert.deepEqual(records.map((r) => [r.epoch, r.lr]), [[2, 0.1], [3, 0.05], [4, 0.05]]);
  assert.equal(lrs.length, 9);
});

test('a NaN training loss throws a DivergedError naming the epoch', async () => {
  const { stepper, evaluator } = scripted([1], Number.NaN);
  await assert.rejects(runEpochs({ ...start(), epochsDone: 2 }, { ...base, epochs: 4, schedule: { name: 'constant' }, patience: 0, stepper, evaluator, onEpoch: () => {} }),
    (err: unknown) => err instanceof DivergedError && /^epoch 3: training loss is NaN at step 1/.test(err.message));
});
