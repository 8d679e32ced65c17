// The stream formats of a sweep (src/store/STREAM-FORMAT.md): plan record, frozen config tree,
// journal. Each figure runs in a child process so its peak RSS is its own. Needs dist/ (npm run bench).
// Goals (issue 13): plan written >= 50,000 jobs/s; fsync per job amortised <= 1; status of a
// 100,000-job sweep <= 1 s. Ratios are measured in the same run.
// Usage: node bench/plan-record.mjs [planJobs]   (BENCH_PLAN_MILLION=0 / BENCH_FOLD_MILLION=0 skip the million-job figures)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync, fsyncSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countFsyncs, median } from './_util.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => join(root, 'dist', 'src', 'store', p);
const self = fileURLToPath(import.meta.url);
const PLAN_JOBS = Number(process.argv[2] ?? 100_000);
const GOAL = 50_000;

/**
 * A resolved config of realistic size (~700 bytes of JSON) for job `i`. Built by concatenation so
 * that making it costs next to nothing: the figure is about writing the plan and hashing configs.
 */
const CONFIG = JSON.stringify({
  model: { name: 'net5', hidden: [64, 64, 32], dropout: 0.1, activation: 'relu', init: 'kaiming_uniform' },
  optimizer: { name: 'adam', lr: 0.001, betas: [0.9, 0.999], weight_decay: 0, amsgrad: false },
  training: { epochs: 10, batch_size: 64, log_every: 50, early_stop: { patience: 3, min_delta: 0.001 }, checkpoint: { every: 1, keep: 3 } },
  dataset: { name: 'mnist_small', path: '/data/mnist', split: [0.8, 0.1, 0.1], augment: false, workers: 4, shuffle: true, normalize: { mean: 0.1307, std: 0.3081 } },
  seed: 0,
}).replace('"seed":0}', '"seed":');
const configText = (i) => `${CONFIG}${i}}`;

const children = {
  async plan(dir, jobs) {
    const { createPlanWriter } = await import(dist('plan-record-writer.js'));
    const { hashText } = await import(dist('content-hash.js'));
    const t0 = performance.now();
    const w = await createPlanWriter(dir, { task: 'train', command: ['train', '-m'], createdAt: new Date().toISOString(), sweepDir: dir, launcher: { name: 'local' }, expectedJobs: jobs });
    for (let i = 0; i < jobs; i++) {
      const a = `a=${i % 100}`, b = `b=${Math.floor(i / 100) % 100}`, c = `c=${Math.floor(i / 10000)}`;
      w.append({ overrides: [a, b, c], overrideDirname: `${a},${b},${c}`, dir: String(i), configHash: hashText(configText(i)) });
    }
    await w.close();
    return { jobs, seconds: (performance.now() - t0) / 1000 };
  },
  async lookup(dir, n) {
    const { openPlan } = await import(dist('plan-record-reader.js'));
    const plan = await openPlan(dir);
    const t0 = performance.now();
    for (let k = 0; k < n; k++) await plan.readJobAt((k * 7919) % plan.count);
    const lookupUs = ((performance.now() - t0) * 1000) / n;
    const t1 = performance.now();
    let count = 0;
    for await (const _ of plan.jobs()) count++;
    return { lookupUs, iterateSeconds: (performance.now() - t1) / 1000, count };
  },
  async baseline() {
    await import(dist('plan-record-writer.js'));
    return {};
  },
  async journal(dir, events, mode) {
    const { openJournalWriter } = await import(dist('journal-writer.js'));
    const { encodeJournalEvent, journalPath } = await import(dist('journal-format.js'));
    const ev = (k) => (k % 3 === 0 ? { ev: 'dispatched', job: k / 3 } : k % 3 === 1 ? { ev: 'started', job: (k - 1) / 3, attempt: 1, pid: 4242, host: 'node01' }
      : { ev: 'finished', job: (k - 2) / 3, status: 'completed', attempt: 1, exitCode: 0, signal: null, durationSec: 1.5 });
    mkdirSync(join(dir, '.orch'), { recursive: true });
    const t0 = performance.now();
    if (mode === 'group') {
      const w = await openJournalWriter(journalPath(dir));
      for (let k = 0; k < events; k++) void w.append(ev(k));
      await w.close();
      return { events, seconds: (performance.now() - t0) / 1000, batches: w.batches };
    } else {
      // What a writer without group commit does: one write and one fsync per state change.
      const fd = openSync(journalPath(dir), 'a');
      for (let k = 0; k < events; k++) { writeSync(fd, encodeJournalEvent(ev(k), Date.now())); fsyncSync(fd); }
      closeSync(fd);
    }
    return { events, seconds: (performance.now() - t0) / 1000 };
  },
  async fold(dir, jobs) {
    const { encodeJournalEvent, journalPath } = await import(dist('journal-format.js'));
    const { countJournal } = await import(dist('journal-counts.js'));
    const { foldJournal } = await import(dist('journal-reader.js'));
    mkdirSync(join(dir, '.orch'), { recursive: true });
    const path = journalPath(dir);
    const fd = openSync(path, 'w');
    const statuses = ['completed', 'completed', 'completed', 'failed', 'timeout'];
    for (let start = 0; start < jobs; start += 10_000) {
      let text = '';
      for (let j = start; j < Math.min(jobs, start + 10_000); j++) {
        text += encodeJournalEvent({ ev: 'dispatched', job: j }, 1765000000000) + encodeJournalEvent({ ev: 'started', job: j, attempt: 1, pid: 4242, host: 'node01' }, 1765000000000);
        if (j % 50 !== 0) text += encodeJournalEvent({ ev: 'finished', job: j, status: statuses[j % 5], attempt: 1, exitCode: j % 5 < 3 ? 0 : 1, signal: null, durationSec: 12.5 }, 1765000000000);
      }
      writeSync(fd, text);
    }
    closeSync(fd);
    const rss0 = process.resourceUsage().maxRSS / 1024;
    const t0 = performance.now();
    const { counts, lines } = await countJournal(path, jobs);
    const countSeconds = (performance.now() - t0) / 1000;
    let foldSeconds;
    if (jobs <= 100_000) {
      const t1 = performance.now();
      await foldJournal(path);
      foldSeconds = (performance.now() - t1) / 1000;
    }
    return { jobs, lines, counts, countSeconds, foldSeconds, rssBeforeFoldMb: rss0 };
  },
  async freeze(dir, repeats) {
    const { freezeConfigTree } = await import(dist('frozen-config.js'));
    const times = [];
    let tree;
    for (let r = 0; r < repeats; r++) {
      const sweep = join(dir, String(r));
      mkdirSync(sweep);
      const t0 = performance.now();
      tree = await freezeConfigTree(join(root, 'config'), sweep);
      times.push(performance.now() - t0);
    }
    return { ms: median(times), files: tree.files, bytes: tree.bytes };
  },
};

/** Runs `kind` in a child (optionally under strace counting fsync); its JSON result plus peak RSS. */
function measure(kind, args, { strace = false } = {}) {
  const cmd = [self, '--child', kind, ...args.map(String)];
  const straceOut = join(tmpdir(), `orch-bench-strace-${process.pid}.txt`);
  const r = strace
    ? spawnSync('strace', ['-f', '-c', '-e', 'trace=fsync,fdatasync', '-o', straceOut, process.execPath, ...cmd], { encoding: 'utf8' })
    : spawnSync(process.execPath, cmd, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench child ${kind} failed:\n${r.stderr}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop());
  if (strace) {
    const text = spawnSync('cat', [straceOut], { encoding: 'utf8' }).stdout;
    result.fsyncs = countFsyncs(text);
    rmSync(straceOut, { force: true });
  }
  return result;
}

if (process.argv[2] === '--child') {
  const [kind, dir, ...rest] = process.argv.slice(3);
  const result = await children[kind](dir, ...rest.map((x) => (/^\d+$/.test(x) ? Number(x) : x)));
  process.stdout.write(JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
} else {
  const work = mkdtempSync(join(tmpdir(), 'orch-bench-stream-'));
  const fresh = (name) => { const d = join(work, name); mkdirSync(d); return d; };
  const mb = (x) => `${Math.round(x)} MB`;
  try {
    const runs = Array.from({ length: 3 }, (_, r) => measure('plan', [fresh(`plan${r}`), PLAN_JOBS]));
    const plan = runs.sort((a, b) => a.seconds - b.seconds)[1];
    const rate = PLAN_JOBS / plan.seconds;
    const base = measure('baseline', [work]);
    console.log(`plan record, ${PLAN_JOBS} jobs (sha256 of each job's ~${CONFIG.length}-byte config included), median of 3: ${plan.seconds.toFixed(2)} s, ${Math.round(rate)} jobs/s = ${(rate / GOAL).toFixed(1)}x the ${GOAL} jobs/s goal; peak RSS ${mb(plan.maxRssMb)} (node + the module alone: ${mb(base.maxRssMb)})`);
    if (existsSync('/usr/bin/strace') || spawnSync('strace', ['-V']).status === 0) {
      const counted = measure('plan', [fresh('planstrace'), PLAN_JOBS], { strace: true });
      console.log(`  fsync+fdatasync calls writing the plan (strace -f -c): ${counted.fsyncs} for ${PLAN_JOBS} jobs = ${(counted.fsyncs / PLAN_JOBS).toFixed(5)} per job`);
    } else console.log('  (strace not installed: fsync count skipped)');
    if (process.env.BENCH_PLAN_MILLION !== '0') {
      const big = measure('plan', [fresh('plan1m'), 1_000_000]);
      console.log(`  1,000,000 jobs, once: ${big.seconds.toFixed(2)} s, ${Math.round(1e6 / big.seconds)} jobs/s, peak RSS ${mb(big.maxRssMb)} (flat: memory holds one batch)`);
      rmSync(join(work, 'plan1m'), { recursive: true, force: true });
    }
    const look = measure('lookup', [join(work, 'plan0'), 10_000]);
    console.log(`  readJobAt(i), 10,000 scattered lookups: ${look.lookupUs.toFixed(1)} us each; streaming all ${look.count} jobs: ${look.iterateSeconds.toFixed(2)} s`);

    const freeze = measure('freeze', [fresh('freeze'), 5]);
    console.log(`frozen config tree of config/ (${freeze.files} files, ${Math.round(freeze.bytes / 1024)} KB), median of 5: ${freeze.ms.toFixed(1)} ms (O(tree), once per sweep)`);

    const EVENTS = 30_000, SINGLE = Number(process.env.BENCH_SINGLE_FSYNC_EVENTS ?? 1_000);
    const group = measure('journal', [fresh('jgroup'), EVENTS, 'group']);
    const single = measure('journal', [fresh('jsingle'), SINGLE, 'single']);
    const traced = measure('journal', [fresh('jtraced'), EVENTS, 'group'], { strace: true });
    const gRate = EVENTS / group.seconds, sRate = SINGLE / single.seconds;
    console.log(`journal, group commit (all events appended at once, then close): ${EVENTS} events in ${group.seconds.toFixed(2)} s = ${Math.round(gRate)} events/s, ${group.batches} batches (${traced.fsyncs} fsyncs counted by strace in a second run)`);
    console.log(`journal, one write + fsync per event: ${SINGLE} events in ${single.seconds.toFixed(2)} s = ${Math.round(sRate)} events/s; group commit is ${(gRate / sRate).toFixed(0)}x faster`);
    const sizes = process.env.BENCH_FOLD_MILLION === '0' ? [100_000] : [100_000, 1_000_000];
    for (const n of sizes) {
      const f = measure('fold', [fresh(`fold${n}`), n]);
      const c = f.counts;
      console.log(`status fold of a ${n}-job journal (${f.lines} lines): counts in ${f.countSeconds.toFixed(2)} s${f.foldSeconds === undefined ? '' : `, per-job fold ${f.foldSeconds.toFixed(2)} s`}; peak RSS ${mb(f.maxRssMb)} (generator alone ${mb(f.rssBeforeFoldMb)}); completed ${c.completed}, failed ${c.failed}, timeout ${c.timeout}, running ${c.running}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
