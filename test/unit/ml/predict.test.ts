import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import predict from '../../../runs/predict.js';
import { PredictInputError } from '../../../runs/lib/errors.js';
import { FIXTURES } from '../../helpers/paths.js';
import { makeContext, tempDir, tinyTrainConfig, train } from './ml-helpers.js';

const fixture = (name: string): string => join(FIXTURES, 'ml', name);
let modelDir = '';

before(async () => {
  modelDir = tempDir('model');
  await train(tinyTrainConfig({ training: { epochs: 4 } }), makeContext(modelDir));
});

/** Runs predict with console.log captured. */
async function run(cfg: Record<string, unknown>): Promise<{ metrics: Record<string, unknown>; lines: string[]; outDir: string }> {
  const outDir = tempDir('predict');
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    const metrics = await predict(cfg, makeContext(outDir));
    return { metrics, lines, outDir };
  } finally {
    console.log = original;
  }
}

test('classifies the images of an IDX file and prints label and probabilities', async () => {
  const { metrics, lines, outDir } = await run({ model_dir: modelDir, input: fixture('t10k-first8-images-idx3-ubyte'), limit: null });
  assert.equal(metrics.images, 8);
  assert.equal(lines.length, 8);
  assert.match(lines[0]!, /t10k-first8-images-idx3-ubyte#0: \d \(p=0\.\d{4}\)  \[0:\d\.\d{3} 1:/);
  const predictions = JSON.parse(readFileSync(join(outDir, 'predictions.json'), 'utf8')) as { label: number; probabilities: number[] }[];
  const truth = [...readFileSync(fixture('t10k-first8-labels-idx1-ubyte')).subarray(8)];
  const correct = predictions.filter((p, i) => p.label === truth[i]).length;
  assert.ok(correct >= 6, `${correct}/8 correct`);
  for (const p of predictions) assert.ok(Math.abs(p.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-3);
});

test('a PNG, and the same digit larger and inverted, get the same prediction', async () => {
  const a = await run({ model_dir: modelDir, input: fixture('seven.png') });
  const b = await run({ model_dir: modelDir, input: [fixture('seven-inverted-56px.png')] });
  const label = (lines: string[]): string => /: (\d) /.exec(lines[0]!)![1]!;
  assert.equal(label(a.lines), '7');
  assert.equal(label(b.lines), '7');
});

test('limit keeps the first images only', async () => {
  const { metrics } = await run({ model_dir: modelDir, input: fixture('t10k-first8-images-idx3-ubyte'), limit: 3 });
  assert.equal(metrics.images, 3);
});

test('a folder without model.onnx is a clear error', async () => {
  await assert.rejects(run({ model_dir: FIXTURES, input: fixture('seven.png') }), (err: unknown) => {
    assert.ok(err instanceof PredictInputError);
    assert.match(err.message, /model_dir=.*fixtures: no model.onnx in this folder/);
    assert.match(err.hint ?? '', /orch train/);
    return true;
  });
});

test('missing or unreadable inputs are clear errors', async () => {
  await assert.rejects(run({ model_dir: modelDir, input: '???' }), /input=\?\?\?: no such file or folder/);
  await assert.rejects(run({ model_dir: '???', input: 'x' }), /model_dir: missing/);
  await assert.rejects(run({ model_dir: modelDir, input: fixture('t10k-first8-labels-idx1-ubyte') }), /not an IDX file of images/);
});
