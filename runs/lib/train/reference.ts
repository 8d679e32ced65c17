/**
 * The same MLP training step in plain TypeScript: the reference the ONNX graph is checked against
 * (gradient test) and the baseline of the throughput benchmark. Not used by the task itself.
 * Arithmetic mirrors the graph: mean softmax cross-entropy, ReLU, PyTorch-style momentum SGD and the
 * bias-corrected-learning-rate form of Adam.
 */
import { layerDims, paramSpecs, cloneTensors, type MlpShape, type TensorMap } from '../model/mlp.js';
import { initOptimizerState, type OptimizerConfig } from './optimizer.js';
import type { Batch, StepResult, TrainStepper } from './stepper.js';

export interface ForwardBackward {
  loss: number;
  predictions: Int32Array;
  gradients: TensorMap;
}

/** out[n x k] = a[n x m] · b[m x k] (+ bias), loop order chosen for sequential access. */
function matmul(a: Float32Array, b: Float32Array, n: number, m: number, k: number, bias?: Float32Array): Float32Array {
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    if (bias) out.set(bias, row);
    for (let p = 0; p < m; p++) {
      const av = a[i * m + p]!;
      if (av === 0) continue;
      const brow = p * k;
      for (let j = 0; j < k; j++) out[row + j] += av * b[brow + j]!;
    }
  }
  return out;
}

export function forwardBackward(shape: MlpShape, params: TensorMap, x: Float32Array, yOneHot: Float32Array, n: number): ForwardBackward {
  const dims = layerDims(shape);
  const layers = dims.length - 1;
  const acts: Float32Array[] = [x.subarray(0, n * dims[0]!)];
  let z = acts[0]!;
  for (let l = 0; l < layers; l++) {
    z = matmul(acts[l]!, params.get(`W${l}`)!, n, dims[l]!, dims[l + 1]!, params.get(`b${l}`)!);
    if (l < layers - 1) acts.push(z.map((v) => (v > 0 ? v : 0)));
  }
  const c = shape.classes;
  const dz = new Float32Array(n * c);
  const predictions = new Int32Array(n);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < c; j++) if (z[i * c + j]! > max) { max = z[i * c + j]!; predictions[i] = j; }
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(z[i * c + j]! - max);
    const logSum = Math.log(sum) + max;
    for (let j = 0; j < c; j++) {
      const y = yOneHot[i * c + j]!;
      loss -= y * (z[i * c + j]! - logSum);
      dz[i * c + j] = (Math.exp(z[i * c + j]! - logSum) - y) / n;
    }
  }
  const gradients: TensorMap = new Map();
  let delta = dz;
  for (let l = layers - 1; l >= 0; l--) {
    const fanIn = dims[l]!;
    const fanOut = dims[l + 1]!;
    const a = acts[l]!;
    const gw = new Float32Array(fanIn * fanOut);
    const gb = new Float32Array(fanOut);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < fanOut; j++) gb[j] += delta[i * fanOut + j]!;
      for (let p = 0; p < fanIn; p++) {
        const av = a[i * fanIn + p]!;
        if (av === 0) continue;
        for (let j = 0; j < fanOut; j++) gw[p * fanOut + j] += av * delta[i * fanOut + j]!;
      }
    }
    gradients.set(`W${l}`, gw);
    gradients.set(`b${l}`, gb);
    if (l > 0) {
      const w = params.get(`W${l}`)!;
      const prev = new Float32Array(n * fanIn);
      for (let i = 0; i < n; i++) {
        for (let p = 0; p < fanIn; p++) {
          if (a[i * fanIn + p]! <= 0) continue; // ReLU'(z) = 0 where the activation is 0
          let s = 0;
          for (let j = 0; j < fanOut; j++) s += delta[i * fanOut + j]! * w[p * fanOut + j]!;
          prev[i * fanIn + p] = s;
        }
      }
      delta = prev;
    }
  }
  return { loss: loss / n, predictions, gradients };
}

export function applyUpdate(opt: OptimizerConfig, params: TensorMap, state: TensorMap, gradients: TensorMap, lr: number): void {
  for (const [name, w] of params) {
    const g = gradients.get(name)!;
    if (opt.name === 'sgd') {
      const v = state.get(`${name}.velocity`)!;
      for (let i = 0; i < w.length; i++) { v[i] = opt.momentum * v[i]! + g[i]!; w[i] -= lr * v[i]!; }
    } else {
      const m = state.get(`${name}.m`)!;
      const v = state.get(`${name}.v`)!;
      for (let i = 0; i < w.length; i++) {
        m[i] = opt.beta1 * m[i]! + (1 - opt.beta1) * g[i]!;
        v[i] = opt.beta2 * v[i]! + (1 - opt.beta2) * g[i]! * g[i]!;
        w[i] -= lr * (m[i]! / (Math.sqrt(v[i]!) + opt.eps));
      }
    }
  }
}

export function createReferenceStepper(shape: MlpShape, opt: OptimizerConfig, initial: TensorMap): TrainStepper {
  let params = cloneTensors(initial);
  let state = initOptimizerState(opt, paramSpecs(shape));
  return {
    async step(batch: Batch, lr: number): Promise<StepResult> {
      const fb = forwardBackward(shape, params, batch.x, batch.yOneHot, batch.n);
      applyUpdate(opt, params, state, fb.gradients, lr);
      let correct = 0;
      for (let i = 0; i < batch.n; i++) if (fb.predictions[i] === batch.labels[i]) correct++;
      return { loss: fb.loss, correct };
    },
    params: () => params,
    optimizerState: () => state,
    load(p, s) { params = cloneTensors(p); state = cloneTensors(s); },
  };
}
