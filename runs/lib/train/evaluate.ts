/**
 * Class probabilities of a whole set under given weights, through the inference graph with weights as
 * inputs (one session for every epoch's evaluation).
 */
import * as ort from 'onnxruntime-node';
import { encodeModel } from '../onnx/writer.js';
import { buildInferenceModel, INPUT, PROBABILITIES } from '../onnx/mlp-graphs.js';
import type { SessionFactory } from '../onnx/session.js';
import { paramSpecs, type MlpShape, type TensorMap } from '../model/mlp.js';
import { fillFeatures, type LabelledSet } from '../data/dataset.js';

export interface Evaluator {
  /** count x classes probabilities. */
  probabilities(params: TensorMap, set: LabelledSet): Promise<Float32Array>;
}

export async function createOnnxEvaluator(shape: MlpShape, batchSize: number, sessions: SessionFactory): Promise<Evaluator> {
  const session = await sessions.create(encodeModel(buildInferenceModel(shape)));
  const specs = paramSpecs(shape);
  const x = new Float32Array(batchSize * shape.inputSize);
  return {
    async probabilities(params, set) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const s of specs) feeds[s.name] = new ort.Tensor('float32', params.get(s.name)!, s.dims);
      const out = new Float32Array(set.count * shape.classes);
      const rows = new Uint32Array(batchSize);
      for (let start = 0; start < set.count; start += batchSize) {
        const n = Math.min(batchSize, set.count - start);
        for (let i = 0; i < n; i++) rows[i] = start + i;
        fillFeatures(set, rows.subarray(0, n), x);
        feeds[INPUT] = new ort.Tensor('float32', x.subarray(0, n * shape.inputSize), [n, shape.inputSize]);
        const result = await session.run(feeds);
        out.set(result[PROBABILITIES]!.data as Float32Array, start * shape.classes);
      }
      return out;
    },
  };
}
