// A finished sweep of `n` completed `true` jobs written straight to disk, for timing `orch status` and
// `orch report` on sizes whose real sweep takes too long to run. Not a benchmark itself. The layout
// follows whichever format the built CLI writes (`detectFormat` of a real sweep it made): the
// per-job files (sweep.json + a full job dir per job) or the stream (plan record + journal, see
// src/store/STREAM-FORMAT.md), through the store's own writers where there is one.
import { existsSync } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const store = (p) => import(join(root, 'dist', 'src', 'store', p));

export function detectFormat(sweepDir) {
  if (existsSync(join(sweepDir, '.orch', 'plan.json'))) return 'stream';
  if (existsSync(join(sweepDir, 'sweep.json'))) return 'per-job';
  return undefined;
}

const overridesOf = (num) => [`a=${Math.floor(num / 100)}`, `b=${num % 100}`];

/** What a finished `true` job leaves in its dir (as a real one on this machine does). */
function jobFiles(sweepDir, num, task) {
  const overrides = overridesOf(num);
  const [a, b] = overrides.map((o) => Number(o.split('=')[1]));
  const at = new Date(1765000000000 + num * 5).toISOString();
  const run = { status: 'completed', attempt: 1, host: 'bench', orchVersion: '0.1.0', nodeVersion: process.version, jobNum: num, overrides, task,
    argv: ['true'], cwd: root, launcher: { name: 'local' }, startedAt: at, pid: 4242, orchPid: 4241, exitCode: 0, signal: null, endedAt: at, durationSec: 0.01 };
  return [
    ['.orch/run.json', JSON.stringify(run, null, 2) + '\n'],
    ['.orch/overrides.yaml', overrides.map((o) => `- ${o}\n`).join('')],
    ['.orch/config.json', JSON.stringify({ a, b }, null, 2) + '\n'],
    ['.orch/config.yaml', `a: ${a}\nb: ${b}\n`],
    ['.orch/orch.yaml', `sweep:\n  dir: ${sweepDir}\n  subdir: ${num}\njob:\n  name: ${task}\n  num: ${num}\n  override_dirname: ${overrides.join(',')}\n`],
    ['stdout.log', ''],
    ['stderr.log', ''],
  ];
}

/** The metrics a job of the generated sweep reports (a stand-in for a training run's). */
export const metricsOf = (num) => ({ loss: 1 / (1 + (num % 97)), accuracy: (num % 89) / 89, epochs: 3 });

/** What a finished job of the stream layout leaves: snapshot (config.json + orch.yaml), run record, metrics. */
function streamJobFiles(sweepDir, num, task) {
  const [run, , , , orch] = jobFiles(sweepDir, num, task);
  const config = ['.orch/config.json', JSON.stringify({ a: Math.floor(num / 100), b: num % 100 }) + '\n'];
  return [run, config, orch, ['metrics.json', JSON.stringify(metricsOf(num), null, 2) + '\n']];
}

async function writeJobDirs(sweepDir, n, task, files = jobFiles) {
  const lanes = 64;
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < n) {
      const num = next++;
      const dir = join(sweepDir, String(num));
      await mkdir(join(dir, '.orch'), { recursive: true });
      for (const [name, text] of files(sweepDir, num, task)) await writeFile(join(dir, name), text);
    }
  }));
}

async function perJob(sweepDir, n, { task, projectRoot }) {
  const jobs = Array.from({ length: n }, (_, num) => ({ num, overrides: overridesOf(num), overrideDirname: overridesOf(num).join(','), dir: String(num), argv: ['true'] }));
  await writeFile(join(sweepDir, 'sweep.json'), JSON.stringify({ version: 1, task, command: [task, '-m'], createdAt: new Date().toISOString(), sweepDir,
    launcher: { name: 'local', n_jobs: 2 }, jobs, projectRoot }, null, 2));
  await writeJobDirs(sweepDir, n, task);
}

async function stream(sweepDir, n, { task, projectRoot, journalFacts = true }) {
  const { createPlanWriter } = await store('plan-record-writer.js');
  const { hashText } = await store('content-hash.js');
  const { encodeJournalEvent, journalPath } = await store('journal-format.js');
  const w = await createPlanWriter(sweepDir, { task, taskSpec: { kind: 'command', argv: ['true'] }, command: [task, '-m'], createdAt: new Date().toISOString(),
    sweepDir, projectRoot, launcher: { name: 'local', n_jobs: 2 }, expectedJobs: n });
  for (let num = 0; num < n; num++) {
    const overrides = overridesOf(num);
    w.append({ overrides, overrideDirname: overrides.join(','), dir: String(num), configHash: hashText(JSON.stringify({ a: Math.floor(num / 100), b: num % 100 })) });
  }
  await w.close();
  const journal = await open(journalPath(sweepDir), 'a');
  for (let start = 0; start < n; start += 10_000) {
    let text = '';
    for (let job = start; job < Math.min(n, start + 10_000); job++) {
      const at = 1765000000000 + job * 5;
      text += encodeJournalEvent({ ev: 'dispatched', job }, at) + encodeJournalEvent({ ev: 'started', job, attempt: 1, pid: 4242, host: 'bench' }, at)
        + encodeJournalEvent({ ev: 'finished', job, status: 'completed', attempt: 1, exitCode: 0, signal: null, durationSec: 0.01,
          ...(journalFacts ? { metrics: metricsOf(job), warnings: 0 } : {}) }, at);
    }
    await journal.write(text);
  }
  await journal.close();
  await writeJobDirs(sweepDir, n, task, streamJobFiles);
}

/**
 * Writes the sweep into `sweepDir` (created) in `format` ('per-job' or 'stream'). `journalFacts:
 * false` writes `finished` events as an orch before the journal carried metrics did.
 */
export async function generateSweep(sweepDir, n, { format, task = 'noop', projectRoot, journalFacts }) {
  await mkdir(sweepDir, { recursive: true });
  if (format === 'per-job') return perJob(sweepDir, n, { task, projectRoot });
  if (format === 'stream') return stream(sweepDir, n, { task, projectRoot, journalFacts });
  throw new Error(`no generator for the sweep format ${format}`);
}
