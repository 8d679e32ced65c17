import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { encodeModel } from '../../../runs/lib/onnx/writer.js';
import { buildTrainStepModel, grad, next } from '../../../runs/lib/onnx/mlp-graphs.js';
import { createSessionFactory } from '../../../runs/lib/onnx/session.js';
import { initParams, layerDims, paramSpecs, type MlpShape, type TensorMap } from '../../../runs/lib/model/mlp.js';
import { initOptimizerState, type OptimizerConfig } from '../../../runs/lib/train/optimizer.js';
import { forwardBackward, createReferenceStepper } from '../../../runs/lib/train/reference.js';
import { createOnnxStepper } from '../../../runs/lib/train/onnx-stepper.js';
import { createRng } from '../../../runs/lib/rng.js';

const shape: MlpShape = { inputSize: 6, hidden: [5, 4], classes: 3 };
const N = 5;
const silent = { info() {}, warn() {} };

function batch(seed: number): { x: Float32Array; y: Float32Array; labels: number[] } {
  const rng = createRng(seed, 'batch');
  const x = Float32Array.from({ length: N * shape.inputSize }, () => rng.normal());
  const labels = Array.from({ length: N }, () => rng.nextInt(shape.classes));
  const y = new Float32Array(N * shape.classes);
  labels.forEach((l, i) => (y[i * shape.classes + l] = 1));
  return { x, y, labels };
}

/** Mean softmax cross-entropy in float64, independent of both implementations under test. */
function loss64(params: Map<string, Float64Array>, x: Float32Array, y: Float32Array): number {
  const dims = layerDims(shape);
  let total = 0;
  for (let i = 0; i < N; i++) {
    let h = Array.from(x.subarray(i * dims[0]!, (i + 1) * dims[0]!));
    for (let l = 0; l + 1 < dims.length; l++) {
      const w = params.get(`W${l}`)!;
      const b = params.get(`b${l}`)!;
      const z = Array.from({ length: dims[l + 1]! }, (_, j) => h.reduce((s, v, p) => s + v * w[p * dims[l + 1]! + j]!, b[j]!));
      h = l + 2 < dims.length ? z.map((v) => Math.max(v, 0)) : z;
    }
    const max = Math.max(...h);
    const logSum = Math.log(h.reduce((s, v) => s + Math.exp(v - max), 0)) + max;
    h.forEach((v, j) => (total -= y[i * shape.classes + j]! * (v - logSum)));
  }
  return total / N;
}

async function onnxGradients(params: TensorMap, x: Float32Array, y: Float32Array): Promise<{ loss: number; gradients: TensorMap }> {
  const opt: OptimizerConfig = { name: 'sgd', lr: 0, momentum: 0 };
  const session = await ort.InferenceSession.create(encodeModel(buildTrainStepModel(shape, opt, { emitGradients: true })), { intraOpNumThreads: 1 });
  const specs = paramSpecs(shape);
  const feeds: Record<string, ort.Tensor> = {
    input: new ort.Tensor('float32', x, [N, shape.inputSize]),
    labels_one_hot: new ort.Tensor('float32', y, [N, shape.classes]),
    learning_rate: new ort.Tensor('float32', Float32Array.from([0]), [1]),
  };
  for (const s of specs) feeds[s.name] = new ort.Tensor('float32', params.get(s.name)!, s.dims);
  for (const [name, v] of initOptimizerState(opt, specs)) feeds[name] = new ort.Tensor('float32', v, specs.find((s) => name.startsWith(`${s.name}.`))!.dims);
  const out = await session.run(feeds);
  // lr = 0: the update must leave the weights as they were.
  assert.deepEqual([...(out[next('W0')]!.data as Float32Array)], [...params.get('W0')!]);
  return { loss: (out.loss!.data as Float32Array)[0]!, gradients: new Map(specs.map((s) => [s.name, out[grad(s.name)]!.data as Float32Array])) };
}

test('train-step graph gradients match central finite differences of the loss', async () => {
  const params = initParams(shape, createRng(7, 'init'));
  const { x, y } = batch(1);
  const { loss, gradients } = await onnxGradients(params, x, y);
  const p64 = new Map([...params].map(([k, v]) => [k, Float64Array.from(v)]));
  assert.ok(Math.abs(loss - loss64(p64, x, y)) < 1e-5);
  const h = 1e-5;
  let checked = 0;
  for (const [name, values] of p64) {
    const g = gradients.get(name)!;
    for (let i = 0; i < values.length; i++) {
      const original = values[i]!;
      values[i] = original + h;
      const up = loss64(p64, x, y);
      values[i] = original - h;
      const down = loss64(p64, x, y);
      values[i] = original;
      const numeric = (up - down) / (2 * h);
      assert.ok(Math.abs(g[i]! - numeric) <= 2e-5 + 1e-3 * Math.abs(numeric), `${name}[${i}]: graph ${g[i]} vs finite difference ${numeric}`);
      checked++;
    }
  }
  assert.equal(checked, paramSpecs(shape).reduce((n, s) => n + s.size, 0));
});

test('train-step graph gradients equal the plain-TypeScript backward pass', async () => {
  const params = initParams(shape, createRng(8, 'init'));
  const { x, y } = batch(2);
  const onnx = await onnxGradients(params, x, y);
  const reference = forwardBackward(shape, params, x, y, N);
  assert.ok(Math.abs(onnx.loss - reference.loss) < 1e-6);
  for (const [name, g] of reference.gradients) {
    const o = onnx.gradients.get(name)!;
    g.forEach((v, i) => assert.ok(Math.abs(v - o[i]!) < 1e-6, `${name}[${i}]: ${o[i]} vs ${v}`));
  }
});

for (const opt of [
  { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  { name: 'sgd', lr: 0.1, momentum: 0.9 },
] satisfies OptimizerConfig[]) {
  test(`${opt.name}: three graph steps update weights and state like the reference optimizer`, async () => {
    const initial = initParams(shape, createRng(9, 'init'));
    const onnx = await createOnnxStepper(shape, opt, initial, createSessionFactory('cpu', silent));
    const reference = createReferenceStepper(shape, opt, initial);
    for (let step = 1; step <= 3; step++) {
      const { x, y, labels } = batch(10 + step);
      const lr = opt.name === 'adam' ? (opt.lr * Math.sqrt(1 - opt.beta2 ** step)) / (1 - opt.beta1 ** step) : opt.lr;
      const a = await onnx.step({ x, yOneHot: y, labels, n: N }, lr);
      const b = await reference.step({ x, yOneHot: y, labels, n: N }, lr);
      assert.ok(Math.abs(a.loss - b.loss) < 1e-5);
      assert.equal(a.correct, b.correct);
    }
    for (const [which, got, want] of [['params', onnx.params(), reference.params()], ['state', onnx.optimizerState(), reference.optimizerState()]] as const) {
      for (const [name, w] of want) {
        const o = got.get(name)!;
        w.forEach((v, i) => assert.ok(Math.abs(v - o[i]!) < 1e-5, `${which} ${name}[${i}]: ${o[i]} vs ${v}`));
      }
    }
  });
}
