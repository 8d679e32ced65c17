/**
 * The job side of a Slurm array task (`orch _slurm-dispatch SWEEP NUM TASK_ID`): finds its job in
 * the plan by number (jobs.idx, O(1)), dispatches it on the node exactly as the local path does
 * (plan/dispatch.ts: its dir, its snapshot from the frozen config tree, its config hash checked)
 * and prints the job's spec (job-spec.ts encoding) for the batch script to run. So nothing per job
 * is written before sbatch. A command task says here that it started (a module task's
 * `orch _run-job` does that itself), and an earlier attempt (a Slurm requeue) is moved aside first.
 */
import { hostname } from 'node:os';
import { createDispatcher } from '../../plan/dispatch.js';
import { keepAttempt } from '../../store/attempts.js';
import { clearPruneMarker } from '../../store/prune-marker.js';
import { openPlan } from '../../store/plan-record-reader.js';
import { newRunRecord, readRunRecord, writeRunRecord } from '../../store/run-record.js';
import { parseModuleJobArgv } from '../../task/job-argv.js';
import { encodeJobSpec } from './job-spec.js';
import { provenanceRef, readProvenance } from '../../store/provenance.js';
import { gitFactsOf } from '../../store/git.js';
import type { RunRecord } from '../../store/types.js';

export interface SelfDispatchOptions {
  sweepDir: string;
  num: number;
  /** `<array job>_<task>`, recorded as the job's launcher id. */
  taskId: string;
  /** Pid of the batch shell that will run the job (the job's process on this node). */
  pid?: number;
  launcherName: string;
  /** Environment entries the node sets itself (a GPU allocation's device). */
  dropEnv?: readonly string[];
  /** Absolute path of the launch's provenance file: the job's record names it, as the local launcher's does. */
  provenance?: string;
}

export async function selfDispatch(opts: SelfDispatchOptions): Promise<string> {
  // A plan still growing (an adaptive search appends as it proposes) is followed, not refused.
  const plan = await openPlan(opts.sweepDir, { allowIncomplete: true });
  try {
    const line = await plan.readJobAt(opts.num);
    const job = await createDispatcher(opts.sweepDir, plan.header)(line);
    const facts = { ...(await provenanceFacts(job.outputDir, opts.provenance)), configHash: job.configHash };
    if (parseModuleJobArgv(job.argv)) {
      // `orch _run-job` builds its running record on this one: a first attempt has none without it.
      const prev = await readRunRecord(job.outputDir).catch(() => undefined);
      if (!prev) await writeRunRecord(job.outputDir, newRunRecord({ jobNum: job.num, overrides: job.overrides, task: plan.header.task, argv: job.argv, cwd: job.cwd, ...facts, launcher: { name: opts.launcherName, jobId: opts.taskId } }));
    } else {
      const prev = await readRunRecord(job.outputDir).catch(() => undefined);
      await keepAttempt(job.outputDir, prev);
      // An earlier attempt's prune decision is on its record; this attempt starts undecided.
      await clearPruneMarker(job.outputDir);
      const base = prev ?? newRunRecord({ jobNum: job.num, overrides: job.overrides, task: plan.header.task, argv: job.argv, cwd: job.cwd });
      await writeRunRecord(job.outputDir, {
        ...base, ...facts, status: 'running', attempt: (prev?.attempt ?? 0) + 1, argv: job.argv, host: hostname(), pid: opts.pid,
        startedAt: new Date().toISOString(), exitCode: undefined, signal: undefined, reason: undefined, warnings: undefined, endedAt: undefined, durationSec: undefined,
        launcher: { name: opts.launcherName, jobId: opts.taskId },
      });
    }
    return encodeJobSpec(job, opts.dropEnv);
  } finally {
    await plan.close();
  }
}

/** What the local launcher copies from the launch context into a record, read here from the provenance file. */
async function provenanceFacts(jobDir: string, file: string | undefined): Promise<Pick<RunRecord, 'provenance' | 'git'>> {
  if (file === undefined) return {};
  const ref = provenanceRef(jobDir, file)!;
  const doc = await readProvenance(jobDir, ref);
  return { provenance: ref, ...(doc?.git ? { git: gitFactsOf(doc.git) } : {}) };
}
