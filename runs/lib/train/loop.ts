/**
 * The epoch loop: shuffle, one optimizer step per minibatch, validate, track the best weights for
 * early stopping, report and checkpoint. It starts from any TrainingState, so a fresh run and a
 * resumed one are the same code path.
 */
import { createRngFromState } from '../rng.js';
import { cloneTensors } from '../model/mlp.js';
import { fillFeatures, fillOneHot, type LabelledSet } from '../data/dataset.js';
import { summarize } from '../metrics.js';
import { DivergedError } from '../errors.js';
import { effectiveLearningRate, type OptimizerConfig } from './optimizer.js';
import { learningRateAt, type ScheduleConfig } from './schedule.js';
import type { TrainingState } from './checkpoint.js';
import type { TrainStepper } from './stepper.js';
import type { Evaluator } from './evaluate.js';

export interface EpochRecord {
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  val_loss: number;
  val_accuracy: number;
  lr: number;
  time_sec: number;
  [key: string]: number;
}

export interface LoopOptions {
  epochs: number;
  batchSize: number;
  schedule: ScheduleConfig;
  optimizer: OptimizerConfig;
  patience: number;
  minDelta: number;
  train: LabelledSet;
  val: LabelledSet;
  classes: number;
  stepper: TrainStepper;
  evaluator: Evaluator;
  onEpoch(record: EpochRecord, state: TrainingState): void;
  /** Asked before each epoch: true stops training there (a pruned trial ends at an epoch boundary). */
  shouldStop?: () => boolean;
  now?: () => number;
}

export async function runEpochs(start: TrainingState, o: LoopOptions): Promise<TrainingState> {
  const now = o.now ?? (() => performance.now() / 1000);
  const state: TrainingState = { ...start };
  const rng = createRngFromState(state.rngState);
  const featureSize = o.train.featureSize;
  const x = new Float32Array(o.batchSize * featureSize);
  const yOneHot = new Float32Array(o.batchSize * o.classes);
  const order = new Uint32Array(o.train.count);

  for (let epoch = state.epochsDone; epoch < o.epochs && !state.stoppedEarly && !o.shouldStop?.(); epoch++) {
    const started = now();
    const lr = learningRateAt(o.schedule, o.optimizer.lr, epoch, o.epochs);
    for (let i = 0; i < order.length; i++) order[i] = i;
    rng.shuffle(order);
    let lossSum = 0;
    let correct = 0;
    for (let begin = 0; begin < order.length; begin += o.batchSize) {
      const rows = order.subarray(begin, Math.min(begin + o.batchSize, order.length));
      fillFeatures(o.train, rows, x);
      fillOneHot(o.train, rows, o.classes, yOneHot);
      const labels = Array.from(rows, (r) => o.train.labels[r]!);
      state.step += 1;
      const result = await o.stepper.step({ x, yOneHot, labels, n: rows.length }, effectiveLearningRate(o.optimizer, lr, state.step));
      if (!Number.isFinite(result.loss)) {
        throw new DivergedError({
          message: `epoch ${epoch + 1}: training loss is ${result.loss} at step ${state.step} (batch starting at row ${begin}); training diverged`, hint: `Lower the learning rate (optimizer.lr=${o.optimizer.lr}) or switch optimizer.`,
        });
      }
      lossSum += result.loss * rows.length;
      correct += result.correct;
    }

    const params = o.stepper.params();
    const val = summarize(await o.evaluator.probabilities(params, o.val), o.val.labels, o.classes);
    if (state.best === null || val.loss < state.best.valLoss - o.minDelta) {
      state.best = { epoch: epoch + 1, valLoss: val.loss, params: cloneTensors(params) };
      state.epochsWithoutImprovement = 0;
    } else {
      state.epochsWithoutImprovement += 1;
      state.stoppedEarly = o.patience > 0 && state.epochsWithoutImprovement >= o.patience;
    }
    const timeSec = now() - started;
    state.epochsDone = epoch + 1;
    state.params = params;
    state.optimizerState = o.stepper.optimizerState();
    state.rngState = rng.getState();
    state.trainTimeSec += timeSec;
    o.onEpoch({
      epoch: epoch + 1,
      train_loss: lossSum / order.length,
      train_accuracy: correct / order.length,
      val_loss: val.loss,
      val_accuracy: val.accuracy,
      lr,
      time_sec: timeSec,
    }, state);
  }
  return state;
}
