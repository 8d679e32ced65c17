/** `orch status` of a search sweep shows its study, from a fixture written with the store's own writers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlanWriter } from '../../src/store/plan-record-writer.js';
import { openPlanAppender } from '../../src/store/plan-record-appender.js';
import { openJournalWriter } from '../../src/store/journal-writer.js';
import { journalPath, type JournalEvent } from '../../src/store/journal-format.js';
import { orch } from '../helpers/cli.js';

const LRS = ['0.1', '0.01', '0.001', '0.05', '0.2'];
const job = (i: number) => ({ overrides: [`optimizer.lr=${LRS[i]}`, `model=net${i % 2 ? 5 : 2}`], overrideDirname: `lr=${LRS[i]}`, dir: String(i), configHash: 'sha256:x' });

/** Trials 0-4 of a maximize study: 0 and 2 completed (2 is best), 1 pruned with a higher early value, 3 failed, 4 running. */
async function fixtureStudy(direction: 'minimize' | 'maximize'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'orch-status-study-'));
  const settings = { sweeper: 'tpe', nTrials: 20, metric: 'val.accuracy', direction, seed: 0 };
  const w = await createPlanWriter(dir, { task: 'train', command: ['train', '-m'], createdAt: new Date(0).toISOString(), sweepDir: dir, launcher: { name: 'local' }, search: { settings, space: ['optimizer.lr=tag(log, interval(1e-4, 1e-1))'] } });
  w.append(job(0));
  await w.close();
  const a = await openPlanAppender(dir);
  for (let i = 1; i < LRS.length; i++) await a.append(job(i));
  await a.close();
  const j = await openJournalWriter(journalPath(dir));
  const events: JournalEvent[] = [];
  for (let i = 0; i < LRS.length; i++) events.push({ job: i, ev: 'trial', params: { 'optimizer.lr': LRS[i]!, model: `net${i % 2 ? 5 : 2}` } }, { job: i, ev: 'dispatched' }, { job: i, ev: 'started', attempt: 1 });
  events.push(
    { job: 0, ev: 'finished', status: 'completed', attempt: 1 }, { job: 0, ev: 'told', state: 'completed', value: 0.81 },
    { job: 1, ev: 'finished', status: 'pruned', attempt: 1 }, { job: 1, ev: 'told', state: 'pruned', value: 0.99, step: 3 },
    { job: 2, ev: 'finished', status: 'completed', attempt: 1 }, { job: 2, ev: 'told', state: 'completed', value: 0.93 },
    { job: 3, ev: 'finished', status: 'failed', attempt: 1 }, { job: 3, ev: 'told', state: 'failed', error: 'boom' },
  );
  for (const e of events) void j.append(e);
  await j.close();
  return dir;
}

test('orch status --json of a search: a study field with trials by state and the best trial (maximize)', async () => {
  const dir = await fixtureStudy('maximize');
  const res = orch(dir, ['status', dir, '--json']);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(res.stdout);
  // The documented fields stay.
  assert.equal(report.sweepDir, dir);
  assert.equal(report.task, 'train');
  assert.equal(report.jobs.length, 5);
  assert.equal(typeof report.counts, 'object');
  assert.deepEqual(report.study.trials, { total: 5, completed: 2, pruned: 1, failed: 1, running: 1, cancelled: 0 });
  assert.equal(report.study.direction, 'maximize');
  assert.equal(report.study.metric, 'val.accuracy');
  assert.equal(report.study.nTrials, 20);
  // The pruned trial's higher early value is not a result.
  assert.deepEqual(report.study.best, { trial: 2, value: 0.93, params: { 'optimizer.lr': '0.001', model: 'net2' }, overrides: ['optimizer.lr=0.001', 'model=net2'] });
  rmSync(dir, { recursive: true, force: true });
});

test('orch status text of a search: the study line and the best trial with its overrides (minimize)', async () => {
  const dir = await fixtureStudy('minimize');
  const res = orch(dir, ['status', dir]);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^Study \(tpe, minimize val\.accuracy\): 5 trials of 20: 2 completed, 1 pruned, 1 failed, 1 running$/m);
  assert.match(res.stdout, /^Best: trial 0, val\.accuracy=0\.81: optimizer\.lr=0\.1 model=net2$/m);
  rmSync(dir, { recursive: true, force: true });
});

test('orch status of a grid sweep has no study', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-status-grid-'));
  const w = await createPlanWriter(dir, { task: 'train', command: [], createdAt: new Date(0).toISOString(), sweepDir: dir, launcher: { name: 'local' } });
  w.append(job(0));
  await w.close();
  const res = orch(dir, ['status', dir, '--json']);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(JSON.parse(res.stdout).study, undefined);
  assert.doesNotMatch(orch(dir, ['status', dir]).stdout, /Study/);
  rmSync(dir, { recursive: true, force: true });
});

test('orch status of a search stopped by Ctrl-C: the trial cancelled before it was told is cancelled, not running', async () => {
  const dir = await fixtureStudy('maximize');
  const j = await openJournalWriter(journalPath(dir));
  void j.append({ job: 4, ev: 'finished', status: 'cancelled', attempt: 1, reason: 'interrupted by SIGINT' });
  await j.close();
  const res = orch(dir, ['status', dir, '--json']);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(JSON.parse(res.stdout).study.trials, { total: 5, completed: 2, pruned: 1, failed: 1, running: 0, cancelled: 1 });
  const text = orch(dir, ['status', dir]);
  assert.match(text.stdout, /Study \(tpe, maximize val\.accuracy\): 5 trials of 20: 2 completed, 1 pruned, 1 failed, 0 running, 1 cancelled \(resume runs them again\)/);
  rmSync(dir, { recursive: true, force: true });
});
