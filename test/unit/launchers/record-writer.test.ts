import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalLauncher } from '../../../src/launchers/local/local-launcher.js';
import { BACKLOG_PER_SLOT, createRecordWriter, WRITES_PER_SLOT } from '../../../src/launchers/local/record-writer.js';
import { runSweep } from '../../../src/launchers/run-sweep.js';
import { newRunRecord, writeRunRecord } from '../../../src/store/run-record.js';
import type { RunRecord } from '../../../src/store/types.js';
import type { PlannedJob } from '../../../src/plan/types.js';

const rec = (jobNum: number, status: RunRecord['status'] = 'running'): RunRecord =>
  ({ ...newRunRecord({ jobNum, overrides: [], task: 't', argv: ['true'] }), status });

/** A write that finishes only when the test says so, counting how many are in flight. */
function gatedWrites() {
  const gates: Array<{ num: number; status: string; open: () => void }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const write = (_dir: string, r: RunRecord) => new Promise<void>((resolve) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    gates.push({ num: r.jobNum, status: r.status, open: () => { inFlight--; resolve(); } });
  });
  return { write, gates, max: () => maxInFlight };
}

const settle = () => new Promise((r) => setImmediate(r));

test('record writer: writes in flight never exceed slots x WRITES_PER_SLOT, however many are saved', async () => {
  const fake = gatedWrites();
  const writer = createRecordWriter({ slots: 2, write: fake.write });
  const saved = Array.from({ length: 50 }, (_, i) => writer.save(`/j/${i}`, rec(i, 'completed')));
  await settle();
  assert.equal(fake.gates.length, 2 * WRITES_PER_SLOT);
  while (fake.gates.length > 0) {
    fake.gates.shift()!.open();
    await settle();
    assert.ok(writer.load().active <= writer.maxActive);
  }
  await Promise.all(saved);
  assert.equal(fake.max(), 2 * WRITES_PER_SLOT);
  assert.deepEqual(writer.load(), { active: 0, pending: 0 });
});

test('record writer: one job\'s records are written in the order they were saved, each a copy taken at save time', async () => {
  const fake = gatedWrites();
  const writer = createRecordWriter({ slots: 4, write: fake.write });
  const r = rec(7, 'running');
  const first = writer.save('/j/7', r);
  r.status = 'completed';
  const second = writer.save('/j/7', r);
  await settle();
  assert.deepEqual(fake.gates.map((g) => g.status), ['running'], 'the second write waits for the first');
  assert.equal(writer.persisted(7), undefined);
  fake.gates.shift()!.open();
  await first;
  assert.equal(writer.persisted(7)?.status, 'running');
  await settle();
  assert.deepEqual(fake.gates.map((g) => g.status), ['completed']);
  fake.gates.shift()!.open();
  await second;
  assert.equal(writer.persisted(7)?.status, 'completed');
});

test('record writer: room() waits while the backlog is full and opens as writes finish', async () => {
  const fake = gatedWrites();
  const writer = createRecordWriter({ slots: 1, write: fake.write });
  assert.equal(writer.maxPending, WRITES_PER_SLOT + BACKLOG_PER_SLOT);
  for (let i = 0; i < writer.maxPending; i++) void writer.save(`/j/${i}`, rec(i));
  let roomy = false;
  void writer.room().then(() => { roomy = true; });
  await settle();
  assert.equal(roomy, false, 'a full backlog makes the finished job wait');
  fake.gates.shift()!.open();
  await settle();
  await settle();
  assert.equal(roomy, true);
});

test('record writer: a failed write is reported and does not block the job\'s later writes', async () => {
  const errors: string[] = [];
  let calls = 0;
  const writer = createRecordWriter({
    slots: 1,
    write: async () => { if (calls++ === 0) throw new Error('disk full'); },
    onError: (dir, err) => errors.push(`${dir}: ${err.message}`),
  });
  await writer.save('/j/1', rec(1, 'running'));
  await writer.save('/j/1', rec(1, 'completed'));
  assert.deepEqual(errors, ['/j/1: disk full']);
  assert.equal(writer.persisted(1)?.status, 'completed');
  assert.deepEqual(writer.load(), { active: 0, pending: 0 });
});

test('local launcher: 300 jobs shorter than their record writes never have more than n_jobs x WRITES_PER_SLOT writes in flight', async () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-writes-'));
  const jobs: PlannedJob[] = Array.from({ length: 300 }, (_, num) => ({
    num, overrides: [], overrideDirname: '', outputDir: join(root, String(num)), argv: ['true'], env: {}, cwd: root,
  }));
  for (const j of jobs) mkdirSync(join(j.outputDir, '.orch'), { recursive: true });
  let inFlight = 0;
  let maxInFlight = 0;
  // Slower than a job: without a bound every finished job's write would be in flight at once.
  const slowWrite = async (dir: string, r: RunRecord) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((res) => setTimeout(res, 20));
      await writeRunRecord(dir, r);
    } finally {
      inFlight--;
    }
  };
  const nJobs = 2;
  const launcher = createLocalLauncher({ n_jobs: nJobs }, { writeRecord: slowWrite });
  const result = await runSweep(jobs, launcher, { sweepDir: root, settings: {}, projectRoot: root, task: 'true', interactive: false, git: null },
    { out: { write: () => true } as unknown as NodeJS.WritableStream, handleSignals: false, progress: false });
  assert.equal(result.summary.counts.completed, 300);
  assert.ok(maxInFlight <= nJobs * WRITES_PER_SLOT, `writes in flight: ${maxInFlight}`);
  assert.ok(maxInFlight >= 2, 'writes overlapped: the bound was exercised');
  rmSync(root, { recursive: true, force: true });
});
