#!/usr/bin/env node
// Local launcher benchmarks, against the compiled dist/ (run `npx tsc -p tsconfig.json` first):
//   1. 200 x `sleep 0.05`, n_jobs=2, vs `xargs -P2` (goal: ratio <= 1.25)
//   2. 1,000 no-op TypeScript jobs in reused workers vs 1,000 `node -e 0` under `xargs -P2` (goal: >= 10x faster)
//   3. peak RSS of orch with a 10,000-job sweep queued (jobs are `true`)
// Usage: node bench/local.mjs [--quick] [--only=sleep|ts|rss]   (--quick: 200 TS jobs, 2,000 queued jobs)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'src');
if (!existsSync(join(DIST, 'launchers', 'run-sweep.js'))) {
  console.error('bench/local.mjs: build first: npx tsc -p tsconfig.json');
  process.exit(2);
}
const imp = (p) => import(join(DIST, p));
const { createLocalLauncher } = await imp('launchers/local/local-launcher.js');
const { runSweep } = await imp('launchers/run-sweep.js');
const { feedOf } = await imp('launchers/job-source.js');
const { writeJobSnapshot, configJsonPath } = await imp('store/snapshot.js');
const { writeSweep } = await imp('store/sweep-file.js');
const { jobArgv, jobEnv } = await imp('task/job-argv.js');
const { resolveTask } = await imp('task/resolve-task.js');

const quick = process.argv.includes('--quick');
const nullOut = { write: () => true };

/** A sweep of `n` jobs with their snapshots written up front: the launcher alone is timed (dispatch from a plan: stream.mjs). */
async function makeSweep(root, n, task) {
  const sweepDir = join(root, 'sweep');
  mkdirSync(sweepDir, { recursive: true });
  const jobs = [];
  const lanes = 16;
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < n) {
      const num = next++;
      const outputDir = join(sweepDir, String(num));
      await writeJobSnapshot(outputDir, { config: new Map([['i', num]]), overrides: [`i=${num}`], orch: new Map() });
      jobs[num] = { num, overrides: [`i=${num}`], overrideDirname: `i=${num}`, outputDir, argv: jobArgv(task, outputDir), cwd: root,
        env: jobEnv({ outputDir, num, sweepDir, configPath: configJsonPath(outputDir) }) };
    }
  }));
  await writeSweep(sweepDir, { version: 1, task: task.name, command: [], createdAt: new Date().toISOString(), sweepDir, launcher: { name: 'local' }, jobs: [] });
  return { sweepDir, jobs };
}

async function timeSweep(root, n, task, settings) {
  const { sweepDir, jobs } = await makeSweep(root, n, task);
  const t0 = performance.now();
  const r = await runSweep(feedOf(jobs), createLocalLauncher(settings), { sweepDir, settings, projectRoot: root, task: task.name, interactive: false }, { out: nullOut, handleSignals: false });
  const ms = performance.now() - t0;
  if (r.summary.counts.completed !== n) throw new Error(`only ${r.summary.counts.completed}/${n} completed`);
  return ms;
}

function timeXargs(n, cmd) {
  const t0 = performance.now();
  const res = spawnSync('sh', ['-c', `seq ${n} | xargs -P2 -I{} ${cmd}`], { stdio: 'ignore' });
  if (res.status !== 0) throw new Error(`xargs failed: ${res.status}`);
  return performance.now() - t0;
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function benchSleep() {
  const root = mkdtempSync(join(tmpdir(), 'orch-bench-'));
  const task = resolveTask(root, 'sleep', ['sleep', '0.05']);
  const orch = await timeSweep(root, 200, task, { n_jobs: 2 });
  const xargs = timeXargs(200, 'sleep 0.05');
  rmSync(root, { recursive: true, force: true });
  console.log(`1. 200 x sleep 0.05, n_jobs=2: orch ${fmt(orch)}, xargs -P2 ${fmt(xargs)}, ratio ${(orch / xargs).toFixed(2)} (goal <= 1.25)`);
}

async function benchTs() {
  const n = quick ? 200 : 1000;
  const root = mkdtempSync(join(tmpdir(), 'orch-bench-'));
  mkdirSync(join(root, 'runs'));
  writeFileSync(join(root, 'runs', 'noop.ts'), 'export default function noop(cfg: { i: number }) { return { i: cfg.i }; }\n');
  const task = resolveTask(root, 'noop');
  const orch = await timeSweep(root, n, task, { n_jobs: 2 });
  const xargs = timeXargs(n, `${process.execPath} -e 0`);
  rmSync(root, { recursive: true, force: true });
  console.log(`2. ${n} no-op TypeScript jobs, n_jobs=2: orch (reused workers) ${fmt(orch)}, ${n} x node -e 0 under xargs -P2 ${fmt(xargs)}, orch ${(xargs / orch).toFixed(1)}x faster (goal >= 10x)`);
}

/** In a child process, so its peak RSS is orch's alone. */
async function benchRss() {
  const n = quick ? 2000 : 10000;
  const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--rss-child', String(n)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (res.status !== 0) throw new Error(`rss child failed (${res.status})`);
  const { maxRssMb, ms, planMs } = JSON.parse(res.stdout.trim().split('\n').at(-1));
  console.log(`3. ${n}-job sweep of \`true\`, n_jobs=2: peak RSS ${maxRssMb.toFixed(0)} MB, run ${fmt(ms)} (${(ms / n).toFixed(2)} ms/job; writing the plan took ${fmt(planMs)})`);
}

if (process.argv[2] === '--rss-child') {
  const n = Number(process.argv[3]);
  const root = mkdtempSync(join(tmpdir(), 'orch-bench-'));
  const task = resolveTask(root, 'true', ['true']);
  const t0 = performance.now();
  const { sweepDir, jobs } = await makeSweep(root, n, task);
  const planMs = performance.now() - t0;
  const t1 = performance.now();
  const r = await runSweep(feedOf(jobs), createLocalLauncher({ n_jobs: 2 }), { sweepDir, settings: {}, projectRoot: root, task: 'true', interactive: false }, { out: nullOut, handleSignals: false });
  const ms = performance.now() - t1;
  if (r.summary.counts.completed !== n) {
    throw new Error(`only ${r.summary.counts.completed}/${n} completed: ${JSON.stringify(r.summary.counts)}; first problem: ${JSON.stringify(r.summary.problems[0])} (kept ${root})`);
  }
  rmSync(root, { recursive: true, force: true });
  console.log(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, ms, planMs }));
} else {
  console.log(`orch local launcher benchmarks (${execFileSync('nproc').toString().trim()} cores, node ${process.version})`);
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (!only || only === 'sleep') await benchSleep();
  if (!only || only === 'ts') await benchTs();
  if (!only || only === 'rss') await benchRss();
}
