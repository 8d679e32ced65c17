import { IO_CONCURRENCY, mapLimit } from '../../concurrency.js';
import { readRunRecord } from '../../store/run-record.js';
import type { JobHandle, JobState } from '../types.js';

/**
 * The stop protocol the local and GPU launchers share: the first stop names a reason (kept: the
 * first reason wins) and may signal what runs; a second `stop` of a signal kills at once.
 */
export interface Stopper {
  readonly reason: string | undefined;
  /** Stop launching for `reason`; with a signal, also send it to what runs. */
  halt(reason: string, signal: NodeJS.Signals | undefined): void;
  /** Launcher.stop: the first call halts with the signal, the next ones kill. */
  stop(signal: NodeJS.Signals): void;
}

export function createStopper(onSignal: (signal: NodeJS.Signals) => void, onHalt: (reason: string) => void = () => {}): Stopper {
  let reason: string | undefined;
  let stops = 0;
  const halt = (why: string, signal: NodeJS.Signals | undefined): void => {
    if (reason === undefined) {
      reason = why;
      onHalt(why);
    }
    if (signal) onSignal(signal);
  };
  return {
    get reason() { return reason; },
    halt,
    stop(signal) {
      if (++stops > 1) onSignal('SIGKILL');
      // A hangup is orch's terminal going away, not a request to the job: it gets the SIGTERM that
      // it may handle (save a checkpoint) before it is cancelled.
      else halt(`interrupted by ${signal}`, signal === 'SIGHUP' ? 'SIGTERM' : signal);
    },
  };
}

/** State of jobs this machine runs: their run records say it (a job not begun yet is pending). */
export function pollRunRecords(handles: JobHandle[]): Promise<JobState[]> {
  return mapLimit(handles, IO_CONCURRENCY, async (h) => {
    const rec = await readRunRecord(h.outputDir).catch(() => undefined);
    return { num: h.num, status: rec?.status ?? 'pending', reason: rec?.reason };
  });
}
