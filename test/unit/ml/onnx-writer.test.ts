import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { encodeModel } from '../../../runs/lib/onnx/writer.js';
import { createGraphBuilder } from '../../../runs/lib/onnx/graph-builder.js';
import { buildInferenceModel, buildTrainStepModel } from '../../../runs/lib/onnx/mlp-graphs.js';
import { initParams } from '../../../runs/lib/model/mlp.js';
import { forwardBackward } from '../../../runs/lib/train/reference.js';
import { createRng } from '../../../runs/lib/rng.js';

const cpu = { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 } as const;

// The model bytes the hand-written protobuf writer (runs/lib/onnx/protobuf.ts, replaced by onnx-proto)
// produced for these two models: the switch changed no byte of what the example writes.
const HAND_WRITER_SHA256 = {
  inference: '47989dabe80e8710a38b8c5527906c1edd163bb9c0baf37563f500c56ff262c5',
  trainStep: 'a15907687e0698cbea51da55fc1f6d1d9a1dcc9dd8052803d6fb0c80a60b97ed',
};

test('the models are byte for byte what the hand-written protobuf writer wrote', () => {
  const shape = { inputSize: 7, hidden: [5, 4], classes: 3 };
  const inf = buildInferenceModel(shape, initParams(shape, createRng(3, 'init')), { scale: 0.5, shift: 0.25 });
  const train = buildTrainStepModel(shape, { name: 'sgd', lr: 0.1, momentum: 0.9 }, { emitGradients: true });
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  assert.equal(sha(encodeModel(inf)), HAND_WRITER_SHA256.inference);
  assert.equal(sha(encodeModel(train)), HAND_WRITER_SHA256.trainStep);
});

test('the bytes decode as an ONNX ModelProto with the fields written', () => {
  const g = createGraphBuilder();
  const x = g.input('x', 'float', ['N', 2]);
  g.output(g.op('Gemm', [x, g.constFloat([1, 2, 3, 4], [2, 2])], { alpha: { float: 0.5 }, transB: 1 }), 'y', 'float', ['N', 2]);
  const m = onnxProto.onnx.ModelProto.decode(encodeModel({ graph: g.build('t'), docString: 'd' }));
  assert.equal(Number(m.irVersion), 8);
  assert.deepEqual(m.opsetImport.map((o) => [o.domain, Number(o.version)]), [['', 17]]);
  assert.equal(m.docString, 'd');
  const graph = m.graph as onnxProto.onnx.GraphProto;
  assert.deepEqual(graph.node.map((n) => n.opType), ['Gemm', 'Identity']);
  const attrs = (graph.node[0] as onnxProto.onnx.NodeProto).attribute;
  assert.deepEqual(attrs.map((a) => [a.name, a.type]), [['alpha', 1], ['transB', 2]]);
  assert.equal(attrs[0]!.f, 0.5);
  assert.deepEqual([...new Float32Array(Uint8Array.from((graph.initializer[0] as onnxProto.onnx.TensorProto).rawData).buffer)], [1, 2, 3, 4]);
  assert.deepEqual((graph.input[0] as onnxProto.onnx.ValueInfoProto).type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue)), ['N', 2]);
});

test('a hand-built graph with initializers, attributes and symbolic dims loads and computes', async () => {
  const g = createGraphBuilder();
  const x = g.input('x', 'float', ['N', 3]);
  const w = g.initializer({ name: 'w', type: 'float', dims: [3, 2], data: Float32Array.from([1, 0, 0, 1, 1, 1]) });
  const shifted = g.op('Add', [g.op('MatMul', [x, w]), g.constFloat([0.5, -0.5])]);
  g.output(g.op('ReduceSum', [shifted, g.constInt64([1])], { keepdims: 0 }), 'row_sums', 'float', ['N']);
  g.output(g.op('Gemm', [x, w], { transA: 0, alpha: { float: 2 } }), 'doubled', 'float', ['N', 2]);
  const session = await ort.InferenceSession.create(encodeModel({ graph: g.build('t') }), cpu);
  assert.deepEqual(session.inputNames, ['x']);
  assert.deepEqual(session.outputNames, ['row_sums', 'doubled']);
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]) });
  // row 1: x·w = [1+3, 2+3] = [4, 5] -> 4.5 + 4.5; row 2: [4+6, 5+6] = [10, 11] -> 10.5 + 10.5
  assert.deepEqual([...(out.row_sums!.data as Float32Array)], [9, 21]);
  assert.deepEqual([...(out.doubled!.data as Float32Array)], [8, 10, 20, 22]);
});

test('the exported MLP inference model matches the plain-TypeScript forward pass', async () => {
  const shape = { inputSize: 7, hidden: [5, 4], classes: 3 };
  const params = initParams(shape, createRng(3, 'init'));
  const session = await ort.InferenceSession.create(encodeModel(buildInferenceModel(shape, params)), cpu);
  const rng = createRng(4);
  const x = Float32Array.from({ length: 4 * 7 }, () => rng.normal());
  const probs = (await session.run({ input: new ort.Tensor('float32', x, [4, 7]) })).probabilities!.data as Float32Array;
  const y = new Float32Array(4 * 3).fill(0);
  for (let i = 0; i < 4; i++) y[i * 3] = 1;
  const reference = forwardBackward(shape, params, x, y, 4);
  // Mean cross-entropy against class 0 computed from the runtime's probabilities equals the reference loss.
  const loss = -[0, 1, 2, 3].reduce((s, i) => s + Math.log(probs[i * 3]!), 0) / 4;
  assert.ok(Math.abs(loss - reference.loss) < 1e-5, `${loss} vs ${reference.loss}`);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(probs[i * 3]! + probs[i * 3 + 1]! + probs[i * 3 + 2]! - 1) < 1e-6);
});
