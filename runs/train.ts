/**
 * The example task: train one model on MNIST and report validation and test metrics.
 *   orch train model=net5 optimizer=sgd            (one job)
 *   orch train -m +experiment=sweep_models         (4 models x 5 seeds)
 * Writes, next to metrics.json: history.jsonl (one line per epoch, via ctx.log), checkpoint.ckpt
 * (each epoch; a requeued job resumes from it), model.onnx + model.json, confusion.json, errors.json
 * and errors/*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Metrics, TaskContext } from '../src/task/types.js';
import { parseTrainConfig, type TrainConfig } from './lib/train-config.js';
import { loadMnist } from './lib/data/mnist.js';
import { countParameters, initParams, paramSpecs, type MlpShape } from './lib/model/mlp.js';
import { mlpShape } from './lib/model/registry.js';
import { majorityParams } from './lib/model/majority.js';
import { createRng } from './lib/rng.js';
import { createSessionFactory, type SessionFactory } from './lib/onnx/session.js';
import { createOnnxStepper } from './lib/train/onnx-stepper.js';
import { createOnnxEvaluator, type Evaluator } from './lib/train/evaluate.js';
import { initOptimizerState } from './lib/train/optimizer.js';
import { CHECKPOINT_FILE, loadCheckpoint, saveCheckpoint, type TrainingState } from './lib/train/checkpoint.js';
import { runEpochs } from './lib/train/loop.js';
import { summarize } from './lib/metrics.js';
import { writeConfusion, writeErrors, writeModel } from './lib/artifacts.js';
import { PIXEL_MEAN, PIXEL_STD, type DatasetSplits } from './lib/data/dataset.js';

export default async function train(rawCfg: unknown, ctx: TaskContext): Promise<Metrics> {
  const cfg = parseTrainConfig(rawCfg);
  mkdirSync(ctx.outputDir, { recursive: true });
  const data = await loadMnist(cfg.dataset, cfg.seed);
  const shape = mlpShape(cfg.model.kind, cfg.model.width, data.train.featureSize, data.classes);
  const sessions = createSessionFactory(ctx.device, ctx.logger);
  const evaluator = await createOnnxEvaluator(shape, cfg.training.eval_batch_size, sessions);
  ctx.logger.info(`${cfg.model.name} (${parameterCount(cfg, shape)} parameters) on ${data.train.count} train / ${data.val.count} val / ${data.test.count} test images, ${sessions.provider()}`);

  const state = cfg.model.kind.kind === 'majority' ? fitMajority(cfg, data, shape) : await fitMlp(cfg, data, shape, sessions, evaluator, ctx);
  const finalParams = state.best?.params ?? state.params;

  const val = summarize(await evaluator.probabilities(finalParams, data.val), data.val.labels, data.classes);
  const testProbs = await evaluator.probabilities(finalParams, data.test);
  const test = summarize(testProbs, data.test.labels, data.classes);
  writeModel(ctx.outputDir, shape, finalParams, {
    model: cfg.model.name,
    layers: [shape.inputSize, ...shape.hidden, shape.classes],
    input: { name: 'input', shape: ['N', shape.inputSize], values: 'pixel / 255 (0 = black background, 1 = white ink), row-major', image: data.imageShape, standardization_in_graph: { mean: PIXEL_MEAN, std: PIXEL_STD } },
    output: { name: 'probabilities', shape: ['N', shape.classes] },
    best_epoch: state.best?.epoch ?? 0,
  });
  writeConfusion(ctx.outputDir, test.confusion);
  writeErrors(ctx.outputDir, data.test, testProbs, data.classes, cfg.training.errors_to_save, data.imageShape);

  return {
    val: { accuracy: val.accuracy, loss: val.loss, macro_f1: val.macro_f1 },
    test: { accuracy: test.accuracy, macro_f1: test.macro_f1, loss: test.loss },
    epochs: state.epochsDone,
    best_epoch: state.best?.epoch ?? 0,
    stopped_early: state.stoppedEarly ? 1 : 0,
    train_time_sec: state.trainTimeSec,
    parameters: parameterCount(cfg, shape),
    execution_provider: sessions.provider(),
  };
}

/** Fitted numbers: the majority baseline fits only the class prior. */
function parameterCount(cfg: TrainConfig, shape: MlpShape): number {
  return cfg.model.kind.kind === 'majority' ? shape.classes : countParameters(shape);
}

function fitMajority(cfg: TrainConfig, data: DatasetSplits, shape: MlpShape): TrainingState {
  const params = majorityParams(data.train.labels, shape.inputSize, shape.classes);
  return {
    epochsDone: 0, step: 0, params, optimizerState: new Map(), best: null,
    epochsWithoutImprovement: 0, stoppedEarly: false, rngState: createRng(cfg.seed, 'shuffle').getState(), trainTimeSec: 0,
  };
}

/** Everything that changes what training computes; a checkpoint from another config is not resumed. */
function fingerprintOf(cfg: TrainConfig): string {
  const { errors_to_save: _e, eval_batch_size: _b, ...training } = cfg.training;
  return JSON.stringify({ model: { name: cfg.model.name, width: cfg.model.width }, dataset: cfg.dataset, optimizer: cfg.optimizer, training, seed: cfg.seed });
}

async function fitMlp(cfg: TrainConfig, data: DatasetSplits, shape: MlpShape, sessions: SessionFactory, evaluator: Evaluator, ctx: TaskContext): Promise<TrainingState> {
  const checkpointPath = join(ctx.outputDir, CHECKPOINT_FILE);
  const fingerprint = fingerprintOf(cfg);
  const initial = initParams(shape, createRng(cfg.seed, 'init'));
  let state: TrainingState = {
    epochsDone: 0, step: 0, params: initial, optimizerState: initOptimizerState(cfg.optimizer, paramSpecs(shape)), best: null,
    epochsWithoutImprovement: 0, stoppedEarly: false, rngState: createRng(cfg.seed, 'shuffle').getState(), trainTimeSec: 0,
  };
  const saved = loadCheckpoint(checkpointPath);
  if (saved && saved.fingerprint === fingerprint) {
    state = saved.state;
    ctx.logger.info(`resuming from ${checkpointPath}: ${state.epochsDone} epoch(s) done`);
  } else if (saved) {
    ctx.logger.warn(`${checkpointPath} was written for a different config; starting from scratch`);
  }
  const stepper = await createOnnxStepper(shape, cfg.optimizer, state.params, sessions);
  stepper.load(state.params, state.optimizerState);
  ctx.onCheckpoint(() => {
    // Every finished epoch is already on disk; a preempted job loses at most the epoch in progress.
    ctx.logger.info(`checkpoint: ${checkpointPath} holds the state after epoch ${state.epochsDone}`);
  });
  const t = cfg.training;
  return runEpochs(state, {
    epochs: t.epochs, batchSize: t.batch_size, schedule: t.schedule, optimizer: cfg.optimizer,
    patience: t.early_stopping.patience, minDelta: t.early_stopping.min_delta,
    train: data.train, val: data.val, classes: data.classes, stepper, evaluator,
    onEpoch(record, next) {
      // Checkpoint before logging: a job killed in between re-logs nothing when it resumes.
      state = next;
      saveCheckpoint(checkpointPath, next, fingerprint);
      ctx.log(record);
      ctx.logger.info(`epoch ${record.epoch}/${t.epochs}: train_loss ${record.train_loss.toFixed(4)} val_loss ${record.val_loss.toFixed(4)} val_acc ${record.val_accuracy.toFixed(4)} (${record.time_sec.toFixed(1)} s)`);
    },
  });
}
