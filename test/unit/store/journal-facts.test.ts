/** What a `finished` event carries for readers (metrics, warning count), and the fold that keeps it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { countJournal } from '../../../src/store/journal-counts.js';
import { decodeJournalEvent, encodeJournalEvent, journalPath, type FinishedEvent, type JournalEvent } from '../../../src/store/journal-format.js';
import { journalMetricsOf, MAX_JOURNAL_METRICS } from '../../../src/store/metric-values.js';

function journalOf(events: JournalEvent[], tail = ''): string {
  const path = journalPath(mkdtempSync(join(tmpdir(), 'orch-journal-facts-')));
  mkdirSync(dirname(path));
  writeFileSync(path, events.map((e) => encodeJournalEvent(e, 1)).join(''));
  if (tail) appendFileSync(path, tail);
  return path;
}

const done = (job: number, extra: Partial<FinishedEvent> = {}): JournalEvent[] => [
  { ev: 'dispatched', job }, { ev: 'started', job, attempt: 1 },
  { ev: 'finished', job, status: 'completed', attempt: 1, exitCode: 0, signal: null, durationSec: 0.5, ...extra },
];

test('journal facts: metrics (NaN and ±Infinity included) and the warning count survive encoding', () => {
  const metrics = { 'val.loss': NaN, 'val.acc': 0.9, up: Infinity, down: -Infinity, name: 'net5', ok: true };
  const line = encodeJournalEvent({ ev: 'finished', job: 3, status: 'completed', attempt: 2, durationSec: 1, metrics, warnings: 1 }, 5);
  // Plain JSON (a journal line must be), with the facts last so the counting fold finds durationSec first.
  const parsed = JSON.parse(line);
  assert.deepEqual(Object.keys(parsed).slice(-2), ['metrics', 'warnings']);
  const back = decodeJournalEvent(line.trim()) as FinishedEvent;
  assert.ok(Number.isNaN(back.metrics!['val.loss']));
  assert.deepEqual({ ...back.metrics, 'val.loss': 0 }, { ...metrics, 'val.loss': 0 });
  assert.equal(back.warnings, 1);
});

test('journal facts: nested metrics are carried flat; too many or too long are not carried (readers read the file)', () => {
  assert.deepEqual(journalMetricsOf({ val: { loss: 0.5, acc: { top1: 0.9 } }, epochs: 3, bad: [1, 2] }), { 'val.loss': 0.5, 'val.acc.top1': 0.9, epochs: 3 });
  assert.deepEqual(journalMetricsOf(undefined), {});
  const many = Object.fromEntries(Array.from({ length: MAX_JOURNAL_METRICS + 1 }, (_, i) => [`m${i}`, i]));
  assert.equal(journalMetricsOf(many), undefined);
  assert.equal(journalMetricsOf({ note: 'x'.repeat(1000) }), undefined);
});

test('journal facts: a finished line with facts in another shape decodes without them, not as corruption', () => {
  const e = decodeJournalEvent('{"job":0,"ev":"finished","status":"completed","metrics":{"a":[1]},"warnings":0}') as FinishedEvent;
  assert.equal(e.status, 'completed');
  assert.equal(e.metrics, undefined);
  assert.equal(e.warnings, undefined);
  const noCount = decodeJournalEvent('{"job":0,"ev":"finished","status":"completed","metrics":{"a":1}}') as FinishedEvent;
  assert.equal(noCount.metrics, undefined);
});

test('countJournal { finished }: the facts of each finished job; an earlier orch\'s lines have none; a reason goes through the full decoder', async () => {
  const path = journalOf([
    ...done(0, { metrics: { loss: 0.25, 'a.b': 1 }, warnings: 0 }),
    ...done(1), // an earlier orch: no facts
    ...done(2, { status: 'failed', exitCode: 3, reason: 'exit code 3, "metrics":{"x":1} in the text', metrics: {}, warnings: 0 }),
    ...done(3, { metrics: { loss: 0.5 }, warnings: 2, attempt: 4 }),
  ]);
  const c = await countJournal(path, 4, { finished: true });
  assert.deepEqual(c.finished![0], { attempt: 1, metrics: { loss: 0.25, 'a.b': 1 }, warnings: 0 });
  assert.equal(c.finished![1]!.metrics, undefined);
  assert.equal(c.finished![1]!.attempt, 1);
  assert.deepEqual(c.finished![2], { attempt: 1, reason: 'exit code 3, "metrics":{"x":1} in the text', metrics: {}, warnings: 0 });
  assert.deepEqual(c.finished![3], { attempt: 4, metrics: { loss: 0.5 }, warnings: 2 });
  // Without the option nothing per job is kept beyond the columns.
  assert.equal((await countJournal(path, 4)).finished, undefined);
});

test('countJournal { finished }: a job started again after it finished has no facts (it is running); a torn last line is ignored', async () => {
  const torn = '{"job":1,"ev":"finished","status":"completed","attempt":1,"durationSec":0.5,"at":1,"metrics":{"loss":0.';
  const path = journalOf([...done(0, { metrics: { loss: 1 }, warnings: 0 }), { ev: 'started', job: 0, attempt: 2 }, { ev: 'dispatched', job: 1 }, { ev: 'started', job: 1, attempt: 1 }], torn);
  const c = await countJournal(path, 2, { finished: true });
  assert.equal(c.finished![0], undefined);
  assert.equal(c.counts.running, 2);
  assert.equal(c.finished![1], undefined);
  assert.ok(c.tornTail);
});

test('countJournal { finished }: a hand-written finished line (other key order) still gives its facts', async () => {
  const path = journalOf([{ ev: 'dispatched', job: 0 }, { ev: 'started', job: 0, attempt: 1 }], '{"status":"completed","ev":"finished","job":0,"warnings":0,"metrics":{"loss":2}}\n');
  const c = await countJournal(path, 1, { finished: true });
  assert.deepEqual(c.finished![0]!.metrics, { loss: 2 });
  assert.equal(c.counts.completed, 1);
});
