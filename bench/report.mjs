// `orch report` on 10,000 synthetic job dirs, against `node -e 0` measured in the same run.
// Goal: ratio <= 25 (about 2 s here). Then opens the written index.html in headless Chromium
// (/usr/bin/chromium or ORCH_CHROMIUM) and times navigation to the first drawn page of the jobs
// table: goal < 1 s. Needs dist/ (bench/run.mjs builds it).
// Usage: node bench/report.mjs [jobs] [repeats]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCommands } from './_util.mjs';

const JOBS = Number(process.argv[2] ?? 10_000);
const REPEATS = Number(process.argv[3] ?? 3);
const root = new URL('..', import.meta.url).pathname;
const entry = join(root, 'dist', 'src', 'report', 'index.js');
if (!existsSync(entry)) {
  console.error(`${entry} is missing: run \`npx tsc -p tsconfig.json\` (or npm run bench) first`);
  process.exit(1);
}

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate(sweepDir, n) {
  const rand = rng(42);
  const models = ['mlp', 'cnn', 'resnet', 'vit', 'linear', 'gru', 'lstm', 'tcn', 'mixer', 'wide'];
  const lrs = ['0.1', '0.03', '0.01', '0.003', '0.001', '0.0003', '0.0001', '3e-05', '1e-05', '3e-06'];
  const jobs = [];
  for (let num = 0; num < n; num++) {
    const overrides = [`model=${models[num % 10]}`, `optimizer.lr=${lrs[Math.floor(num / 10) % 10]}`, `seed=${Math.floor(num / 100)}`];
    jobs.push({ num, overrides, overrideDirname: overrides.join(','), dir: join(sweepDir, String(num)), argv: ['node', 'train.js'] });
  }
  await mkdir(sweepDir, { recursive: true });
  await writeFile(join(sweepDir, 'sweep.json'), JSON.stringify({
    version: 1, task: 'train', command: ['train', '-m', 'model=...', 'optimizer.lr=...', 'seed=range(100)'],
    createdAt: new Date().toISOString(), sweepDir, launcher: { name: 'local' }, jobs,
  }));
  const writeJob = async (job) => {
    const dir = job.dir;
    await mkdir(join(dir, '.orch'), { recursive: true });
    const status = job.num % 97 === 5 ? 'failed' : job.num % 211 === 7 ? 'running' : 'completed';
    const base = 0.6 + (job.num % 10) * 0.03 - Math.abs(Math.log10(Number(job.overrides[1].split('=')[1])) + 2.5) * 0.02;
    const acc = Math.min(0.999, base + rand() * 0.02);
    const files = [
      ['.orch/run.json', JSON.stringify({ status, jobNum: job.num, attempt: 1, overrides: job.overrides, task: 'train', argv: job.argv, host: 'bench',
        exitCode: status === 'failed' ? 1 : 0, startedAt: '2025-01-01T00:00:00Z', endedAt: '2025-01-01T00:01:00Z', durationSec: 60 + rand() * 5,
        orchVersion: '0.1.0', nodeVersion: process.version, git: { commit: 'deadbeef', dirty: false } })],
      ['.orch/overrides.yaml', job.overrides.map((o) => `- ${o}\n`).join('')],
      ['stderr.log', status === 'failed' ? 'Traceback...\nError: diverged\n' : ''],
    ];
    if (status === 'completed') {
      files.push(['metrics.json', JSON.stringify({ test: { accuracy: acc, loss: 1 - acc + rand() * 0.01 }, val: { accuracy: acc - 0.01 }, train_time_sec: 50 + rand() * 20 })]);
      files.push(['history.jsonl', Array.from({ length: 10 }, (_, e) => JSON.stringify({ epoch: e + 1, val_accuracy: acc * (1 - 0.5 / (e + 1)), train_loss: 1.5 / (e + 1) + rand() * 0.01, time_sec: 6 }) + '\n').join('')]);
    }
    await Promise.all(files.map(([name, text]) => writeFile(join(dir, name), text)));
  };
  for (let i = 0; i < jobs.length; i += 200) await Promise.all(jobs.slice(i, i + 200).map(writeJob));
}

/** Median time from navigation start until the jobs table shows its first page, over REPEATS loads. */
async function browserOpen(html) {
  const exe = process.env.ORCH_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(exe)) { console.log(`${exe} not found: browser open time not measured`); return; }
  const { statSync } = await import('node:fs');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: exe, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const times = [];
    for (let i = 0; i < REPEATS; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const t0 = performance.now();
      await page.goto(`file://${html}`, { waitUntil: 'load' });
      await page.waitForSelector('#jobs-table tbody tr');
      // Until the browser has painted: a rAF callback runs before the next frame.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
      times.push(performance.now() - t0);
      await page.close();
    }
    times.sort((a, b) => a - b);
    const mb = (statSync(html).size / 1e6).toFixed(1);
    console.log(`Chromium opens index.html (${mb} MB) to a drawn jobs table: ${times[times.length >> 1].toFixed(0)} ms (median of ${REPEATS}; goal < 1000 ms)`);
  } finally {
    await browser.close();
  }
}

// ORCH_BENCH_KEEP=<dir>: generate there once and keep it (for profiling runReport on the same data).
const keep = process.env.ORCH_BENCH_KEEP;
const tmp = keep ?? await mkdtemp(join(tmpdir(), 'orch-bench-report-'));
try {
  const sweepDir = join(tmp, 'sweep');
  const t0 = Date.now();
  if (!existsSync(join(sweepDir, 'sweep.json'))) await generate(sweepDir, JOBS);
  console.log(`generated ${JOBS} job dirs in ${((Date.now() - t0) / 1000).toFixed(1)} s under ${tmp}`);
  const script = `import(${JSON.stringify(entry)}).then((m) => m.runReport({ sweepDirs: [${JSON.stringify(sweepDir)}], projectRoot: ${JSON.stringify(tmp)}, overrides: ['report.metric=test.accuracy'] }))`;
  const { baselineMs, subjectMs, ratio } = compareCommands(REPEATS, [process.execPath, ['-e', '0']], [process.execPath, ['-e', script]]);
  console.log(`node -e 0: ${baselineMs.toFixed(0)} ms (median of ${REPEATS})`);
  console.log(`runReport on ${JOBS} jobs: ${subjectMs.toFixed(0)} ms (median of ${REPEATS}, process start included)`);
  console.log(`ratio: ${ratio.toFixed(1)}x (goal <= 25x)`);
  await browserOpen(join(sweepDir, 'report', 'index.html'));
} finally {
  if (!keep) await rm(tmp, { recursive: true, force: true });
}
