// Training throughput of net2 (784-128-128-10, Adam, batch 128) on MNIST: the ONNX Runtime
// train-step graph the example task uses, against the same loop in plain TypeScript, same data and
// same initial weights, measured in the same run. Prints samples/s of each and their ratio, plus the
// loss both reach after the same steps (they should agree closely).
// Needs dist/ (bench/run.mjs builds it). Usage: node bench/ml-throughput.mjs [total-seconds] [width]
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const SECONDS = Number(process.argv[2] ?? 6);
const WIDTH = Number(process.argv[3] ?? 128);
const BATCH = 128;
const root = new URL('..', import.meta.url).pathname;
const lib = (p) => join(root, 'dist', 'runs', 'lib', p);
if (!existsSync(lib('train/reference.js'))) {
  console.error(`${lib('train/reference.js')} is missing: run \`npx tsc -p tsconfig.json\` (or npm run bench) first`);
  process.exit(1);
}
const { loadMnist } = await import(lib('data/mnist.js'));
const { fillFeatures, fillOneHot } = await import(lib('data/dataset.js'));
const { initParams } = await import(lib('model/mlp.js'));
const { createRng } = await import(lib('rng.js'));
const { createSessionFactory } = await import(lib('onnx/session.js'));
const { createOnnxStepper } = await import(lib('train/onnx-stepper.js'));
const { createReferenceStepper } = await import(lib('train/reference.js'));
const { effectiveLearningRate } = await import(lib('train/optimizer.js'));

const data = await loadMnist({ name: 'mnist', dir: null, train_size: 8192, test_size: 1, val_size: 1 }, 0);
const shape = { inputSize: 784, hidden: [WIDTH, WIDTH], classes: 10 };
const opt = { name: 'adam', lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
const initial = initParams(shape, createRng(0, 'init'));

const batches = [];
for (let b = 0; b + BATCH <= data.train.count; b += BATCH) {
  const rows = Uint32Array.from({ length: BATCH }, (_, i) => b + i);
  const x = new Float32Array(BATCH * 784);
  const yOneHot = new Float32Array(BATCH * 10);
  fillFeatures(data.train, rows, x);
  fillOneHot(data.train, rows, 10, yOneHot);
  batches.push({ x, yOneHot, labels: Array.from(rows, (r) => data.train.labels[r]), n: BATCH });
}

/** A backend's running totals; `run(seconds)` steps for about that long. */
function createMeter(stepper) {
  const m = { steps: 0, seconds: 0, losses: [] };
  let step = 0;
  const one = async () => {
    step++;
    const r = await stepper.step(batches[(step - 1) % batches.length], effectiveLearningRate(opt, opt.lr, step));
    if (m.losses.length < 20) m.losses.push(r.loss);
  };
  m.warmup = async (n) => { for (let i = 0; i < n; i++) await one(); };
  m.run = async (seconds) => {
    const t0 = performance.now();
    do { await one(); m.steps++; } while (performance.now() - t0 < seconds * 1000);
    m.seconds += (performance.now() - t0) / 1000;
  };
  return m;
}

// Alternate short rounds so both backends see the same background load (the machine is shared).
const ROUNDS = 6;
const onnx = createMeter(await createOnnxStepper(shape, opt, initial, createSessionFactory('cpu', console)));
const plain = createMeter(createReferenceStepper(shape, opt, initial));
await onnx.warmup(5);
await plain.warmup(1);
for (let r = 0; r < ROUNDS; r++) {
  await onnx.run(SECONDS / ROUNDS);
  await plain.run(SECONDS / ROUNDS);
}
onnx.samplesPerSec = (onnx.steps * BATCH) / onnx.seconds;
plain.samplesPerSec = (plain.steps * BATCH) / plain.seconds;
const fmt = (x) => Math.round(x).toLocaleString('en-US');
console.log(`net2 784-${WIDTH}-${WIDTH}-10, batch ${BATCH}, Adam, 1 thread`);
console.log(`onnxruntime train-step graph: ${fmt(onnx.samplesPerSec)} samples/s (${onnx.steps} steps)`);
console.log(`plain TypeScript loop:        ${fmt(plain.samplesPerSec)} samples/s (${plain.steps} steps)`);
console.log(`ratio onnx / plain: ${(onnx.samplesPerSec / plain.samplesPerSec).toFixed(1)}x`);
const k = Math.min(onnx.losses.length, plain.losses.length) - 1; // both start from the same weights and batches
console.log(`loss after ${k + 1} identical steps: onnx ${onnx.losses[k].toFixed(6)}, plain ${plain.losses[k].toFixed(6)}`);
