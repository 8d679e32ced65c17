import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openJournalWriter } from '../../../src/store/journal-writer.js';
import { foldJournal } from '../../../src/store/journal-reader.js';
import { countJournal } from '../../../src/store/journal-counts.js';
import { decodeJournalEvent, encodeJournalEvent, journalPath, type JournalEvent } from '../../../src/store/journal-format.js';

function tmpJournal(): string {
  const path = journalPath(mkdtempSync(join(tmpdir(), 'orch-journal-')));
  mkdirSync(dirname(path));
  return path;
}
const isBad = (re: RegExp) => (e: Error & { code?: string }) => e.code === 'STORE_BAD_JOURNAL' && re.test(e.message);

/** dispatched, started, finished for each job; job 1 fails once and is retried. */
function lifecycle(jobs: number): JournalEvent[] {
  const out: JournalEvent[] = [];
  for (let job = 0; job < jobs; job++) {
    out.push({ ev: 'dispatched', job }, { ev: 'started', job, attempt: 1, pid: 100 + job, host: 'h' });
    if (job === 1) out.push({ ev: 'finished', job, status: 'failed', exitCode: 3, signal: null, durationSec: 0.5, reason: 'exit 3' }, { ev: 'started', job, attempt: 2, pid: 999 });
    if (job !== 2) out.push({ ev: 'finished', job, status: 'completed', attempt: job === 1 ? 2 : 1, exitCode: 0, signal: null, durationSec: 1.25 });
  }
  return out;
}

test('journal: group commit writes many events in few batches, each promise resolves once durable', async () => {
  const path = tmpJournal();
  const w = await openJournalWriter(path, { maxBatch: 100 });
  const events = lifecycle(500);
  const durable = events.map((e) => w.append(e));
  await Promise.all(durable);
  // The first full batch is written at once; what arrives during its fsync is the next batch.
  assert.ok(w.batches >= 1 && w.batches <= Math.ceil(events.length / 100), `batches: ${w.batches}`);
  await w.close();
  assert.equal(readFileSync(path, 'utf8').split('\n').length - 1, events.length);
});

test('journal: a lone event becomes durable without an explicit flush (the delay timer)', async () => {
  const path = tmpJournal();
  const w = await openJournalWriter(path, { maxDelayMs: 5 });
  await w.append({ ev: 'dispatched', job: 0 });
  assert.match(readFileSync(path, 'utf8'), /^\{"job":0,"ev":"dispatched","at":\d+\}\n$/);
  await w.flush();
  await w.close();
});

test('journal: the events of one turn are in the file at the end of that turn (a SIGKILL loses none), long before their fsync', async () => {
  const path = tmpJournal();
  const w = await openJournalWriter(path, { maxDelayMs: 60_000 });
  let durable = false;
  const p = w.append({ ev: 'started', job: 0, attempt: 1, pid: 42 }).then(() => { durable = true; });
  void w.append({ ev: 'started', job: 1, attempt: 1, pid: 43 });
  assert.equal(readFileSync(path, 'utf8'), '', 'held until the turn ends');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l).pid).join(' '), '42 43');
  assert.equal(durable, false, 'not durable before the window\'s fsync');
  await w.flush();
  await p;
  assert.equal(w.batches, 1);
  await w.close();
});

test('journal fold: latest event wins, attempts count starts, last exit and duration kept', async () => {
  const path = tmpJournal();
  const w = await openJournalWriter(path);
  for (const e of lifecycle(3)) void w.append(e);
  await w.close();
  const { jobs, lines, tornTail } = await foldJournal(path);
  assert.equal(lines, 10);
  assert.equal(tornTail, undefined);
  assert.deepEqual({ ...jobs.get(1), at: undefined }, {
    job: 1, status: 'completed', attempts: 2, pid: 999, host: undefined, exitCode: 0, signal: null, durationSec: 1.25, reason: undefined, at: undefined,
  });
  assert.equal(jobs.get(2)!.status, 'running');
  assert.equal(jobs.get(0)!.attempts, 1);
});

test('journal: a torn last line is ignored by readers and cut by the next writer', async () => {
  const path = tmpJournal();
  const w = await openJournalWriter(path);
  for (const e of lifecycle(2)) void w.append(e);
  await w.close();
  appendFileSync(path, '{"job":5,"ev":"fini');
  const folded = await foldJournal(path);
  assert.deepEqual(folded.tornTail, { line: 9, bytes: 19 });
  assert.equal(folded.jobs.has(5), false);
  assert.equal((await countJournal(path)).tornTail?.line, 9);

  const again = await openJournalWriter(path);
  await again.append({ ev: 'dispatched', job: 5 });
  await again.close();
  const after = await foldJournal(path);
  assert.equal(after.tornTail, undefined);
  assert.equal(after.jobs.get(5)!.status, 'dispatched');
});

test('journal: zero bytes left past the last write by a machine crash count as the torn tail', async () => {
  const path = tmpJournal();
  writeFileSync(path, encodeJournalEvent({ ev: 'dispatched', job: 0 }, 1) + '\0'.repeat(300));
  const folded = await foldJournal(path);
  assert.equal(folded.jobs.size, 1);
  assert.equal(folded.tornTail?.bytes, 300);
});

test('journal: corruption before the last line is an error naming file and line, in both folds', async () => {
  const path = tmpJournal();
  writeFileSync(path, [
    encodeJournalEvent({ ev: 'dispatched', job: 0 }, 1),
    '{"job":0,"ev":"started","attempt":1}garbage\n',
    encodeJournalEvent({ ev: 'dispatched', job: 1 }, 1),
  ].join(''));
  await assert.rejects(foldJournal(path), isBad(new RegExp(`${path}:2: not valid JSON`)));
  await assert.rejects(countJournal(path), isBad(new RegExp(`${path}:2: not valid JSON`)));
  writeFileSync(path, '{"job":0,"ev":"finished","status":"done"}\n{"job":1,"ev":"dispatched"}\n');
  await assert.rejects(countJournal(path), isBad(/:1: "status" is "done", expected one of completed, failed, cancelled, timeout, pruned/));
});

test('countJournal: same counts as the full fold, in one byte per job; any key order accepted', async () => {
  const path = tmpJournal();
  const w = await openJournalWriter(path);
  for (const e of lifecycle(50)) void w.append(e);
  void w.append({ ev: 'finished', job: 7, status: 'timeout', reason: 'over 10 s' });
  void w.append({ ev: 'finished', job: 8, status: 'cancelled' });
  // A prune decision leaves the phase alone; the finished event after it says pruned.
  void w.append({ ev: 'prune', job: 5, step: 3, metric: 'val.loss', value: 0.5 });
  void w.append({ ev: 'prune', job: 6, step: 2, metric: 'val.loss', value: NaN });
  void w.append({ ev: 'finished', job: 6, status: 'pruned' });
  await w.close();
  appendFileSync(path, '{"ev":"finished","status":"failed","job":9}\n');
  const { counts, phases, attempts, durations } = await countJournal(path, 60);
  const { jobs } = await foldJournal(path);
  for (const st of jobs.values()) {
    assert.equal(attempts[st.job], st.attempts, `attempts of job ${st.job}`);
    assert.equal(Number.isNaN(durations[st.job]!) ? undefined : durations[st.job], st.durationSec === undefined ? undefined : Math.fround(st.durationSec), `duration of job ${st.job}`);
  }
  assert.equal(attempts[1], 2, 'job 1 was retried');
  assert.ok(Number.isNaN(durations[55]!), 'a planned job not in the journal has no duration');
  const expected: Record<string, number> = { pending: 10, dispatched: 0, running: 0, completed: 0, failed: 0, cancelled: 0, timeout: 0, pruned: 0 };
  for (const s of jobs.values()) expected[s.status]!++;
  assert.deepEqual(counts, expected);
  assert.deepEqual([counts.running, counts.timeout, counts.cancelled, counts.failed, counts.pruned], [1, 1, 1, 1, 1]);
  assert.deepEqual(jobs.get(5)!.prune, { step: 3, metric: 'val.loss', value: 0.5 });
  assert.equal(jobs.get(5)!.status, jobs.get(4)!.status, 'a prune event alone changes no state');
  assert.equal(phases.length, 60);
});

test('countJournal: a job number outside a complete plan, or absurdly large, is corruption, not a huge array', async () => {
  const path = tmpJournal();
  writeFileSync(path, '{"job":0,"ev":"dispatched","at":1}\n{"job":5,"ev":"dispatched","at":1}\n');
  await assert.rejects(countJournal(path, 3), isBad(/:2: job 5 is not in the plan, which has jobs 0 to 2/));
  writeFileSync(path, '{"job":99999999999999,"ev":"dispatched","at":1}\n{"job":1,"ev":"dispatched","at":1}\n');
  await assert.rejects(countJournal(path), isBad(/:1: "job" is 99999999999999, expected a job number/));
});

test('countJournal of a missing journal: every planned job is pending', async () => {
  const { counts, lines } = await countJournal(tmpJournal(), 3);
  assert.equal(counts.pending, 3);
  assert.equal(lines, 0);
});

test('decodeJournalEvent names bad events', () => {
  assert.match(String(decodeJournalEvent('{"job":-1,"ev":"dispatched"}')), /"job" is -1/);
  assert.match(String(decodeJournalEvent('{"job":1,"ev":"paused"}')), /"ev" is "paused", expected dispatched, started, finished, prune, trial or told/);
  assert.match(String(decodeJournalEvent('{"job":1,"ev":"started"}')), /"attempt"/);
});
