/**
 * What the epoch loop needs from a training backend: one optimizer step per minibatch and access to
 * the weights and optimizer state (for checkpoints and early stopping). Two backends implement it:
 * the ONNX Runtime train-step graph (the real one) and plain TypeScript (reference for tests/bench).
 */
import type { TensorMap } from '../model/mlp.js';

export interface Batch {
  /** n x inputSize standardized pixels. */
  x: Float32Array;
  /** n x classes one-hot labels. */
  yOneHot: Float32Array;
  labels: ArrayLike<number>;
  n: number;
}
export interface StepResult {
  loss: number;
  correct: number;
}
export interface TrainStepper {
  /** Runs one optimizer step with the given (already bias-corrected) learning rate. */
  step(batch: Batch, lr: number): Promise<StepResult>;
  params(): TensorMap;
  optimizerState(): TensorMap;
  /** Replaces weights and optimizer state (resume from a checkpoint). */
  load(params: TensorMap, state: TensorMap): void;
}
