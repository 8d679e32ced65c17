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
  /** Waits between polls (tests pass their own). */
  sleep?: (ms: number) => Promise<void>;
}

const TICK: unique symbol = Symbol('tick');

export async function submitSteadily<J extends { num: number }>(deps: SteadySubmitDeps<J>): Promise<JobHandle[]> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const handles: JobHandle[] = [];
  const running = new Map<number, JobHandle>();
  let taking: Promise<J | undefined> | undefined;
  for (;;) {
    if (!taking && running.size < deps.slots) taking = deps.take();
    // A take that settles first wins the race; one still pending is raced again after the poll.
    const got: J | undefined | typeof TICK = await Promise.race([taking ?? new Promise<never>(() => {}), sleep(deps.pollMs).then((): typeof TICK => TICK)]);
    if (got !== TICK) {
      taking = undefined;
      if (got === undefined) return handles;
      const handle = await deps.submit(got);
      handles.push(handle);
      running.set(handle.num, handle);
      continue;
    }
    if (running.size === 0) continue;
    for (const s of await deps.poll([...running.values()])) if (isTerminal(s.status)) running.delete(s.num);
  }
}
