import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { encodeVarint, createProtoWriter } from '../../../runs/lib/onnx/protobuf.js';
import { encodeModel } from '../../../runs/lib/onnx/writer.js';
import { createGraphBuilder } from '../../../runs/lib/onnx/graph-builder.js';
import { buildInferenceModel } from '../../../runs/lib/onnx/mlp-graphs.js';
import { initParams } from '../../../runs/lib/model/mlp.js';
import { forwardBackward } from '../../../runs/lib/train/reference.js';
import { createRng } from '../../../runs/lib/rng.js';

const cpu = { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 } as const;

test('varints: protobuf wire examples, including negative int64', () => {
  assert.deepEqual(encodeVarint(1), [0x01]);
  assert.deepEqual(encodeVarint(150), [0x96, 0x01]);
  assert.deepEqual(encodeVarint(300), [0xac, 0x02]);
  assert.deepEqual(encodeVarint(-1), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
});

test('fields are tagged with number and wire type', () => {
  // field 1 varint 150 -> 08 96 01 (the protobuf docs' example); field 2 string "hi" -> 12 02 68 69
  assert.deepEqual([...createProtoWriter().varint(1, 150).string(2, 'hi').finish()], [0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69]);
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
