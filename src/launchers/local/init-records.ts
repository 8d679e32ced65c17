import { mkdir } from 'node:fs/promises';
import type { PlannedJob } from '../../plan/types.js';
import type { GitFacts } from '../../store/git.js';
import { provenanceRef } from '../../store/provenance.js';
import { keepAttempt } from '../../store/attempts.js';
import { newRunRecord, readRunRecord, writeRunRecord } from '../../store/run-record.js';
import type { RunRecord } from '../../store/types.js';
import { OrchError } from '../../errors.js';

const IO_CONCURRENCY = 32;

/**
 * Writes every job's `pending` record before any job starts. This is also the check that every
 * output directory is writable: one that is not stops the sweep before anything runs. A job that
 * ran before (resume, rerun) has that attempt's files moved aside first and keeps its count of
 * started attempts: being queued again is not an attempt.
 */
export async function initRunRecords(
  jobs: PlannedJob[],
  facts: { task: string; launcher: string; git?: GitFacts; provenance?: string },
): Promise<Map<number, RunRecord>> {
  const records = new Map<number, RunRecord>();
  const problems: string[] = [];
  let next = 0;
  async function lane(): Promise<void> {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      try {
        await mkdir(job.outputDir, { recursive: true });
        const prev = await readRunRecord(job.outputDir).catch(() => undefined);
        await keepAttempt(job.outputDir, prev);
        const attempt = prev?.attempt ?? 0;
        const rec = newRunRecord({
          jobNum: job.num, overrides: job.overrides, task: facts.task, argv: job.argv, cwd: job.cwd,
          attempt, git: facts.git, provenance: provenanceRef(job.outputDir, facts.provenance), configHash: job.configHash, launcher: { name: facts.launcher },
        });
        await writeRunRecord(job.outputDir, rec);
        records.set(job.num, rec);
      } catch (err) {
        problems.push(`${job.outputDir}: ${(err as Error).message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(IO_CONCURRENCY, jobs.length) }, lane));
  if (problems.length > 0) {
    throw new OrchError({
      code: 'LAUNCH_OUTPUT_UNWRITABLE', message: `Cannot write to the output directory of ${problems.length} job(s); no job was started:\n  ${problems.slice(0, 5).join('\n  ')}`,
      hint: 'Check the permissions and free space of the output directory, or choose another one.',
    });
  }
  return records;
}
