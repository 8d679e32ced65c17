/**
 * The two ONNX graphs an MLP needs:
 * - inference: X [N, in] -> probabilities [N, classes] (weights as initializers for `model.onnx`, or
 *   as inputs so one session can evaluate the weights of any epoch);
 * - train step: forward, mean softmax cross-entropy, a hand-written backward pass and the optimizer
 *   update. Weights and optimizer state come in as inputs and leave as `<name>.next` outputs; the
 *   learning rate is an input, so one session serves every step of every epoch.
 */
import { createGraphBuilder, type GraphBuilder } from './graph-builder.js';
import type { ModelSpec } from './writer.js';
import { layerDims, paramSpecs, type MlpShape, type TensorMap } from '../model/mlp.js';
import { stateNames, type OptimizerConfig } from '../train/optimizer.js';

export const INPUT = 'input';
export const PROBABILITIES = 'probabilities';
export const LABELS_ONE_HOT = 'labels_one_hot';
export const LEARNING_RATE = 'learning_rate';
export const LOSS = 'loss';
export const PREDICTIONS = 'predictions';
export const next = (name: string): string => `${name}.next`;
export const grad = (name: string): string => `${name}.grad`;

interface Forward {
  /** activations[i] is layer i's input: activations[0] = X, then each ReLU output. */
  activations: string[];
  logits: string;
}

function forward(g: GraphBuilder, x: string, layers: number): Forward {
  const activations = [x];
  let h = x;
  for (let i = 0; i < layers; i++) {
    const z = g.op('Gemm', [h, `W${i}`, `b${i}`]);
    if (i === layers - 1) return { activations, logits: z };
    h = g.op('Relu', [z]);
    activations.push(h);
  }
  throw new Error('an MLP needs at least one layer');
}

/** x·scale - shift applied inside the graph, so an exported model takes raw features. */
export interface InputNormalization {
  scale: number;
  shift: number;
}

export function buildInferenceModel(shape: MlpShape, weights?: TensorMap, normalization?: InputNormalization): ModelSpec {
  const g = createGraphBuilder();
  const raw = g.input(INPUT, 'float', ['N', shape.inputSize]);
  const x = normalization ? g.op('Sub', [g.op('Mul', [raw, g.constFloat([normalization.scale])]), g.constFloat([normalization.shift])]) : raw;
  for (const spec of paramSpecs(shape)) {
    const data = weights?.get(spec.name);
    if (data) g.initializer({ name: spec.name, type: 'float', dims: spec.dims, data });
    else g.input(spec.name, 'float', spec.dims);
  }
  const { logits } = forward(g, x, layerDims(shape).length - 1);
  g.output(g.op('Softmax', [logits], { axis: 1 }), PROBABILITIES, 'float', ['N', shape.classes]);
  return { graph: g.build('mlp_inference'), docString: `MLP ${layerDims(shape).join('-')}: input [N,${shape.inputSize}] float -> probabilities` };
}

export interface TrainStepOptions {
  /** Also output every parameter gradient as `<name>.grad` (for the gradient check). */
  emitGradients?: boolean;
}

export function buildTrainStepModel(shape: MlpShape, opt: OptimizerConfig, options: TrainStepOptions = {}): ModelSpec {
  const g = createGraphBuilder();
  const specs = paramSpecs(shape);
  const layers = layerDims(shape).length - 1;
  const x = g.input(INPUT, 'float', ['N', shape.inputSize]);
  const y = g.input(LABELS_ONE_HOT, 'float', ['N', shape.classes]);
  const lr = g.input(LEARNING_RATE, 'float', [1]);
  for (const s of specs) g.input(s.name, 'float', s.dims);
  for (const name of stateNames(opt, specs)) g.input(name, 'float', specs.find((s) => name.startsWith(`${s.name}.`))!.dims);

  const { activations, logits } = forward(g, x, layers);
  const logProbs = g.op('LogSoftmax', [logits], { axis: 1 });
  // 1/N from the batch's own shape, so the last (smaller) batch of an epoch needs no other graph.
  const invN = g.op('Reciprocal', [g.op('Cast', [g.op('Shape', [x], { start: 0, end: 1 })], { to: 1 })]);
  const sumLogLik = g.op('ReduceSum', [g.op('Mul', [y, logProbs])], { keepdims: 0 });
  g.output(g.op('Mul', [sumLogLik, g.op('Neg', [invN])]), LOSS, 'float', [1]);
  g.output(g.op('ArgMax', [logits], { axis: 1, keepdims: 0 }), PREDICTIONS, 'int64', ['N']);

  // Backward: d(mean CE)/d(logits) = (softmax - onehot) / N, then layer by layer.
  const gradients = new Map<string, string>();
  const axis0 = g.constInt64([0]);
  let dz = g.op('Mul', [g.op('Sub', [g.op('Exp', [logProbs]), y]), invN]);
  for (let i = layers - 1; i >= 0; i--) {
    gradients.set(`W${i}`, g.op('Gemm', [activations[i]!, dz], { transA: 1 }));
    gradients.set(`b${i}`, g.op('ReduceSum', [dz, axis0], { keepdims: 0 }));
    if (i > 0) {
      const dActivation = g.op('Gemm', [dz, `W${i}`], { transB: 1 });
      // ReLU'(z) is 1 where the ReLU output is positive: Sign of a non-negative tensor is that mask.
      dz = g.op('Mul', [dActivation, g.op('Sign', [activations[i]!])]);
    }
  }

  for (const s of specs) {
    const gradient = gradients.get(s.name)!;
    if (options.emitGradients) g.output(gradient, grad(s.name), 'float', s.dims);
    for (const [stateName, value] of optimizerUpdate(g, opt, s.name, gradient, lr)) g.output(value, next(stateName), 'float', s.dims);
  }
  return { graph: g.build(`mlp_train_step_${opt.name}`) };
}

/** Returns [tensor name, updated value] for the parameter and each of its optimizer state slots. */
function optimizerUpdate(g: GraphBuilder, opt: OptimizerConfig, param: string, gradient: string, lr: string): [string, string][] {
  if (opt.name === 'sgd') {
    // PyTorch's form: v <- momentum·v + g; w <- w - lr·v.
    const velocity = g.op('Add', [g.op('Mul', [`${param}.velocity`, g.constFloat([opt.momentum])]), gradient]);
    return [[param, g.op('Sub', [param, g.op('Mul', [velocity, lr])])], [`${param}.velocity`, velocity]];
  }
  const m = g.op('Add', [
    g.op('Mul', [`${param}.m`, g.constFloat([opt.beta1])]),
    g.op('Mul', [gradient, g.constFloat([1 - opt.beta1])]),
  ]);
  const v = g.op('Add', [
    g.op('Mul', [`${param}.v`, g.constFloat([opt.beta2])]),
    g.op('Mul', [g.op('Mul', [gradient, gradient]), g.constFloat([1 - opt.beta2])]),
  ]);
  const step = g.op('Div', [m, g.op('Add', [g.op('Sqrt', [v]), g.constFloat([opt.eps])])]);
  return [[param, g.op('Sub', [param, g.op('Mul', [step, lr])])], [`${param}.m`, m], [`${param}.v`, v]];
}
