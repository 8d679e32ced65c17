// Search sweepers against Optuna 3.1 (Debian's python3-optuna) in one run: median best value
// over 20 seeds at 50 and 100 trials on four test functions, the distribution of random proposals,
// proposal overhead at 1,000 finished trials, and steady-state vs batch scheduling (simulated).
// Optuna is only the yardstick: without it the orch side still runs and the bench says so.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseOverride } from '../dist/src/overrides/index.js';
import { searchSpaceOf, createStudy, createTpeSampler, createRandomSampler } from '../dist/src/sweep/search/index.js';
import { createRng } from '../dist/src/sweep/search/rng.js';
import { FUNCTIONS, argsOf } from './search/functions.mjs';
import { median } from './_util.mjs';

const SEEDS = Number(process.env.SEARCH_BENCH_SEEDS ?? 20);
const N_TRIALS = 100;
const BUDGETS = [50, 100];
const N_STARTUP = 10;
const PY = '/usr/bin/python3';
const OPTUNA_SIDE = new URL('./search/optuna_side.py', import.meta.url).pathname;

function hasOptuna() {
  return spawnSync(PY, ['-c', 'import optuna'], { stdio: 'ignore' }).status === 0;
}

function callOptuna(request) {
  const r = spawnSync(PY, [OPTUNA_SIDE], { input: JSON.stringify(request), maxBuffer: 1 << 28, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`optuna side failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const spaceOf = (name) => searchSpaceOf({ overrides: FUNCTIONS[name].space.map(parseOverride) });

function runOrch(name, sampler, seed) {
  const study = createStudy({ space: spaceOf(name), sampler, nTrials: N_TRIALS, direction: 'minimize', seed });
  const values = [];
  const params = [];
  for (let p = study.ask(); p !== 'done'; p = study.ask()) {
    const args = argsOf(p.params);
    const value = FUNCTIONS[name].f(args);
    values.push(value);
    params.push(args);
    study.tell({ trial: p.trial, state: 'completed', value });
  }
  return { values, params };
}

const bestAt = (values, n) => Math.min(...values.slice(0, n));
const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4));

/** Asymptotic p-value of a two-sample KS statistic d (Numerical Recipes' probks). */
function ksPValue(d, n, m) {
  const ne = Math.sqrt((n * m) / (n + m));
  const l = (ne + 0.12 + 0.11 / ne) * d;
  let sum = 0;
  for (let k = 1; k <= 100; k++) sum += 2 * (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * l * l);
  return Math.min(1, Math.max(0, sum));
}

/** Two-sample Kolmogorov-Smirnov statistic. */
function ks(a, b) {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0, j = 0, d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

function overheadOrch(history, repeats) {
  const space = spaceOf('hartmann6');
  const records = history.map(([p, v], trial) => ({ trial, params: Object.fromEntries(Object.entries(p).map(([k, x]) => [k, String(x)])), result: { trial, state: 'completed', value: v } }));
  const study = createStudy({ space, sampler: createTpeSampler(), nTrials: history.length + repeats, direction: 'minimize', seed: 0 }, records);
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const p = study.ask();
    times.push(performance.now() - t0);
    study.tell({ trial: p.trial, state: 'completed', value: FUNCTIONS.hartmann6.f(argsOf(p.params)) });
  }
  return { median: median(times), first: times[0] };
}

/** Share of n_jobs slots busy over [0, until], given each trial's [start, end). */
function utilisation(runs, nJobs, until) {
  const busy = runs.reduce((s, r) => s + Math.max(0, Math.min(r.end, until) - r.start), 0);
  return until > 0 ? busy / (nJobs * until) : 1;
}

/** 40 trials of 1-10 s on n_jobs slots, simulated clock: refill a slot as it frees vs Hydra's batches. */
function steadyState(nTrials = 40, nJobs = 4) {
  const rng = createRng(7);
  const durations = Array.from({ length: nTrials }, () => rng.uniform(1, 10));
  const study = createStudy({ space: spaceOf('branin'), sampler: createTpeSampler(), nTrials, direction: 'minimize', seed: 0 });
  const runs = [];
  let running = [];
  let clock = 0;
  const fill = () => {
    for (let p = running.length < nJobs ? study.ask() : 'wait'; typeof p === 'object'; p = running.length < nJobs ? study.ask() : 'wait') {
      const run = { p, start: clock, end: clock + durations[runs.length] };
      runs.push(run);
      running.push(run);
    }
  };
  fill();
  while (running.length > 0) {
    running.sort((a, b) => a.end - b.end);
    const run = running.shift();
    clock = run.end;
    study.tell({ trial: run.p.trial, state: 'completed', value: FUNCTIONS.branin.f(argsOf(run.p.params)) });
    fill();
  }
  const lastStart = Math.max(...runs.map((r) => r.start));
  const steady = { makespan: clock, untilLast: utilisation(runs, nJobs, lastStart), overall: utilisation(runs, nJobs, clock) };
  const batchRuns = [];
  let batchClock = 0;
  for (let i = 0; i < nTrials; i += nJobs) {
    const batch = durations.slice(i, i + nJobs);
    batch.forEach((d) => batchRuns.push({ start: batchClock, end: batchClock + d }));
    batchClock += Math.max(...batch);
  }
  const batchLast = Math.max(...batchRuns.map((r) => r.start));
  const batch = { makespan: batchClock, untilLast: utilisation(batchRuns, nJobs, batchLast), overall: utilisation(batchRuns, nJobs, batchClock) };
  return { steady, batch };
}

function main() {
  const names = Object.keys(FUNCTIONS);
  const optuna = hasOptuna();
  if (!optuna) console.log(`Optuna is not importable by ${PY}: install it with 'apt-get install -y python3-optuna'. Skipping the Optuna side.`);

  const orch = {};
  for (const name of names) {
    for (const [kind, make] of [['tpe', () => createTpeSampler({ nStartupTrials: N_STARTUP })],
      ['tpe-indep', () => createTpeSampler({ nStartupTrials: N_STARTUP, multivariate: false })], ['random', createRandomSampler]]) {
      const t0 = performance.now();
      orch[`${name}/${kind}`] = Array.from({ length: SEEDS }, (_, seed) => runOrch(name, make(), seed));
      orch[`${name}/${kind}`].ms = performance.now() - t0;
    }
  }

  const rngH = createRng(12345);
  const history = Array.from({ length: 1000 }, () => {
    const p = Object.fromEntries([...Array(6).keys()].map((j) => [`x${j}`, rngH.random()]));
    return [p, FUNCTIONS.hartmann6.f(p)];
  });
  const check = [['branin', { x1: Math.PI, x2: 2.275 }], ['hartmann6', { x0: 0.2, x1: 0.15, x2: 0.48, x3: 0.28, x4: 0.31, x5: 0.66 }],
    ['log_rosenbrock', Object.fromEntries([...Array(10).keys()].map((j) => [`x${j}`, j / 10]))], ['mixed', { opt: 'c', lr: 0.001, width: 3 }]];
  let py;
  if (optuna) {
    const t0 = performance.now();
    py = callOptuna({ check, studies: { functions: names, seeds: SEEDS, n_trials: N_TRIALS, n_startup_trials: N_STARTUP }, overhead: { history, repeats: 21 } });
    console.log(`Optuna ${py.version}: studies and overhead took ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    check.forEach(([name, p], i) => {
      const mine = FUNCTIONS[name].f(p);
      if (Math.abs(mine - py.check[i]) > 1e-9 * Math.max(1, Math.abs(mine))) throw new Error(`${name} differs: orch ${mine}, Python ${py.check[i]}`);
    });
  }

  console.log(`\nMedian best value over ${SEEDS} seeds (minimize; n_startup_trials=${N_STARTUP})`);
  const cols = ['orch tpe', 'orch tpe (indep.)', 'orch random', ...(optuna ? ['optuna tpe', 'optuna random'] : [])];
  console.log(['function', 'trials', ...cols].map((c) => c.padEnd(18)).join(''));
  const verdict = { geOptuna: 0, beatsRandom: 0, cells: 0 };
  for (const name of names) {
    for (const n of BUDGETS) {
      const med = (runs) => median(runs.map((r) => bestAt(r.values, n)));
      const row = [med(orch[`${name}/tpe`]), med(orch[`${name}/tpe-indep`]), med(orch[`${name}/random`])];
      if (optuna) row.push(med(py.studies[`${name}/tpe`]), med(py.studies[`${name}/random`]));
      console.log([name, String(n), ...row.map(fmt)].map((c) => c.padEnd(18)).join(''));
      if (n === N_TRIALS) {
        if (row[0] < row[2]) verdict.beatsRandom++;
        if (optuna && row[0] <= row[3]) verdict.geOptuna++;
      }
    }
  }
  console.log(`\nAt ${N_TRIALS} trials: orch TPE beats orch random on ${verdict.beatsRandom}/4 (want 4/4)` +
    (optuna ? `; orch TPE at least as good as Optuna TPE on ${verdict.geOptuna}/4 (want >= 3/4)` : ''));
  for (const name of names) {
    console.log(`  ${name}: orch tpe ${(orch[`${name}/tpe`].ms / SEEDS).toFixed(0)} ms per ${N_TRIALS}-trial study`);
  }

  if (optuna) {
    const n = SEEDS * N_TRIALS;
    console.log(`\nRandom proposals, orch vs Optuna: two-sample KS statistic (p-value) per dimension, ${n} draws each`);
    let minP = 1, tests = 0;
    for (const name of ['hartmann6', 'mixed']) {
      const a = orch[`${name}/random`].flatMap((r) => r.params);
      const b = py.studies[`${name}/random`].flatMap((r) => r.params);
      const parts = Object.keys(a[0]).map((k) => {
        const num = (p) => (typeof p[k] === 'string' ? 'abcd'.indexOf(p[k]) : k === 'lr' ? Math.log10(p[k]) : p[k]);
        const d = ks(a.map(num), b.map(num));
        const p = ksPValue(d, n, n);
        minP = Math.min(minP, p);
        tests++;
        return `${k} ${d.toFixed(3)} (${p.toFixed(2)})`;
      });
      console.log(`  ${name}: ${parts.join(', ')}`);
    }
    console.log(`  smallest p-value ${minP.toFixed(3)} over ${tests} dimensions: ${minP > 0.01 / tests ? 'no difference at the 1 % level (Bonferroni)' : 'DIFFERENT at the 1 % level'}`);
  }

  const orchMs = overheadOrch(history, 21);
  console.log(`\nProposal overhead at 1,000 finished trials (Hartmann-6, TPE, median of 21 asks): orch ${orchMs.median.toFixed(1)} ms` +
    ` (first ask, before the JIT warms up: ${orchMs.first.toFixed(0)} ms)` +
    (optuna ? `, Optuna ${py.overhead_ms.toFixed(1)} ms (orch/Optuna ${(orchMs.median / py.overhead_ms).toFixed(2)})` : ''));

  const { steady, batch } = steadyState();
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  console.log('\nSteady state, 40 trials of 1-10 s on n_jobs=4 (simulated clock):');
  console.log(`  ask when a slot frees: utilisation until the last proposal ${pct(steady.untilLast)}, overall ${pct(steady.overall)}, makespan ${steady.makespan.toFixed(1)} s`);
  console.log(`  batches of n_jobs    : utilisation until the last proposal ${pct(batch.untilLast)}, overall ${pct(batch.overall)}, makespan ${batch.makespan.toFixed(1)} s`);
}

main();
