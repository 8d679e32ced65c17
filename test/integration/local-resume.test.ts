import { test } from 'node:test';
import { feedOf } from '../../src/launchers/job-source.js';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalLauncher } from '../../src/launchers/local/local-launcher.js';
import { createDefaultLauncherRegistry } from '../../src/launchers/registry.js';
import { runSweep } from '../../src/launchers/run-sweep.js';
import { readRunRecord, updateRunRecord } from '../../src/store/run-record.js';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { collectStatus, formatStatus, statusCommand } from '../../src/cli/commands/status.js';
import { rerunCommand } from '../../src/cli/commands/rerun.js';
import { captureStream, launchCtx, makeSweep, runCounts, setJobState, sweepStatuses } from './local-harness.js';

const registry = createDefaultLauncherRegistry();

test('resume runs exactly the jobs that did not complete; --rerun-failed only the failed ones', async () => {
  const s = await makeSweep({ task: 'x', taskCommand: ['bash', 'runs/count.sh'], configs: [{}, {}, {}, {}] });
  await runSweep(feedOf(s.jobs), createLocalLauncher({ n_jobs: 2 }), launchCtx(s), { out: captureStream(), handleSignals: false });
  await setJobState(s, 1, { status: 'failed', reason: 'pretend' });
  await setJobState(s, 2, { status: 'cancelled' });
  let out = captureStream();
  assert.equal(await resumeCommand({ sweepDir: s.sweepDir, rerunFailed: true, registry, out, handleSignals: false }), 0);
  assert.deepEqual([...runCounts(s.sweepDir)].sort(), [[0, 1], [1, 2], [2, 1], [3, 1]]);
  assert.equal((await readRunRecord(s.jobs[1]!.outputDir))?.attempt, 2);
  assert.equal((await readRunRecord(s.jobs[2]!.outputDir))?.status, 'cancelled');
  out = captureStream();
  assert.equal(await resumeCommand({ sweepDir: s.sweepDir, registry, out, handleSignals: false }), 0);
  assert.deepEqual([...runCounts(s.sweepDir)].sort(), [[0, 1], [1, 2], [2, 2], [3, 1]]);
  out = captureStream();
  assert.equal(await resumeCommand({ sweepDir: s.sweepDir, registry, out, handleSignals: false }), 0);
  assert.match(out.text(), /Nothing to resume .*all 4 jobs completed/);
  s.cleanup();
});

test('resume refuses a directory that is not a sweep and a plan that is not intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-resume-'));
  await assert.rejects(resumeCommand({ sweepDir: dir, registry }), (e: Error & { code?: string }) => e.code === 'STORE_NOT_A_SWEEP' && /not a sweep directory/.test(e.message));
  const s = await makeSweep({ task: 'count', configs: [{}, {}, {}] });
  // The plan record is cross-checked against the sizes its writer recorded: a cut file is refused.
  truncateSync(join(s.sweepDir, '.orch', 'jobs.jsonl'), 10);
  await assert.rejects(resumeCommand({ sweepDir: s.sweepDir, registry }), (e: Error & { code?: string }) =>
    e.code === 'STORE_BAD_PLAN' && /jobs\.jsonl: 10 bytes, the header says/.test(e.message));
  assert.equal(runCounts(s.sweepDir).size, 0);
  rmSync(dir, { recursive: true });
  s.cleanup();
});

test('resume refuses a sweep that another live orch is still running', async () => {
  const s = await makeSweep({ task: 'count', configs: [{}] });
  await runSweep(feedOf(s.jobs), createLocalLauncher({ n_jobs: 1 }), launchCtx(s), { out: captureStream(), handleSignals: false });
  await setJobState(s, 0, { status: 'running', orchPid: process.ppid });
  await assert.rejects(resumeCommand({ sweepDir: s.sweepDir, registry }), (e: Error & { code?: string }) =>
    e.code === 'STORE_SWEEP_RUNNING' && new RegExp(`still being run by orch \\(pid ${process.ppid}\\)`).test(e.message));
  assert.equal(runCounts(s.sweepDir).get(0), 1);
  s.cleanup();
});

test('resume finds the latest sweep when none is given', async () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-resume-'));
  // Made first but planned later: the choice follows the plan's createdAt, not the order of creation.
  const newer = await makeSweep({ task: 'count', configs: [{}, {}], root, createdAt: new Date('2025-01-02T00:00:00Z') });
  await makeSweep({ task: 'count', configs: [{}], root, createdAt: new Date('2025-01-01T00:00:00Z') });
  const out = captureStream();
  assert.equal(await resumeCommand({ outputsRoots: [join(root, 'multirun')], registry, out, handleSignals: false }), 0);
  assert.match(out.text(), new RegExp(`Resuming 2 of 2 jobs in ${newer.sweepDir}\\n`));
  rmSync(root, { recursive: true });
});

test('status: a row per job with status, attempt, duration and the main metric; --json', async () => {
  const s = await makeSweep({ task: 'x', taskCommand: ['bash', 'runs/count.sh'], configs: [{ sleep: 0 }, { sleep: 0 }, { sleep: 0 }] });
  await runSweep(feedOf(s.jobs), createLocalLauncher({ n_jobs: 2 }), launchCtx(s), { out: captureStream(), handleSignals: false });
  await setJobState(s, 2, { status: 'running', orchPid: 999999999 });
  // The project's config/report.yaml names the main metric; this sweep's has none, so the rule picks
  // the first numeric metric, as `orch report` would.
  const report = await collectStatus(s.sweepDir, { projectRoot: s.sweepDir });
  assert.equal(report.metric, 'job');
  assert.deepEqual(report.jobs.map((j) => [j.num, j.status, j.attempt, j.metric]), [[0, 'completed', 1, 0], [1, 'completed', 1, 1], [2, 'interrupted', 1, 2]]);
  assert.deepEqual(report.counts, { completed: 2, interrupted: 1 });
  const table = formatStatus(report);
  assert.match(table, /^Sweep .* \(task x\): 2 completed, 1 interrupted\njob +status +attempt +duration +job +overrides\n0 +completed +1 +\d+\.\ds +0 +sleep=0/);
  assert.equal((await collectStatus(s.sweepDir, { metric: 'secs' })).jobs[0]!.metric, 0);
  const out = captureStream();
  await statusCommand({ sweepDir: s.sweepDir, json: true, out });
  const parsed = JSON.parse(out.text());
  assert.equal(parsed.jobs.length, 3);
  assert.equal(parsed.sweepDir, s.sweepDir);
  s.cleanup();
});

test('rerun runs one job again from its snapshot; a sweep dir is not a job dir', async () => {
  const s = await makeSweep({ task: 'score', configs: [{ x: 1 }, { x: 2 }] });
  await runSweep(feedOf(s.jobs), createLocalLauncher({ n_jobs: 2 }), launchCtx(s), { out: captureStream(), handleSignals: false });
  const out = captureStream();
  assert.equal(await rerunCommand({ jobDir: s.jobs[1]!.outputDir, registry, out, handleSignals: false, interactive: false }), 0);
  const rec = await readRunRecord(s.jobs[1]!.outputDir);
  assert.equal(rec?.status, 'completed');
  assert.equal(rec?.attempt, 2);
  assert.equal((await readRunRecord(s.jobs[0]!.outputDir))?.attempt, 1);
  await assert.rejects(rerunCommand({ jobDir: s.sweepDir, registry }), (e: Error & { code?: string; hint?: string }) =>
    e.code === 'STORE_NOT_A_JOB' && /orch resume/.test(e.hint!));
  s.cleanup();
});

test('a kill of orch that lost the journal events of finished jobs: resume counts them completed from their run records and journals them', async () => {
  const s = await makeSweep({ task: 'x', taskCommand: ['bash', 'runs/count.sh'], configs: [{}, {}, {}] });
  await runSweep(feedOf(s.jobs), createLocalLauncher({ n_jobs: 1 }), launchCtx(s), { out: captureStream(), handleSignals: false });
  const journal = join(s.sweepDir, '.orch', 'journal.jsonl');
  // As if orch died within one group commit: job 0's events all lost, job 1's `finished` lost.
  const kept = readFileSync(journal, 'utf8').split('\n').filter((l) => l && !l.includes('"job":0,') && !/"job":1,"ev":"finished"/.test(l));
  writeFileSync(journal, kept.join('\n') + '\n');
  assert.deepEqual(await sweepStatuses(s.sweepDir), ['completed', 'completed', 'completed']);
  const out = captureStream();
  assert.equal(await resumeCommand({ sweepDir: s.sweepDir, registry, out, handleSignals: false }), 0);
  assert.match(out.text(), /Nothing to resume .*all 3 jobs completed/);
  assert.deepEqual([...runCounts(s.sweepDir)].sort(), [[0, 1], [1, 1], [2, 1]], 'no completed job ran twice');
  assert.match(readFileSync(journal, 'utf8'), /"job":1,"ev":"finished","status":"completed"/);
  s.cleanup();
});
