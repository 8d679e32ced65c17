#!/usr/bin/env node
// Slurm launcher overhead, against the compiled dist/ and a reachable Slurm (the local test cluster:
// /work/shared/slurm/start-local-slurm.sh). Time from submitting 100 no-op jobs through orch's Slurm
// launcher until all are seen completed, vs `sbatch --wait --array=0-99` of the same no-op by hand
// (goal: ratio <= 1.2), and vs a hand-written tight squeue poll (what the scheduler allows at best).
// Usage: node bench/slurm.mjs [--jobs N] [--rounds R]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './_util.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'src');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const N = arg('--jobs', 100);
const ROUNDS = arg('--rounds', 1);

if (!process.env.SLURM_CONF && existsSync('/tmp/local-slurm/etc/slurm.conf')) process.env.SLURM_CONF = '/tmp/local-slurm/etc/slurm.conf';
const sinfo = spawnSync('sinfo', ['-h'], { encoding: 'utf8' });
if (sinfo.error || sinfo.status !== 0) {
  console.log(`bench/slurm.mjs: skipped, no reachable Slurm (${sinfo.error?.message ?? sinfo.stderr.trim()})`);
  process.exit(0);
}
if (!existsSync(join(DIST, 'launchers', 'slurm', 'launcher.js'))) {
  console.error('bench/slurm.mjs: build first: npx tsc -p tsconfig.json');
  process.exit(2);
}
const { createSlurmLauncher } = await import(join(DIST, 'launchers', 'slurm', 'launcher.js'));
const { sourceOfJobs } = await import(join(DIST, 'launchers', 'job-source.js'));

const submitted = [];
process.on('exit', () => { if (submitted.length) spawnSync('scancel', submitted); });
const secs = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

function byHand() {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sbatch', ['--wait', `--array=0-${N - 1}`, '--output=/dev/null', '--wrap', 'true'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sbatch --wait failed: ${r.stderr}`);
  return secs(t0);
}

async function tightPoll() {
  const t0 = process.hrtime.bigint();
  const id = spawnSync('sbatch', ['--parsable', `--array=0-${N - 1}`, '--output=/dev/null', '--wrap', 'true'], { encoding: 'utf8' }).stdout.trim();
  submitted.push(id);
  while (spawnSync('squeue', ['-h', '-j', id, '-t', 'PD,R,CG,CF'], { encoding: 'utf8' }).stdout.trim() !== '') await new Promise((r) => setTimeout(r, 500));
  return secs(t0);
}

async function throughOrch() {
  const sweepDir = mkdtempSync(join(tmpdir(), 'orch-bench-slurm-'));
  const jobs = Array.from({ length: N }, (_, num) => {
    const outputDir = join(sweepDir, String(num));
    mkdirSync(join(outputDir, '.orch'), { recursive: true });
    return { num, overrides: [], overrideDirname: '', outputDir, argv: ['true'], env: {}, cwd: sweepDir };
  });
  const settings = { name: 'slurm' };
  const launcher = createSlurmLauncher(settings);
  const t0 = process.hrtime.bigint();
  const handles = await launcher.submit(sourceOfJobs(jobs), { sweepDir, settings, projectRoot: sweepDir, task: 'bench', interactive: false });
  submitted.push(...launcher.arrayJobIds);
  for (;;) {
    const states = await launcher.poll(handles);
    if (states.every((s) => s.status === 'completed')) break;
    if (states.some((s) => s.status === 'failed' || s.status === 'cancelled')) throw new Error(`a no-op job did not complete: ${JSON.stringify(states.find((s) => s.status !== 'completed'))}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const t = secs(t0);
  rmSync(sweepDir, { recursive: true, force: true });
  return t;
}

const hand = [], tight = [], orch = [];
for (let i = 0; i < ROUNDS; i++) {
  hand.push(byHand());
  tight.push(await tightPoll());
  orch.push(await throughOrch());
}
const [h, t, o] = [median(hand), median(tight), median(orch)];
console.log(`${N} no-op jobs on Slurm (${ROUNDS} round(s), medians):`);
console.log(`  sbatch --wait --array (by hand):   ${h.toFixed(1)} s`);
console.log(`  sbatch + squeue every 0.5 s:       ${t.toFixed(1)} s`);
console.log(`  orch Slurm launcher (submit+poll): ${o.toFixed(1)} s`);
console.log(`  ratio orch / sbatch --wait: ${(o / h).toFixed(2)}x (goal <= 1.2x); orch / tight poll: ${(o / t).toFixed(2)}x`);
