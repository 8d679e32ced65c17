import type { RunStatus } from '../../store/types.js';

/** One array task as squeue, sacct or scontrol reports it. */
export interface TaskReport {
  /** `<array job id>_<task id>`. */
  id: string;
  /** Slurm's state word, e.g. CANCELLED (without " by 0"). */
  state: string;
  /** The full state text, e.g. "CANCELLED by 0". */
  stateText: string;
  exitCode?: string;
  reason?: string;
}

/**
 * `sacct -X -n -P -o JobID,State,ExitCode,Reason` lines. Pending array ranges (`12_[3-9%2]`)
 * name no single task and are skipped: a pending task is not an answer anyway.
 */
export function parseSacct(text: string): TaskReport[] {
  const out: TaskReport[] = [];
  for (const line of text.split('\n')) {
    const [id, stateText, exitCode, reason] = line.trim().split('|');
    if (!id || !stateText || !/^\d+_\d+$/.test(id)) continue;
    out.push({ id, state: stateText.split(' ')[0]!, stateText, exitCode, reason: reason && reason !== 'None' ? reason : undefined });
  }
  return out;
}

/** `squeue -h -r -o %i|%T|%r` lines (one line per array task thanks to -r). */
export function parseSqueue(text: string): TaskReport[] {
  const out: TaskReport[] = [];
  for (const line of text.split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    if (!id || !state || !/^\d+_\d+$/.test(id)) continue;
    out.push({ id, state, stateText: state, reason: reason && reason !== 'None' ? reason : undefined });
  }
  return out;
}

/**
 * `scontrol -o show job <id>` output (one line per task): used when accounting is off. Only the
 * fields we need; values never contain spaces except Command/WorkDir which come later.
 */
export function parseScontrolJobs(text: string): TaskReport[] {
  const out: TaskReport[] = [];
  for (const line of text.split('\n')) {
    const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(line)?.[1];
    const arrayJob = field('ArrayJobId');
    const task = field('ArrayTaskId');
    const state = field('JobState');
    if (!arrayJob || !task || !state || !/^\d+$/.test(task)) continue;
    const reason = field('Reason');
    out.push({ id: `${arrayJob}_${task}`, state, stateText: state, exitCode: field('ExitCode'), reason: reason && reason !== 'None' ? reason : undefined });
  }
  return out;
}

/** jobcomp/filetxt lines: `JobId=12 ... JobState=CANCELLED ... ExitCode=0:15 ... ArrayJobId=10 ArrayTaskId=2`. */
export const parseJobcompLog = parseScontrolJobs;

const TERMINAL: Record<string, RunStatus> = {
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TIMEOUT: 'timeout',
  DEADLINE: 'timeout',
  OUT_OF_MEMORY: 'failed',
  NODE_FAIL: 'failed',
  BOOT_FAIL: 'failed',
  PREEMPTED: 'cancelled',
  REVOKED: 'cancelled',
  SPECIAL_EXIT: 'failed',
};

/** Our status for a Slurm state, or undefined while the task may still run (PENDING, RUNNING, REQUEUED, ...). */
export function terminalStatus(state: string): RunStatus | undefined {
  return TERMINAL[state];
}

export function queuedStatus(state: string): RunStatus {
  return state === 'PENDING' || state === 'REQUEUED' || state === 'REQUEUE_HOLD' || state === 'REQUEUE_FED' ? 'pending' : 'running';
}
