// The example experiment's sweep (4 models x 5 seeds on full MNIST) with 2 jobs in parallel, each
// job its own process as under orch's local launcher. Prints per-job accuracy and time, per-model
// means and the sweep's wall time. Takes a few minutes; the figure to watch is the wall time
// against the default budget (each net2/net5 job well under 40 s).
// Needs dist/ (bench/run.mjs builds it). Usage: node bench/ml-sweep.mjs [seeds] [parallel] [extra override ...]
// Default 2 seeds (8 jobs, under a minute on an idle machine) so `npm run bench` stays short;
// `node bench/ml-sweep.mjs 5` is the full 20-job sweep of +experiment=sweep_models.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SEEDS = Number(process.argv[2] ?? 2);
const PARALLEL = Number(process.argv[3] ?? 2);
const EXTRA = process.argv.slice(4);
const MODELS = ['net2', 'net5', 'linear', 'majority'];
const jobScript = new URL('./_ml-job.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'orch-ml-sweep-'));

// Hydra's sweep order: the first swept key varies slowest.
const jobs = MODELS.flatMap((model) => Array.from({ length: SEEDS }, (_, seed) => ({ model, seed })));
function runJob(job, i) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [jobScript, join(work, String(i)), `model=${job.model}`, `seed=${job.seed}`, ...EXTRA], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve({ ...job, ...JSON.parse(out.trim().split('\n').pop()) }) : reject(new Error(`job ${i} (${job.model}, seed ${job.seed}) exited ${code}`))));
  });
}

const t0 = performance.now();
const results = [];
let next = 0;
await Promise.all(Array.from({ length: PARALLEL }, async () => {
  while (next < jobs.length) {
    const i = next++;
    const r = await runJob(jobs[i], i);
    results[i] = r;
    console.log(`${r.model.padEnd(9)} seed ${r.seed}  test.accuracy ${r.metrics.test.accuracy.toFixed(4)}  epochs ${r.metrics.epochs}  train ${r.metrics.train_time_sec.toFixed(1)} s  job ${r.wall_sec.toFixed(1)} s`);
  }
}));
const wall = (performance.now() - t0) / 1000;
console.log('\nmodel      mean test.accuracy   min      mean job s   max job s');
for (const model of MODELS) {
  const rs = results.filter((r) => r.model === model);
  const accs = rs.map((r) => r.metrics.test.accuracy);
  const secs = rs.map((r) => r.wall_sec);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`${model.padEnd(10)} ${mean(accs).toFixed(4).padStart(18)}   ${Math.min(...accs).toFixed(4)}   ${mean(secs).toFixed(1).padStart(10)}   ${Math.max(...secs).toFixed(1).padStart(9)}`);
}
console.log(`\n${jobs.length} jobs, ${PARALLEL} in parallel: ${wall.toFixed(1)} s wall`);
rmSync(work, { recursive: true, force: true });
