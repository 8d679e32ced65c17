import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { jobStateOf } from '../../../src/run/job-states.js';
import { countJournal } from '../../../src/store/journal-counts.js';
import { journalPath } from '../../../src/store/journal-format.js';
import { newRunRecord, writeRunRecord } from '../../../src/store/run-record.js';

test('jobStateOf: a job the journal says started, with no record yet, is running while its orch lives and interrupted once it is gone', async () => {
  const sweep = mkdtempSync(join(tmpdir(), 'orch-states-'));
  try {
    const path = journalPath(sweep);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, ['{"job":0,"ev":"dispatched","at":1}', '{"job":0,"ev":"started","attempt":1,"pid":4242,"at":2}',
      '{"job":1,"ev":"dispatched","at":3}', '{"job":1,"ev":"started","attempt":1,"pid":4243,"at":4}', ''].join('\n'));
    const counts = await countJournal(path, 2);
    const entry = (num: number) => ({ num, overrides: [], overrideDirname: '', dir: join(sweep, String(num)) });
    mkdirSync(join(sweep, '0', '.orch'), { recursive: true });
    mkdirSync(join(sweep, '1', '.orch'), { recursive: true });
    assert.deepEqual([(await jobStateOf(entry(0), counts, true, () => true)).status, (await jobStateOf(entry(0), counts, true, () => true)).attempt], ['running', 1]);
    assert.deepEqual([(await jobStateOf(entry(0), counts)).status, (await jobStateOf(entry(0), counts)).attempt], ['interrupted', 1]);
    // A job with its running record is what the record says (its orch pid decides), as before.
    await writeRunRecord(entry(1).dir, { ...newRunRecord({ jobNum: 1, overrides: [], task: 't', argv: ['x'] }), status: 'running', attempt: 1, pid: 4243, orchPid: process.pid });
    assert.equal((await jobStateOf(entry(1), counts, true, () => false)).status, 'running');
  } finally {
    rmSync(sweep, { recursive: true, force: true });
  }
});
