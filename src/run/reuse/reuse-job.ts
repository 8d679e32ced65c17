import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ledgerRoots } from '../../ledger/roots.js';
import { loadLedger } from '../../ledger/ledger.js';
import type { PlannedJob } from '../../plan/types.js';
import type { GitFacts } from '../../store/git.js';
import { provenanceRef } from '../../store/provenance.js';
import { newRunRecord, readRunRecord, writeRunRecord } from '../../store/run-record.js';
import { HISTORY_FILE, METRICS_FILE, type RunRecord } from '../../store/types.js';
import { buildReuseIndex, reuseKey } from './reuse-index.js';

/** `has`: whether a job of this config hash may be reused, without its dir (a job not dispatched yet). */
export type Reuse = ((job: PlannedJob) => Promise<RunRecord | undefined>) & { has?(configHash: string): boolean };

/**
 * The metrics are copied, not linked: a job dir must stand on its own when a sweep is archived,
 * synced or moved without the run it reused, and the report and the summary refuse files that
 * link out of their sweep (store/confine.ts). They are a few kilobytes; checkpoints are not copied.
 */
const COPIED = [METRICS_FILE, HISTORY_FILE];

async function copyResults(from: string, to: string): Promise<boolean> {
  for (const f of COPIED) {
    try {
      await copyFile(join(from, f), join(to, f));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (f === METRICS_FILE) return false;
    }
  }
  return true;
}

export interface ReuseFacts { projectRoot: string; task: string; git?: GitFacts | null; provenance?: string; warn: (m: string) => void }

/**
 * What a launch hands runSweep for `skip_completed`: a job that matches a completed run gets that
 * run's metrics and a `completed` record naming it, and is not run. Undefined (every job runs) when
 * the code state is unknown (not a git checkout): equal configs alone do not say equal results.
 */
export async function reuseFinder(facts: ReuseFacts): Promise<Reuse | undefined> {
  const codeState = facts.git?.codeState;
  if (!codeState) {
    facts.warn('orch.sweeper.skip_completed needs the code state of a git checkout; every job runs');
    return undefined;
  }
  const ledger = await loadLedger({ roots: ledgerRoots(facts.projectRoot, []), cwd: facts.projectRoot, warn: facts.warn });
  const index = buildReuseIndex(ledger.rows, facts.projectRoot);
  if (index.size === 0) return Object.assign(async () => undefined, { has: () => false });
  const take: Reuse = async (job) => {
    const from = job.configHash && index.get(reuseKey(facts.task, job.configHash, codeState));
    if (!from) return undefined;
    // The index may be older than the run store: the run must still be there and completed.
    const original = await readRunRecord(from).catch(() => undefined);
    if (original?.status !== 'completed' || !(await copyResults(from, job.outputDir))) return undefined;
    const now = new Date().toISOString();
    const rec: RunRecord = {
      ...newRunRecord({ jobNum: job.num, overrides: job.overrides, task: facts.task, argv: job.argv, cwd: job.cwd }),
      status: 'completed', startedAt: now, endedAt: now, durationSec: 0, git: facts.git ?? undefined,
      provenance: provenanceRef(job.outputDir, facts.provenance), configHash: job.configHash, reusedFrom: from,
    };
    await writeRunRecord(job.outputDir, rec);
    return rec;
  };
  return Object.assign(take, { has: (configHash: string) => index.has(reuseKey(facts.task, configHash, codeState)) });
}
