#!/usr/bin/env node
// Submitting a big sweep to Slurm (issue 13): `orch noop 'a=range(500)' 'b=range(10)' -m
// +launcher=slurm --no-wait` (5,000 jobs) from invocation to orch's exit, beside `sbatch` of one
// 1,000-task array by hand in the same run, and the files in the sweep dir when orch returns (the
// plan record, the frozen tree, the array scripts: no file per job). The arrays are cancelled at
// once, so the shared test cluster is not kept busy. Skips cleanly without a reachable Slurm.
// Usage: node bench/slurm-submit.mjs [--a 1000] [--b 10]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
// 5,000 by default: the local test cluster's MaxJobCount is 10,000 tasks, and finished ones count for MinJobAge (300 s), so a bigger sweep would block other tests; on a real cluster use --a 1000.
const A = arg('--a', 500);
const B = arg('--b', 10);

for (const conf of ['/tmp/orch-slurm/etc/slurm.conf', '/tmp/local-slurm/etc/slurm.conf']) if (!process.env.SLURM_CONF && existsSync(conf)) process.env.SLURM_CONF = conf;
const sinfo = spawnSync('sinfo', ['-h'], { encoding: 'utf8' });
if (sinfo.error || sinfo.status !== 0) {
  console.log(`bench/slurm-submit.mjs: skipped, no reachable Slurm (${sinfo.error?.message ?? sinfo.stderr.trim()})`);
  process.exit(0);
}
if (!existsSync(MAIN)) { console.error('bench/slurm-submit.mjs: build first (npm run build)'); process.exit(2); }

const secs = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const ids = [];
process.on('exit', () => { if (ids.length) spawnSync('scancel', ids); });

const project = mkdtempSync(join(tmpdir(), 'orch-bench-submit-'));
mkdirSync(join(project, 'config'));
writeFileSync(join(project, 'config', 'noop.yaml'), 'a: 0\nb: 0\norch:\n  task:\n    command: ["true"]\n');

function countFiles(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(join(dir, e.name)) : 1;
  return n;
}

let t0 = process.hrtime.bigint();
const hand = spawnSync('sbatch', ['--parsable', '--array=0-999', '--output=/dev/null', '--hold', '--wrap', 'true'], { encoding: 'utf8' });
const byHand = secs(t0);
if (hand.status === 0) spawnSync('scancel', [hand.stdout.trim().split(';')[0]]);

t0 = process.hrtime.bigint();
const r = spawnSync(process.execPath, [MAIN, 'noop', `a=range(${A})`, `b=range(${B})`, '-m', '+launcher=slurm', '--no-wait', 'orch.sweep.dir=outputs/s'], { cwd: project, encoding: 'utf8' });
const submit = secs(t0);
ids.push(...[...r.stderr.matchAll(/job ids: ([\d, ]+)/g)].flatMap((m) => m[1].split(', ')));
spawnSync('scancel', ids);
if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
const sweepDir = join(project, 'outputs', 's');
// Counted after the cancel: tasks that ran meanwhile made their own dirs on the node, not orch.
const jobDirs = readdirSync(sweepDir).filter((n) => /^\d+$/.test(n)).length;
const files = countFiles(sweepDir);
const arrays = readdirSync(join(sweepDir, '.slurm')).filter((n) => n.endsWith('.sbatch')).length;
const n = A * B;
console.log(`| figure | measured |`);
console.log(`| --- | --- |`);
console.log(`| ${n}-job sweep, invocation to submitted (--no-wait) | ${submit.toFixed(2)} s (${arrays} arrays) |`);
console.log(`| sbatch of one 1,000-task array by hand, same run | ${byHand.toFixed(2)} s (orch/hand ${(submit / byHand).toFixed(1)}x for ${arrays}x the arrays) |`);
console.log(`| files in the sweep dir after submission | ${files} (of them job dirs made by tasks that started meanwhile: ${jobDirs}) |`);
console.log(`| plan record size | ${(statSync(join(sweepDir, '.orch', 'jobs.jsonl')).size / 1e6).toFixed(2)} MB jobs.jsonl |`);
rmSync(project, { recursive: true, force: true });
