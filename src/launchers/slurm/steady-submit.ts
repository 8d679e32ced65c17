/**
 * Steady state on Slurm for an adaptive source (a search, contract A/F): a job is taken only when
 * one of `slots` is free and submitted at once (its own one-task array), so trial k+slots is
 * proposed after trial k ended, with its result told, never in batches. While a take is pending
 * (the study waits for a result) the running jobs are polled; a job's end, reported through the
 * poll's events, is what lets the source propose the next. Resolves once the source has nothing
 * more to give, with the handles of every job submitted; the caller waits for the last ones.
 */
import type { JobHandle, JobState } from '../types.js';
import { isTerminal } from '../../store/run-record.js';

export interface SteadySubmitDeps<J extends { num: number }> {
  /** Jobs at once (orch.launcher.array_parallelism). */
  slots: number;
  pollMs: number;
  /** The source's next job; may stay pending until a running job's end was reported. */
  take(): Promise<J | undefined>;
  submit(job: J): Promise<JobHandle>;
  /** States of these jobs; ends are reported to the source through the launcher's events. */
  poll(handles: JobHandle[]): Promise<JobState[]>;
  /** Settles when no more jobs may be taken (Ctrl-C): the jobs submitted so far are returned at once. */
  stopped?: Promise<void>;
  /** Waits between polls (tests pass their own). */
  sleep?: (ms: number) => Promise<void>;
}

const TICK: unique symbol = Symbol('tick');
const STOP: unique symbol = Symbol('stop');

export async function submitSteadily<J extends { num: number }>(deps: SteadySubmitDeps<J>): Promise<JobHandle[]> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const handles: JobHandle[] = [];
  const running = new Map<number, JobHandle>();
  const submit = async (job: J): Promise<void> => {
    const handle = await deps.submit(job);
    handles.push(handle);
    running.set(handle.num, handle);
  };
  let taking: Promise<J | undefined> | undefined;
  let stopped = false;
  const stop = deps.stopped?.then((): typeof STOP => { stopped = true; return STOP; }) ?? new Promise<never>(() => {});
  for (;;) {
    if (!taking && running.size < deps.slots && !stopped) taking = deps.take();
    // A take that settles first wins the race; one still pending is raced again after the poll.
    const got = await Promise.race([taking ?? new Promise<never>(() => {}), stop, sleep(deps.pollMs).then((): typeof TICK => TICK)]);
    if (got !== TICK && got !== STOP) {
      taking = undefined;
      if (got === undefined) return handles;
      await submit(got);
    }
    if (stopped) {
      // A job the closed source still hands over is submitted too: it was counted as taken (and is
      // cancelled at once by a launcher that was stopped).
      const last = await taking;
      if (last) await submit(last);
      return handles;
    }
    if (got !== TICK || running.size === 0) continue;
    for (const s of await deps.poll([...running.values()])) if (isTerminal(s.status)) running.delete(s.num);
  }
}
