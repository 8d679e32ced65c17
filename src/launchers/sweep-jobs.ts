import { hostname } from 'node:os';
import type { RunRecord } from '../store/types.js';
import { isAlive } from '../process-alive.js';
import { isJobProcess, signalGroupOnly } from './local/process-tree.js';

/** Pid of another orch on this machine that is still running this job, if any. */
export function liveOrchOf(rec: RunRecord | undefined): number | undefined {
  if (rec?.status !== 'running' || !rec.orchPid || rec.host !== hostname() || rec.orchPid === process.pid) return undefined;
  return isAlive(rec.orchPid) ? rec.orchPid : undefined;
}

/** A job left `running` by a local orch on this machine that is gone: resume will run it again. */
export function isInterrupted(rec: RunRecord | undefined): boolean {
  return rec?.status === 'running' && rec.orchPid !== undefined && rec.host === hostname() && rec.orchPid !== process.pid && !isAlive(rec.orchPid);
}

/**
 * A job left `running` by an orch that died (SIGKILL, power loss) may still have its process: kill
 * its group before running the job again, so two copies never write the same directory.
 */
export function killLeftoverJob(rec: RunRecord | undefined, jobDir: string): boolean {
  if (rec?.status !== 'running' || !rec.pid || rec.host !== hostname()) return false;
  // A Slurm job belongs to slurmd, not to the orch that submitted it: Slurm cancels it, never we.
  if (rec.launcher?.name?.startsWith('slurm')) return false;
  return isJobProcess(rec.pid, jobDir) && signalGroupOnly(rec.pid, 'SIGKILL');
}
