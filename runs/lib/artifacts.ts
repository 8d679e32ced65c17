/** The files a finished training job leaves next to metrics.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel } from './onnx/writer.js';
import { buildInferenceModel } from './onnx/mlp-graphs.js';
import { mostConfidentErrors } from './metrics.js';
import { writeGrayPng } from './png.js';
import type { MlpShape, TensorMap } from './model/mlp.js';
import { UNIT_PIXEL_NORMALIZATION, type LabelledSet } from './data/dataset.js';

export const MODEL_FILE = 'model.onnx';

/**
 * `model.onnx`: input [N, 784] float pixels in [0, 1] (pixel / 255, white digit on black) ->
 * probabilities [N, 10]. The training standardization is part of the graph, so any ONNX runtime can
 * use the file without knowing it.
 */
export function writeModel(outputDir: string, shape: MlpShape, params: TensorMap, description: Record<string, unknown>): void {
  writeFileSync(join(outputDir, MODEL_FILE), encodeModel(buildInferenceModel(shape, params, UNIT_PIXEL_NORMALIZATION)));
  writeFileSync(join(outputDir, 'model.json'), `${JSON.stringify(description, null, 2)}\n`);
}

export function writeConfusion(outputDir: string, confusion: number[][]): void {
  const labels = confusion.map((_, i) => i);
  writeFileSync(join(outputDir, 'confusion.json'), `${JSON.stringify({ rows: 'true label', columns: 'predicted label', labels, matrix: confusion }, null, 2)}\n`);
}

/** `errors.json` plus one PNG per error in `errors/`, most confidently wrong first. */
export function writeErrors(outputDir: string, test: LabelledSet, probs: Float32Array, classes: number, limit: number, imageShape: [number, number]): void {
  const dir = join(outputDir, 'errors');
  mkdirSync(dir, { recursive: true });
  const errors = mostConfidentErrors(probs, test.labels, classes, limit).map((e) => {
    const testIndex = test.sourceIndex[e.index]!;
    const png = `errors/test-${String(testIndex).padStart(5, '0')}.png`;
    writeGrayPng(join(outputDir, png), test.images.subarray(e.index * test.featureSize, (e.index + 1) * test.featureSize), imageShape[1], imageShape[0]);
    return { test_index: testIndex, label: e.label, prediction: e.prediction, confidence: e.confidence, png };
  });
  writeFileSync(join(outputDir, 'errors.json'), `${JSON.stringify(errors, null, 2)}\n`);
}
