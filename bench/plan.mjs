// Planning a large grid: compose and resolve every job of `a=range(100) b=range(100) c=range(10)`
// (100,000 jobs) over bench/fixtures/realistic/config, streamed with iterateJobs as the planner
// does, and the whole planning path (writeSweepPlan: plan record + frozen config tree) for the same grid written to a temp
// dir. Each figure runs in a child process so its peak RSS is its own. Needs `npm run build`.
// The plan is written as a stream (src/plan/write-plan.ts): a line per job, no job dir until dispatch.
// Goal (issue): 100,000 jobs in <= 5 s and <= 300 MB peak RSS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const configDir = join(root, 'bench', 'fixtures', 'realistic', 'config');
const dist = (p) => join(root, 'dist', 'src', p);

async function child(kind, size) {
  const { createConfigRepository } = await import(dist('config/repository.js'));
  const { iterateJobs } = await import(dist('plan/compose-jobs.js'));
  const repo = createConfigRepository({ configDir });
  const overrides = [`a=range(${size})`, 'b=range(100)', 'c=range(10)'];
  const options = { configName: 'train', overrides, multirun: true };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let jobs = 0;
  let seconds = 0;
  if (kind === 'compose') {
    for (const job of iterateJobs(repo, options)) if (job.config.size > 0) jobs++;
    seconds = (performance.now() - t0) / 1000;
  } else {
    const { writeSweepPlan } = await import(dist('plan/write-plan.js'));
    const projectRoot = mkdtempSync(join(tmpdir(), 'orch-bench-plan-'));
    try {
      const task = { kind: 'command', name: 'train', argv: ['true'] };
      const { header } = await writeSweepPlan(iterateJobs(repo, { ...options, projectRoot }), {
        projectRoot, configDir, task, taskOf: () => task, taskName: 'train', command: ['train', '-m', ...overrides], launcher: undefined,
        createdAt: new Date(), compose: { configName: 'train', orchOverrides: [] },
      });
      jobs = header.jobCount;
      seconds = (performance.now() - t0) / 1000; // the clean-up below is not planning
    } finally {
      rmSync(projectRoot, { recursive: true, force: true });
    }
  }
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ jobs, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

function measure(kind, size) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, String(size)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench child ${kind} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function show(label, m) {
  console.log(`${label}: ${m.jobs} jobs in ${m.seconds.toFixed(2)} s (cpu ${m.cpuSeconds.toFixed(2)} s), ${Math.round(m.jobs / m.seconds)} jobs/s, peak RSS ${Math.round(m.maxRssMb)} MB`);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], Number(process.argv[4]));
} else {
  const runs = Number(process.env.BENCH_PLAN_RUNS ?? 3);
  const compose = Array.from({ length: runs }, () => measure('compose', 100));
  compose.sort((a, b) => a.seconds - b.seconds);
  const med = compose[compose.length >> 1];
  show(`compose+resolve, a=range(100) b=range(100) c=range(10), median of ${runs}`, med);
  console.log(`  goal <= 5 s and <= 300 MB: ${med.seconds <= 5 && med.maxRssMb <= 300 ? 'met' : 'NOT met'} (all runs: ${compose.map((m) => m.seconds.toFixed(2)).join(', ')} s)`);
  const writeSize = Number(process.env.BENCH_PLAN_WRITE_A ?? 100);
  // What `orch train -m` does before its first job: compose, resolve and check every job, write the
  // plan record (a line per job) and the frozen config tree. The plan writer alone: plan-record.mjs.
  show(`writeSweepPlan (compose+resolve+check, plan record, frozen config tree; a temp dir), a=range(${writeSize}) b=range(100) c=range(10)`, measure('write', writeSize));
}
