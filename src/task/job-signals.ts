/**
 * What a process running a TypeScript job does on a signal, for both hosts of a job (the local
 * launcher's worker, `orch _run-job` under Slurm or by hand):
 * - SIGUSR1: run the task's checkpoint hooks (ctx.onCheckpoint); then `afterCheckpoint` (Slurm's
 *   preemption warning: leave, so the batch script requeues the job).
 * - SIGTERM / SIGINT: run the checkpoint hooks, then `stop` with the signal's exit code. With
 *   `letTaskWindDown`, a task that watches ctx.signal / ctx.shouldStop() is asked to stop instead
 *   and ends where it chooses (`stopping()` then holds the code); a second signal ends it at once.
 */
import type { TaskContextHandle } from './context.js';

/** Exit codes of a job ended by a signal, as a shell reports them (128 + the signal's number). */
export const STOP_EXIT_CODES = { SIGTERM: 143, SIGINT: 130 } as const;
export type StopSignal = keyof typeof STOP_EXIT_CODES;

export interface JobSignalHandlers {
  /** The running job's context; undefined before the task started or between jobs. */
  handle(): TaskContextHandle | undefined;
  afterCheckpoint?(): void;
  /** The job ends now (its checkpoint hooks have run): record it and exit with `code`. */
  stop(signal: StopSignal, code: number): void;
  readonly letTaskWindDown?: boolean;
}

export interface JobSignals {
  /** The exit code of a stop the task was asked to wind down for, once asked. */
  stopping(): number | undefined;
  remove(): void;
}

export function onJobSignals(h: JobSignalHandlers): JobSignals {
  let stopping: number | undefined;
  const checkpoint = (): Promise<void> => Promise.resolve(h.handle()?.runCheckpointHooks());
  const onUsr1 = (): void => void checkpoint().finally(() => h.afterCheckpoint?.());
  const onStop = (signal: StopSignal) => (): void => {
    const code = STOP_EXIT_CODES[signal];
    const handle = h.handle();
    // Either way the job ends with the signal's code, so it is recorded as stopped (cancelled,
    // timed out, pruned), never as completed.
    if (h.letTaskWindDown && handle && stopping === undefined && handle.requestStop(`received ${signal}`)) {
      stopping = code;
      void handle.runCheckpointHooks();
      return;
    }
    void checkpoint().finally(() => h.stop(signal, code));
  };
  const handlers = { SIGTERM: onStop('SIGTERM'), SIGINT: onStop('SIGINT') };
  process.on('SIGUSR1', onUsr1);
  process.on('SIGTERM', handlers.SIGTERM);
  process.on('SIGINT', handlers.SIGINT);
  return {
    stopping: () => stopping,
    remove() {
      process.off('SIGUSR1', onUsr1);
      process.off('SIGTERM', handlers.SIGTERM);
      process.off('SIGINT', handlers.SIGINT);
    },
  };
}
