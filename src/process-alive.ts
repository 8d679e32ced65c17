import { readFileSync } from 'node:fs';

/**
 * Whether a process still runs. `kill(pid, 0)` alone says yes for a zombie: a process that has
 * exited (killed with SIGKILL, say) but whose parent has not reaped it yet. An orch in that state
 * holds no sweep and runs no job, so it counts as gone; where there is no /proc (not Linux) the
 * signal's answer stands.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = procStateOf(pid);
  return state !== 'Z' && state !== 'X';
}

/**
 * The fields of /proc/<pid>/stat after the process's name (which may hold spaces and parentheses),
 * so field 3 of proc(5) is [0]; undefined when there is no such process or no /proc.
 */
export function procStatFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Field 3 of /proc/<pid>/stat: R, S, D, Z... */
export function procStateOf(pid: number): string | undefined {
  return procStatFields(pid)?.[0];
}
