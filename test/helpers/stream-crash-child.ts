// Child of test/integration/stream-crash.test.ts: writes a plan or journal events as fast as it can
// and reports progress on stdout, until the parent SIGKILLs it at an instant of its choosing.
//   plan <sweepDir> <jobs>    reports `planned N` every 250 appends, then `plan complete`
//   journal <sweepDir>        reports `durable K` once event K is fsynced (event order: see eventAt)
import { createPlanWriter } from '../../src/store/plan-record-writer.js';
import { openJournalWriter } from '../../src/store/journal-writer.js';
import { journalPath, type JournalEvent } from '../../src/store/journal-format.js';

const STATUSES = ['completed', 'failed', 'timeout', 'cancelled'] as const;

/** Event K of the sequence: job K/3 is dispatched, started, then finished with a status of its own. */
export function eventAt(k: number): JournalEvent {
  const job = Math.floor(k / 3);
  if (k % 3 === 0) return { ev: 'dispatched', job };
  if (k % 3 === 1) return { ev: 'started', job, attempt: 1, pid: 1000 + job, host: 'crash-test' };
  return { ev: 'finished', job, status: STATUSES[job % 4]!, attempt: 1, exitCode: job % 4 === 0 ? 0 : 1, signal: null, durationSec: job / 10 };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function plan(sweepDir: string, jobs: number): Promise<void> {
  const w = await createPlanWriter(sweepDir, { task: 'noop', command: ['noop', '-m'], createdAt: new Date().toISOString(), sweepDir, launcher: { name: 'local' }, expectedJobs: jobs }, { batchLines: 100 });
  for (let i = 0; i < jobs; i++) {
    w.append({ overrides: [`a=${i}`], overrideDirname: `a=${i}`, dir: String(i), configHash: `sha256:${i}` });
    if ((i + 1) % 250 === 0) {
      process.stdout.write(`planned ${i + 1}\n`);
      await tick();
    }
  }
  await w.close();
  process.stdout.write('plan complete\n');
}

async function journal(sweepDir: string): Promise<void> {
  const w = await openJournalWriter(journalPath(sweepDir), { maxBatch: 64, maxDelayMs: 5 });
  for (let k = 0; ; ) {
    // A few events per turn of the event loop, as a launcher whose jobs end at random moments.
    for (const end = k + 1 + (k % 7); k < end; k++) {
      const n = k;
      void w.append(eventAt(n)).then(() => process.stdout.write(`durable ${n}\n`));
    }
    await tick();
  }
}

if (process.argv[2] === 'plan') await plan(process.argv[3]!, Number(process.argv[4]));
else if (process.argv[2] === 'journal') await journal(process.argv[3]!);
