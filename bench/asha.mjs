// Issue 14's pruning benchmark: the example search (config/experiment/search_mlp.yaml: TPE over the
// MNIST MLP's lr, width and batch size) run twice in one go, with ASHA and with no pruner, same seeds
// and n_trials. The goal: at least 2x fewer epochs spent with ASHA for a best validation accuracy
// within 0.3 points. Epochs spent = history.jsonl lines of every trial (a pruned trial's epochs
// included). CPU is user+sys of orch and every trial (/usr/bin/time), the figure to trust on a
// loaded machine. Needs dist/ (bench/run.mjs builds it).
// Both arms run once per sampler seed (orch.sweeper.seed); a single seed's best accuracy is mostly
// which configs TPE happened to try, so the goal is checked on the medians over seeds.
// Usage: node bench/asha.mjs [n_jobs] [seeds] [extra override ...]   e.g. node bench/asha.mjs 2 3 orch.sweeper.n_trials=24
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/bundle/orch.cjs');
const N_JOBS = Number(process.argv[2] ?? 2);
const SEEDS = Number(process.argv[3] ?? 3);
const EXTRA = process.argv.slice(4);
const work = mkdtempSync(join(tmpdir(), 'orch-asha-'));

function runArm(name, overrides) {
  const sweep = join(work, name);
  const args = [process.execPath, bin, 'train', '-m', '+experiment=search_mlp', `orch.launcher.n_jobs=${N_JOBS}`, `orch.sweep.dir=${sweep}`, ...overrides, ...EXTRA];
  const timed = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = spawnSync(timed ? '/usr/bin/time' : args[0], timed ? ['-f', 'CPU %U %S', ...args] : args.slice(1), { cwd: root, encoding: 'utf8' });
  const wallSec = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${name}: orch exited ${r.status}\n${r.stderr.slice(-3000)}`);
  const cpu = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return { name, ...summarize(sweep), wallSec, cpuSec: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN };
}

function summarize(sweep) {
  const events = readFileSync(join(sweep, '.orch/journal.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const told = new Map(events.filter((e) => e.ev === 'told').map((e) => [e.job, e]));
  let epochs = 0;
  for (const d of readdirSync(sweep).filter((x) => /^\d+$/.test(x))) {
    const hist = join(sweep, d, 'history.jsonl');
    if (existsSync(hist)) epochs += readFileSync(hist, 'utf8').split('\n').filter((l) => l.includes('"step"')).length;
  }
  const completed = [...told.values()].filter((e) => e.state === 'completed');
  const best = completed.reduce((b, e) => (b === undefined || e.value > b.value ? e : b), undefined);
  const params = best && events.find((e) => e.ev === 'trial' && e.job === best.job)?.params;
  return {
    trials: told.size, completed: completed.length, pruned: [...told.values()].filter((e) => e.state === 'pruned').length,
    failed: [...told.values()].filter((e) => e.state === 'failed').length, epochs, best: best?.value, bestTrial: best?.job, bestParams: params,
  };
}

console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; n_jobs=${N_JOBS}; seeds 0..${SEEDS - 1}; work dir ${work}`);
const runs = [];
for (let seed = 0; seed < SEEDS; seed++) {
  for (const [name, overrides] of [['asha', []], ['no-pruner', ['orch.sweeper.pruner=null']]]) {
    runs.push({ seed, ...runArm(`${name}-${seed}`, [`orch.sweeper.seed=${seed}`, ...overrides]), arm: name });
  }
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('\n| arm | seed | trials | completed | pruned | failed | epochs spent | best val.accuracy | best trial | wall s | CPU s (user+sys) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const a of runs) {
  console.log(`| ${a.arm} | ${a.seed} | ${a.trials} | ${a.completed} | ${a.pruned} | ${a.failed} | ${a.epochs} | ${a.best?.toFixed(4)} | ${a.bestTrial} | ${a.wallSec.toFixed(0)} | ${a.cpuSec.toFixed(0)} |`);
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const of = (arm, key) => runs.filter((r) => r.arm === arm).map((r) => r[key]);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const epochRatio = sum(of('no-pruner', 'epochs')) / sum(of('asha', 'epochs'));
const gaps = runs.filter((r) => r.arm === 'asha').map((a) => (runs.find((r) => r.arm === 'no-pruner' && r.seed === a.seed).best - a.best) * 100);
const gap = (median(of('no-pruner', 'best')) - median(of('asha', 'best'))) * 100;
const ratios = runs.filter((r) => r.arm === 'asha').map((a) => runs.find((r) => r.arm === 'no-pruner' && r.seed === a.seed).epochs / a.epochs);
console.log(`\nepochs without pruning / with ASHA (all seeds): ${epochRatio.toFixed(2)}x (goal >= 2x): ${epochRatio >= 2 ? 'met' : 'MISSED'}`);
console.log(`epochs ratio per seed: ${ratios.map((x) => x.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}x`);
// Two readings of "within 0.3 points", both printed: the paired one (same seed) and the medians'.
const paired = median(gaps);
console.log(`best accuracy, no pruner minus ASHA, per seed: ${gaps.map((g) => g.toFixed(2)).join(', ')} points; median ${paired.toFixed(2)} (goal <= 0.3): ${paired <= 0.3 ? 'met' : 'MISSED'}`);
console.log(`median best accuracy over seeds, no pruner minus ASHA: ${gap.toFixed(2)} points (goal <= 0.3): ${gap <= 0.3 ? 'met' : 'MISSED'}`);
console.log(`CPU without pruning / with ASHA (all seeds): ${(sum(of('no-pruner', 'cpuSec')) / sum(of('asha', 'cpuSec'))).toFixed(2)}x`);
rmSync(work, { recursive: true, force: true });
