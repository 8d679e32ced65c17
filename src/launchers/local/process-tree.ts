import { readFileSync } from 'node:fs';
import { isAlive } from '../../process-alive.js';

/**
 * Jobs and workers are started in their own process group (`detached`), so a signal to the group
 * reaches everything the job started (a shell's children, a Python data loader's workers).
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** Signals a process group and never a lone pid: after the leader exits its pid may be reused. */
export function signalGroupOnly(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True when any process of the group still exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when `pid` is alive and is a process of this job (its environment names the job's output
 * directory): guards against killing an unrelated process that reused the pid of a dead job.
 */
export function isJobProcess(pid: number, outputDir: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const env = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
    return env.includes(`ORCH_OUTPUT_DIR=${outputDir}`);
  } catch {
    return false;
  }
}
