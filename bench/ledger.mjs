// `orch runs --where ... --limit 20` over 100,000 synthetic runs (990 sweeps of 100 jobs and 1,000
// single runs), cold (index rebuilt from the run store) and warm (index fresh). Goal: warm <= 1 s;
// prints the ratio of each to that goal and to `node -e 0` measured in the same run.
// The runs are written once to /tmp/orch-ledger-bench-<N> and reused (delete it to regenerate).
// Usage: node bench/ledger.mjs [runs] [repeats]. Needs dist/ (bench/run.mjs builds it).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, timeCommand } from './_util.mjs';

const RUNS = Number(process.argv[2] ?? 100_000);
const REPEATS = Number(process.argv[3] ?? 3);
const GOAL_MS = 1000;
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist', 'bundle', 'orch.cjs');
if (!existsSync(bin)) {
  console.error(`${bin} is missing: run npm run build (or npm run bench) first`);
  process.exit(1);
}

const MODELS = ['net2', 'net5', 'linear', 'majority'];

/** The files orch writes for one job, as small as orch writes them. */
function writeJob(dir, i, overrides, sweepNum) {
  mkdirSync(join(dir, '.orch'), { recursive: true });
  const started = new Date(Date.UTC(2026, 9, 1) + i * 60_000);
  const run = {
    status: i % 50 === 7 ? 'failed' : 'completed', jobNum: i % 100, attempt: 1, overrides, task: 'train',
    argv: ['python3', 'runs/train.py'], host: 'node01', exitCode: i % 50 === 7 ? 1 : 0,
    startedAt: started.toISOString(), endedAt: new Date(started.getTime() + 42_000).toISOString(), durationSec: 42,
    orchVersion: '0.1.0', nodeVersion: 'v20.20.2', git: { commit: `c0ffee${String(sweepNum % 97).padStart(2, '0')}aa11bb22cc33dd44ee55ff6677889900`, dirty: sweepNum % 5 === 0 },
    launcher: { name: 'local' },
  };
  writeFileSync(join(dir, '.orch', 'run.json'), JSON.stringify(run, null, 2) + '\n');
  writeFileSync(join(dir, '.orch', 'config.json'), JSON.stringify({ model: overrides[0].split('=')[1], seed: i % 10, lr: 0.01 }) + '\n');
  writeFileSync(join(dir, '.orch', 'orch.yaml'), 'run:\n  dir: outputs\nsweep:\n  subdir: "0"\n');
  const acc = 0.9 + ((i * 7919) % 1000) / 12_000;
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ test: { accuracy: acc, loss: 1 - acc }, epochs: 10, train_time_sec: 40 + (i % 7) }) + '\n');
}

function generate(outputs) {
  const singles = Math.min(1000, Math.floor(RUNS / 100));
  let i = 0;
  for (let s = 0; i < RUNS - singles; s++) {
    const sweepDir = join(outputs, 'multirun', `2026-10-${String(1 + (s % 28)).padStart(2, '0')}`, `sweep-${s}`);
    mkdirSync(sweepDir, { recursive: true });
    writeFileSync(join(sweepDir, 'sweep.json'), JSON.stringify({ version: 1, task: 'train', command: ['train', '-m'], createdAt: new Date(Date.UTC(2026, 9, 1) + s * 3_600_000).toISOString(), sweepDir, launcher: { name: 'local' }, jobs: [] }));
    for (let j = 0; j < 100 && i < RUNS - singles; j++, i++) writeJob(join(sweepDir, String(j)), i, [`model=${MODELS[j % 4]}`, `seed=${j % 25}`, `optimizer.lr=${s % 3 ? 0.01 : 0.001}`], s);
  }
  for (let k = 0; k < singles; k++, i++) writeJob(join(outputs, '2026-11-01', `run-${k}`), i, [`model=${MODELS[k % 4]}`, `seed=${k}`], k);
}

const project = `/tmp/orch-ledger-bench-${RUNS}`;
const outputs = join(project, 'outputs');
if (!existsSync(join(project, 'complete'))) {
  rmSync(project, { recursive: true, force: true });
  const t0 = Date.now();
  generate(outputs);
  writeFileSync(join(project, 'complete'), '');
  console.log(`wrote ${RUNS} runs to ${project} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // Files younger than 2 s are re-checked by design (same clock tick): let them settle.
  await new Promise((r) => setTimeout(r, 2500));
}

const query = ['runs', '--where', 'model=net5', '--where', 'test.accuracy>=0.97', '--status', 'completed', '--limit', '20'];
const run = (extra) => timeCommand(process.execPath, [bin, ...query, ...extra], { cwd: project });
const nodeMs = median(Array.from({ length: REPEATS }, () => timeCommand(process.execPath, ['-e', '0'])));
const cold = [];
const warm = [];
for (let k = 0; k < REPEATS; k++) {
  cold.push(run(['--rebuild']));
  warm.push(run([]));
  warm.push(run([]));
}
const coldMs = median(cold);
const warmMs = median(warm);
console.log(`runs: ${RUNS}; node -e 0: ${nodeMs.toFixed(0)} ms`);
console.log(`warm (index fresh): ${warmMs.toFixed(0)} ms = ${(warmMs / GOAL_MS).toFixed(2)} x the 1 s goal (${(warmMs / nodeMs).toFixed(1)} x node -e 0)`);
console.log(`cold (--rebuild):   ${coldMs.toFixed(0)} ms = ${(coldMs / GOAL_MS).toFixed(2)} x the 1 s goal (${(coldMs / nodeMs).toFixed(1)} x node -e 0)`);
