#!/usr/bin/env node
// The readers at scale (issue 13): `orch status`, `orch status --json` and `orch report` of a
// finished 100,000-job sweep, synthesised on disk as a real sweep leaves it (plan record, journal,
// and per job: run.json, config.json, orch.yaml, metrics.json; bench/_sweep-gen.mjs), each timed
// (wall and CPU = user+sys, from /usr/bin/time) beside baselines measured in the same run: `cat` of
// the journal and of the plan's jobs, and `node -e 0`. The same sweep is read twice: with the
// journal as this orch writes it (finished events carry metrics) and as an earlier orch wrote it
// (readers fall back to each job's files).
// Usage: node bench/readers.mjs   (or npm run bench -- readers)
// Env: BENCH_READERS_JOBS=100000   sweep size
//      BENCH_READERS_RUNS=3        runs of each command (median)
//      BENCH_READERS_REPORT=1      also time `orch report` (0 to skip: it takes the longest)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtOrch, median } from './_util.mjs';
import { generateSweep } from './_sweep-gen.mjs';

const ORCH = builtOrch('readers.mjs');
const n = Number(process.env.BENCH_READERS_JOBS ?? 100_000);
const runs = Number(process.env.BENCH_READERS_RUNS ?? 3);
const withReport = process.env.BENCH_READERS_REPORT !== '0';
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Wall and CPU seconds of one run of `cmd`, from /usr/bin/time (output discarded). */
function timed(cmd, args, cwd) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const last = r.stderr.toString().trim().split('\n').pop();
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(-500)}`);
  const [wall, user, sys, rssKb] = last.split(' ').map(Number);
  return { wall, cpu: user + sys, rssMb: rssKb / 1024 };
}

function measure(cmd, args, cwd) {
  const all = Array.from({ length: runs }, () => timed(cmd, args, cwd));
  return { wall: median(all.map((t) => t.wall)), cpu: median(all.map((t) => t.cpu)), rssMb: Math.max(...all.map((t) => t.rssMb)) };
}

const project = mkdtempSync(join(tmpdir(), 'orch-bench-readers-'));
mkdirSync(join(project, 'config'));
writeFileSync(join(project, 'config', 'noop.yaml'), 'a: 0\nb: 0\norch:\n  task:\n    command: ["true"]\n');
const rows = [];
function row(what, t, base) {
  const r = { what, wall: `${t.wall.toFixed(2)} s`, cpu: `${t.cpu.toFixed(2)} s`, rss: `${Math.round(t.rssMb)} MB`, ratio: base ? `${(t.cpu / Math.max(base.cpu, 0.01)).toFixed(1)}× cpu of ${base.name}` : '' };
  rows.push(r);
  console.log(`${what}: wall ${r.wall}, cpu ${r.cpu}, peak RSS ${r.rss}${r.ratio ? ` (${r.ratio})` : ''}`);
}

console.log(`orch readers benchmark: ${n.toLocaleString('en-US')} finished jobs, median of ${runs} (${spawnSync('nproc').stdout.toString().trim()} cores, load ${load()}, node ${process.version})`);
try {
  for (const facts of [true, false]) {
    const dir = join(project, facts ? 'sweep' : 'sweep-old');
    const t0 = performance.now();
    await generateSweep(dir, n, { format: 'stream', task: 'noop', projectRoot: project, journalFacts: facts });
    const label = facts ? 'journal with metrics (this orch)' : 'journal without metrics (earlier orch: files read)';
    console.log(`\n### ${label}: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const node = { ...measure(process.execPath, ['-e', '0'], project), name: 'node -e 0' };
    const cat = { ...measure('cat', [join(dir, '.orch', 'journal.jsonl'), join(dir, '.orch', 'jobs.jsonl')], project), name: 'cat journal + plan' };
    row('node -e 0', node);
    row('cat of the journal and the plan', cat);
    const status = measure(process.execPath, [ORCH, 'status', dir], project);
    row('orch status', status, node);
    row('orch status --json', measure(process.execPath, [ORCH, 'status', dir, '--json'], project), node);
    console.log(`  orch status above the node floor: wall ${(status.wall - node.wall).toFixed(2)} s; goal ≤ 1 s wall: ${status.wall <= 1 ? 'met' : 'NOT met'}, ≤ 1 s cpu (holds on a loaded login node): ${status.cpu <= 1 ? 'met' : 'NOT met'}`);
    if (withReport) {
      const report = timed(process.execPath, [ORCH, 'report', dir, '--format', 'md'], project);
      row('orch report --format md (one run)', report, node);
      console.log(`  goal ≤ 10 s wall: ${report.wall <= 10 ? 'met' : 'NOT met'} (cpu ${report.cpu.toFixed(2)} s, peak RSS ${Math.round(report.rssMb)} MB)`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(project, { recursive: true, force: true });
}
console.log(`\n(load at the end ${load()})\n| command | wall | cpu | peak RSS | ratio |\n| --- | --- | --- | --- | --- |`);
for (const r of rows) console.log(`| ${r.what} | ${r.wall} | ${r.cpu} | ${r.rss} | ${r.ratio} |`);
