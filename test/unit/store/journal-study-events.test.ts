import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJournalEvent, encodeJournalEvent } from '../../../src/store/journal-format.js';
import { countJournal } from '../../../src/store/journal-counts.js';
import { foldJournal } from '../../../src/store/journal-reader.js';

test("a study's trial and told events round-trip (a non-finite value too) and do not change a job's phase", async () => {
  const lines = [
    encodeJournalEvent({ job: 0, ev: 'dispatched' }, 1),
    encodeJournalEvent({ job: 0, ev: 'trial', params: { lr: '0.01', model: 'net2' } }, 1),
    encodeJournalEvent({ job: 0, ev: 'started', attempt: 1 }, 2),
    encodeJournalEvent({ job: 0, ev: 'finished', status: 'completed', attempt: 1 }, 3),
    encodeJournalEvent({ job: 0, ev: 'told', state: 'completed', value: -Infinity }, 3),
    encodeJournalEvent({ job: 1, ev: 'trial', params: { lr: '0.1', model: 'net5' } }, 4),
  ];
  assert.deepEqual(decodeJournalEvent(lines[4]!.trimEnd()), { job: 0, ev: 'told', state: 'completed', value: -Infinity, at: 3 });
  assert.deepEqual(decodeJournalEvent(lines[1]!.trimEnd()), { job: 0, ev: 'trial', params: { lr: '0.01', model: 'net2' }, at: 1 });
  assert.match(String(decodeJournalEvent('{"job":0,"ev":"told","state":"completed"}')), /without a value/);
  const path = join(mkdtempSync(join(tmpdir(), 'orch-journal-')), 'journal.jsonl');
  writeFileSync(path, lines.join(''));
  const { counts } = await countJournal(path);
  assert.equal(counts.completed, 1);
  const { jobs } = await foldJournal(path);
  assert.equal(jobs.get(0)!.status, 'completed');
  assert.equal(jobs.has(1), false);
});
