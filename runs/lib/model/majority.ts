/**
 * The majority-class baseline as a degenerate softmax regression: zero weights and biases equal to
 * the log class frequencies, so the "model" outputs the training prior for every image and predicts
 * the most frequent training class. It reuses the linear graph, evaluation and model.onnx export.
 */
import type { TensorMap } from './mlp.js';

export function majorityParams(labels: ArrayLike<number>, inputSize: number, classes: number): TensorMap {
  const counts = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  const bias = new Float32Array(classes);
  // +1 smoothing keeps a class absent from training finite (log 0 would poison the loss).
  for (let c = 0; c < classes; c++) bias[c] = Math.log((counts[c]! + 1) / (labels.length + classes));
  return new Map([['W0', new Float32Array(inputSize * classes)], ['b0', bias]]);
}
