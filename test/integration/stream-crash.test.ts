import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { eventAt } from '../helpers/stream-crash-child.js';
import { prng } from '../helpers/prng.js';
import { openPlan } from '../../src/store/plan-record-reader.js';
import { openJournalWriter } from '../../src/store/journal-writer.js';
import { foldJournal, readJournalEvents, applyEvent, type JobState } from '../../src/store/journal-reader.js';
import { countJournal } from '../../src/store/journal-counts.js';
import { journalPath, type JournalEvent } from '../../src/store/journal-format.js';

const CHILD = join(REPO_ROOT, 'dist', 'test', 'helpers', 'stream-crash-child.js');
const PLAN_JOBS = 5_000;

/**
 * Runs the child and SIGKILLs it as soon as `shouldKill` accepts a line it printed (the barrier),
 * so the kill lands wherever the child has got to meanwhile. Resolves with every line received.
 */
function runAndKill(args: string[], shouldKill: (line: string) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let rest = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (data: string) => {
      const parts = (rest + data).split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (!killed && shouldKill(line)) { killed = true; child.kill('SIGKILL'); }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve(lines);
    });
  });
}

async function checkPlan(dir: string, target: number): Promise<'complete' | 'incomplete'> {
  const lines = await runAndKill(['plan', dir, String(PLAN_JOBS)], (l) => l === 'plan complete' || Number(l.split(' ')[1]) >= target);
  let outcome: 'complete' | 'incomplete';
  try {
    const plan = await openPlan(dir);
    assert.equal(plan.count, PLAN_JOBS);
    let n = 0;
    for await (const job of plan.jobs()) assert.equal(job.num, n++);
    assert.equal(n, PLAN_JOBS);
    assert.equal((await plan.readJobAt(PLAN_JOBS - 1)).dir, String(PLAN_JOBS - 1));
    await plan.close();
    outcome = 'complete';
  } catch (err) {
    assert.equal((err as { code?: string }).code, 'STORE_PLAN_INCOMPLETE', String(err));
    assert.ok(!lines.includes('plan complete'), 'the child said complete, the header does not');
    // A reader that follows a growing plan sees a valid prefix.
    const following = await openPlan(dir, { allowIncomplete: true });
    let n = 0;
    for await (const job of following.jobs()) assert.equal(job.num, n++);
    assert.equal(n, following.count);
    if (n > 0) assert.equal((await following.readJobAt(n - 1)).num, n - 1);
    await following.close();
    outcome = 'incomplete';
  }
  return outcome;
}

async function checkJournal(dir: string, target: number): Promise<void> {
  const lines = await runAndKill(['journal', dir], (l) => l.startsWith('durable ') && Number(l.slice(8)) >= target);
  const durable = lines.filter((l) => l.startsWith('durable ')).map((l) => Number(l.slice(8)));
  assert.ok(durable.length > 0);
  const path = journalPath(dir);
  const present: JournalEvent[] = [];
  await readJournalEvents(path, (e) => present.push(e));
  // Batches are written in order, so the file holds a prefix of the sequence, and every event
  // the child was told is durable lies inside it.
  present.forEach((e, k) => assert.deepEqual({ ...e, at: undefined }, { ...eventAt(k), at: undefined }, `line ${k + 1}`));
  assert.ok(Math.max(...durable) < present.length, `durable up to ${Math.max(...durable)}, file has ${present.length} events`);

  const expected = new Map<number, JobState>();
  for (const e of present) {
    if (!expected.has(e.job)) expected.set(e.job, { job: e.job, status: 'pending', attempts: 0 });
    applyEvent(expected.get(e.job)!, e);
  }
  const folded = await foldJournal(path);
  assert.deepEqual(folded.jobs, expected);
  const { counts } = await countJournal(path);
  for (const [phase, n] of Object.entries(counts)) {
    assert.equal(n, [...expected.values()].filter((s) => s.status === phase).length, phase);
  }
  // What `orch resume` does next: reopen (cutting a torn tail) and append.
  const w = await openJournalWriter(path);
  await w.append({ ev: 'dispatched', job: 1_000_000 });
  await w.close();
  const after = await foldJournal(path);
  assert.equal(after.tornTail, undefined);
  assert.equal(after.jobs.size, expected.size + 1);
}

test('SIGKILL at 50 seeded instants: every durable event is kept, the reader accepts the file, folds agree, plans are whole or refused', async (t) => {
  const random = prng(13);
  // Drawn up front so the instants do not depend on which trial finishes first.
  const trials = Array.from({ length: 50 }, (_, i) => ({ i, plan: i % 4 === 0, target: random() }));
  const outcomes = { complete: 0, incomplete: 0 };
  const runTrial = async ({ i, plan, target }: (typeof trials)[number]): Promise<void> => {
    const dir = mkdtempSync(join(tmpdir(), 'orch-crash-'));
    try {
      if (plan) outcomes[await checkPlan(dir, Math.floor(target * PLAN_JOBS))]++;
      else await checkJournal(dir, 1 + Math.floor(target * 200));
    } catch (err) {
      (err as Error).message = `trial ${i} (${dir}): ${(err as Error).message}`;
      throw err;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // Two at a time: each trial mostly waits for a process to start and for fsync.
  for (let i = 0; i < trials.length; i += 2) await Promise.all(trials.slice(i, i + 2).map(runTrial));
  t.diagnostic(`plan kills: ${outcomes.complete} after completion, ${outcomes.incomplete} mid-plan`);
});
