#!/usr/bin/env node
// Sweeps as streams (issue 13): the goals table, measured end to end through the built CLI
// (dist/bundle/orch.cjs) in a scratch project under /tmp, each figure beside its goal and, where
// there is a baseline, the ratio to it measured in the same run. Every figure prints even when
// another fails. Only the CLI is used (first job start is seen by the task touching a file), so it
// runs unchanged before and after the stream rewrite.
// Usage: node bench/stream.mjs   (or npm run bench -- stream)
// Env (defaults keep the whole run to a few minutes on the 2-core machine):
//   BENCH_STREAM_ONLY=first,sweep,sleep,fsync,status   figures to run (default: all)
//   BENCH_STREAM_FIRST_LIMIT_S=60   give up waiting for the first job after this long
//   BENCH_STREAM_JOBS=10000         size of the whole-sweep / peak RSS figure
//   BENCH_STREAM_SLEEP_RUNS=3       alternated runs of the 200 x sleep 0.05 figure (median)
//   BENCH_STREAM_FSYNC_JOBS=1000    sweep counted under strace
//   BENCH_STREAM_STATUS_JOBS=100000 sweep for status/report; generated (bench/_sweep-gen.mjs) unless
//   BENCH_STREAM_STATUS_REAL=1      run it for real instead (the honest measure; slow)
//   BENCH_MILLION=1                 also run a 1,000,000-job sweep of `true` for its RSS curve,
//   BENCH_MILLION_LIMIT_S=600       interrupted after this long
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countFsyncs, median, timeCommand } from './_util.mjs';
import { detectFormat, generateSweep } from './_sweep-gen.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const ORCH = join(ROOT, 'dist', 'bundle', 'orch.cjs');
if (!existsSync(ORCH)) {
  console.error(`bench/stream.mjs: ${ORCH} is missing: npm run build first`);
  process.exit(2);
}
const env = (name, dflt) => Number(process.env[name] ?? dflt);
const only = process.env.BENCH_STREAM_ONLY?.split(',');
const wanted = (name) => !only || only.includes(name);
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const int = (x) => Math.round(x).toLocaleString('en-US');

const project = mkdtempSync(join(tmpdir(), 'orch-bench-stream-'));
const flag = join(project, 'first-job');
mkdirSync(join(project, 'config'));
writeFileSync(join(project, 'config', 'noop.yaml'), 'a: 0\nb: 0\norch:\n  task:\n    command: ["true"]\n');
writeFileSync(join(project, 'config', 'sleep.yaml'), 'i: 0\norch:\n  task:\n    command: [sleep, "0.05"]\n');
writeFileSync(join(project, 'config', 'first.yaml'), `a: 0\nb: 0\norch:\n  task:\n    command: [touch, ${JSON.stringify(flag)}]\n`);
const grid = (n) => [`a=range(${Math.max(1, Math.floor(n / 100))})`, `b=range(${Math.min(100, n)})`];
const sweepArgs = (task, n, dir) => [task, ...grid(n), '-m', 'orch.launcher.n_jobs=2', `orch.sweep.dir=${dir}`];

const rows = [];
/** One line of the table: printed at once, and kept for the summary. */
function figure(name, measured, goal, { ratio, of = 'the goal', atLeast = false, met } = {}) {
  const row = { name, measured, ratio: ratio === undefined ? '' : `${atLeast ? '≥ ' : ''}${ratio.toFixed(2)}× ${of}`, goal, met: met === undefined ? '' : met ? 'met' : 'NOT met' };
  rows.push(row);
  console.log(`${name}: ${measured}${row.ratio ? ` (${row.ratio})` : ''}; goal ${goal}${row.met ? `: ${row.met}` : ''}`);
}
async function part(name, fn) {
  if (!wanted(name)) return;
  try {
    await fn();
  } catch (err) {
    figure(name, `failed: ${err.message.split('\n').slice(0, 4).join(' / ')}`, '—');
    // The table still prints; the exit status says the benchmark itself broke (not a goal missed).
    process.exitCode = 1;
  }
}

/** VmHWM (peak RSS) of a live process, in MB; undefined once it is gone. */
function peakMb(pid) {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * Runs orch with `args` in the project. `stopWhen()` (polled every 5 ms) ends the run early with
 * SIGINT (then SIGKILL if it does not go); `limitMs` does the same. Peak RSS is orch's own VmHWM,
 * polled every 100 ms and once more before any signal; `onSample(ms, mb)` sees each poll.
 */
function runOrch(args, { stopWhen, limitMs = Infinity, onSample, env: extraEnv = {} } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [ORCH, ...args], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...extraEnv } });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    let peak = 0;
    let stoppedAt;
    let stopped = false;
    const sample = () => {
      const mb = peakMb(child.pid);
      if (mb !== undefined) peak = Math.max(peak, mb);
      onSample?.(performance.now() - t0, peak);
    };
    const rss = setInterval(sample, 100);
    const stop = (why) => {
      if (stopped) return;
      stopped = true;
      sample();
      stoppedAt = { ms: performance.now() - t0, why, peakMb: peak };
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 60_000).unref();
    };
    const poll = setInterval(() => {
      if (stopWhen?.()) stop('condition');
      else if (performance.now() - t0 > limitMs) stop('limit');
    }, 5);
    child.on('close', (code, signal) => {
      clearInterval(rss);
      clearInterval(poll);
      resolve({ ms: performance.now() - t0, code, signal, peakMb: peak, stoppedAt, stderr });
    });
  });
}

function xargsMs(n, cmd) {
  return timeCommand('sh', ['-c', `seq ${n} | xargs -P2 -I{} ${cmd}`]);
}

/**
 * A new sweep dir path in the project (orch creates it). Sweeps go with the project at the end,
 * not between figures: on a file system without a journal (ext4 here) a deletion of many files
 * makes the next file creations slower for minutes (ext4's recently-deleted inode scan), and that
 * would be charged to whichever figure comes next.
 */
let sweeps = 0;
const newSweepDir = () => join(project, 'sweeps', String(sweeps++));

/** ms from invocation to the first job's start of an `n`-job grid (or where orch gave up), and the run. */
async function firstJobRun(n, limitMs, env) {
  rmSync(flag, { force: true });
  const r = await runOrch(sweepArgs('first', n, newSweepDir()), { stopWhen: () => existsSync(flag), limitMs, env });
  const seen = r.stoppedAt?.why === 'condition';
  return { r, seen, ms: r.stoppedAt ? r.stoppedAt.ms : r.ms };
}

async function firstJob() {
  const limitMs = env('BENCH_STREAM_FIRST_LIMIT_S', 60) * 1000;
  for (const n of [10_000, 100_000]) {
    const { r, seen, ms } = await firstJobRun(n, limitMs);
    const measured = seen ? sec(ms) : `> ${sec(ms)} (${r.stoppedAt ? 'gave up' : `orch exited ${r.code} first: ${r.stderr.trim().split('\n').pop()}`})`;
    // The plan phase is everything before the first start: jobs/s is a lower bound on the writer.
    const rate = `${seen ? '' : '≤ '}${int(n / (ms / 1000))} jobs/s planned before the first start, peak RSS ${int(r.peakMb)} MB by then`;
    if (n === 100_000) {
      figure(`${int(n)}-job grid: invocation → first job started`, `${measured}; ${rate}`, '≤ 3 s', { ratio: ms / 3000, atLeast: !seen, met: seen && ms <= 3000 });
      // Planning workers (off by default, ORCH_PLAN_WORKERS) against that run, in the same minutes.
      const workers = await firstJobRun(n, limitMs, { ORCH_PLAN_WORKERS: '2' });
      if (seen && workers.seen) figure(`${int(n)}-job grid → first job, \`ORCH_PLAN_WORKERS=2\` vs none`, `${sec(workers.ms)} vs ${sec(ms)} (peak RSS ${int(workers.r.peakMb)} vs ${int(r.peakMb)} MB)`, '—', { ratio: workers.ms / ms, of: 'no workers' });
    } else {
      figure(`${int(n)}-job grid: invocation → first job started`, `${measured}; ${rate}`, '(plan ≥ 50,000 jobs/s; the writer alone: bench/plan-record.mjs)', { met: seen ? n / (ms / 1000) >= 50_000 : false });
    }
  }
}

let realSweep; // the whole-sweep figure's sweep, kept for status/report on a real sweep

async function wholeSweep() {
  const n = env('BENCH_STREAM_JOBS', 10_000);
  // xargs before and after orch: the ratio is against the machine as it was during orch's run.
  const before = xargsMs(n, 'true');
  const dir = newSweepDir();
  const r = await runOrch(sweepArgs('noop', n, dir));
  const floor = jobFloorMs(n);
  const after = xargsMs(n, 'true');
  if (r.code !== 0) throw new Error(`orch exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  realSweep = { dir, n };
  const base = (before + after) / 2;
  figure(`${int(n)} \`true\` jobs, n_jobs=2: whole sweep vs \`seq ${n} | xargs -P2 -I{} true\``, `orch ${sec(r.ms)}, xargs ${sec(before)} / ${sec(after)} (before / after); ${(r.ms / n).toFixed(2)} ms/job`, '≤ 1.5×', { ratio: r.ms / base, of: 'xargs', met: r.ms / base <= 1.5 });
  figure(`floor: the same ${int(n)} jobs' documented files + posix_spawn from a C loop (bench/fixtures/job-floor.c)`,
    typeof floor === 'string' ? floor : `${sec(floor)}; orch is ${(r.ms / floor).toFixed(2)}× this floor`, '(no goal: what is left to orch\'s own machinery)',
    typeof floor === 'string' ? {} : { ratio: floor / base, of: 'xargs' });
  figure(`peak RSS, ${int(n)}-job sweep of \`true\``, `${int(r.peakMb)} MB`, n === 10_000 ? '≤ 100 MB' : '(≤ 100 MB at 10,000)', { ratio: r.peakMb / 100, met: n === 10_000 ? r.peakMb <= 100 : undefined });
}

/** The C floor's wall time for `n` jobs, or why it was not measured (no C compiler). */
function jobFloorMs(n) {
  const bin = join(project, 'job-floor');
  if (!existsSync(bin)) {
    const cc = spawnSync('cc', ['-O2', '-o', bin, join(ROOT, 'bench', 'fixtures', 'job-floor.c')], { encoding: 'utf8' });
    if (cc.error || cc.status !== 0) return `skipped: no C compiler (cc: ${cc.error?.message ?? cc.stderr.trim().split('\n')[0]})`;
  }
  mkdirSync(join(project, 'sweeps'), { recursive: true });
  return timeCommand(bin, [newSweepDir(), String(n)], { cwd: project });
}

async function sleepSweep() {
  const runs = env('BENCH_STREAM_SLEEP_RUNS', 3);
  const o = [], x = [];
  for (let i = 0; i < runs; i++) {
    x.push(xargsMs(200, 'sleep 0.05'));
    const dir = newSweepDir();
    o.push(timeCommand(process.execPath, [ORCH, 'sleep', 'i=range(200)', '-m', 'orch.launcher.n_jobs=2', `orch.sweep.dir=${dir}`], { cwd: project }));
  }
  const ratio = median(o) / median(x);
  figure('200 × `sleep 0.05`, n_jobs=2, vs `xargs -P2`', `orch ${sec(median(o))}, xargs ${sec(median(x))} (medians of ${runs} alternated)`, '≤ 1.05×', { ratio, of: 'xargs', met: ratio <= 1.05 });
}

async function fsyncs() {
  if (spawnSync('strace', ['-V']).status !== 0) {
    figure('fsync per job, amortised', 'skipped: strace is not installed (apt-get install -y strace)', '≤ 1');
    return;
  }
  const n = env('BENCH_STREAM_FSYNC_JOBS', 1000);
  const out = join(project, 'strace.txt');
  const dir = newSweepDir();
  timeCommand('strace', ['-f', '-c', '-e', 'trace=fsync,fdatasync', '-o', out, process.execPath, ORCH, ...sweepArgs('noop', n, dir)], { cwd: project });
  const count = countFsyncs(readFileSync(out, 'utf8'));
  figure(`fsync per job, amortised (strace -f, ${int(n)}-job sweep of \`true\`)`, `${int(count)} fsync+fdatasync = ${(count / n).toFixed(3)} per job`, '≤ 1', { met: count / n <= 1 });
}

/** `orch status` and `orch report` on `dir`, median of 3 for status; node -e 0 as the floor. */
async function timeReaders(label, dir) {
  const node = median([0, 1, 2].map(() => timeCommand(process.execPath, ['-e', '0'])));
  const status = median([0, 1, 2].map(() => timeCommand(process.execPath, [ORCH, 'status', dir], { cwd: project })));
  const json = timeCommand(process.execPath, [ORCH, 'status', dir, '--json'], { cwd: project });
  figure(`\`orch status\` on ${label}`, `${sec(status)} (--json ${sec(json)}; node -e 0: ${sec(node)})`, '≤ 1 s', { ratio: status / 1000, met: status <= 1000 });
  // Through runOrch for its peak RSS (VmHWM, polled): a 100,000-job report once needed 1.6 GB.
  const report = await runOrch(['report', dir]);
  if (report.code !== 0) throw new Error(`orch report exited ${report.code}: ${report.stderr.trim().split('\n').pop()}`);
  figure(`\`orch report\` on ${label}`, `${sec(report.ms)}, peak RSS ${int(report.peakMb)} MB`, '≤ 10 s', { ratio: report.ms / 10_000, met: report.ms <= 10_000 });
}

async function readers() {
  if (realSweep) await timeReaders(`the real ${int(realSweep.n)}-job sweep above`, realSweep.dir);
  const n = env('BENCH_STREAM_STATUS_JOBS', 100_000);
  const dir = newSweepDir();
  if (process.env.BENCH_STREAM_STATUS_REAL === '1') {
    const r = await runOrch(sweepArgs('noop', n, dir));
    if (r.code !== 0) throw new Error(`the ${n}-job sweep failed (${r.code}): ${r.stderr.trim().split('\n').pop()}`);
    await timeReaders(`a real ${int(n)}-job sweep (run in ${sec(r.ms)})`, dir);
  } else {
    // The generator writes the format the CLI writes: learn it from a small real sweep.
    const probe = newSweepDir();
    const p = await runOrch(sweepArgs('noop', 2, probe));
    const format = detectFormat(probe);
    if (p.code !== 0 || !format) throw new Error(`cannot tell the sweep format from a 2-job sweep (exit ${p.code}): set BENCH_STREAM_STATUS_REAL=1`);
    const t0 = performance.now();
    await generateSweep(dir, n, { format, task: 'noop', projectRoot: project });
    await timeReaders(`a generated ${int(n)}-job sweep (${format} format, written in ${sec(performance.now() - t0)})`, dir);
  }
}

/** Jobs completed by a sweep's journal (a count of lines, not a fold: an interrupt records the rest cancelled). */
function completedJobs(dir) {
  const path = join(dir, '.orch', 'journal.jsonl');
  return existsSync(path) ? readFileSync(path, 'utf8').split('"ev":"finished","status":"completed"').length - 1 : 0;
}

async function million() {
  const limitMs = env('BENCH_MILLION_LIMIT_S', 600) * 1000;
  const dir = newSweepDir();
  const curve = [];
  let next = 0;
  let firstMs;
  rmSync(flag, { force: true });
  // Jobs touch the flag (an exec, as `true` is) so the curve shows where the first job started.
  const r = await runOrch(sweepArgs('first', 1_000_000, dir), {
    limitMs,
    onSample: (ms, mb) => {
      if (firstMs === undefined && existsSync(flag)) firstMs = ms;
      if (ms >= next) { curve.push(`${Math.round(ms / 1000)} s: ${int(mb)} MB`); next += 10_000; }
    },
  });
  console.log(`  RSS curve (peak so far, every 10 s): ${curve.join(', ')}`);
  // The peak before the interrupt is the run's; what follows is recording the jobs not started.
  console.log(`  jobs completed: ${int(completedJobs(dir))} of 1,000,000 (journal); peak RSS ${int(r.stoppedAt?.peakMb ?? r.peakMb)} MB before the interrupt, ${int(r.peakMb)} MB at the end`);
  const whole = r.code === 0;
  const started = firstMs === undefined ? 'no job had started' : `first job started after ${sec(firstMs)}`;
  // An interrupted run is not judged: its peak is a lower bound.
  figure('peak RSS, 1,000,000-job sweep of `true`', `${int(r.peakMb)} MB ${whole ? `(whole sweep, ${sec(r.ms)})` : `(interrupted after ${sec(r.stoppedAt?.ms ?? r.ms)}; ${started})`}`, '≤ 150 MB',
    { ratio: r.peakMb / 150, atLeast: !whole, met: whole ? r.peakMb <= 150 : r.peakMb <= 150 ? undefined : false });
}

console.log(`orch stream benchmarks (${spawnSync('nproc').stdout.toString().trim()} cores, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}, node ${process.version})`);
try {
  await part('first', firstJob);
  await part('sweep', wholeSweep);
  await part('sleep', sleepSweep);
  await part('fsync', fsyncs);
  await part('status', readers);
  if (process.env.BENCH_MILLION === '1') await part('million', million);
} finally {
  rmSync(project, { recursive: true, force: true });
}
console.log('\n| figure | measured | ratio | goal | |\n| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.name} | ${r.measured} | ${r.ratio} | ${r.goal} | ${r.met} |`);
