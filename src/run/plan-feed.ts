import { join } from 'node:path';
import { createDispatcher } from '../plan/dispatch.js';
import type { PlanReader } from '../store/plan-record-reader.js';
import type { PlanJob } from '../store/plan-record-format.js';
import { DispatchFailure, type JobFeed, type SkippedJob } from '../launchers/job-source.js';

/**
 * The jobs of a plan as a feed, streamed from `jobs.jsonl` (one chunk in memory) and dispatched
 * one by one as the launcher takes them. `wanted` picks the jobs (a resume's unfinished ones), and
 * `count` says how many it picks.
 */
export function planFeed(sweepDir: string, plan: PlanReader, opts: { wanted?: (job: PlanJob) => boolean; count?: number } = {}): JobFeed {
  const dispatch = createDispatcher(sweepDir, plan.header);
  const it = plan.jobs()[Symbol.asyncIterator]();
  const nextLine = async (): Promise<PlanJob | undefined> => {
    for (;;) {
      const r = await it.next();
      if (r.done) return undefined;
      if (!opts.wanted || opts.wanted(r.value)) return r.value;
    }
  };
  const ref = async (): Promise<SkippedJob | undefined> => {
    const line = await nextLine();
    return line && { num: line.num, overrides: line.overrides, outputDir: join(sweepDir, line.dir) };
  };
  let reserved: PlanJob | undefined;
  const reserve = async (): Promise<(SkippedJob & { configHash?: string }) | undefined> => {
    reserved = await nextLine();
    return reserved && { num: reserved.num, overrides: reserved.overrides, outputDir: join(sweepDir, reserved.dir), configHash: reserved.configHash };
  };
  return {
    count: opts.count ?? plan.count,
    async next() {
      const line = await nextLine();
      if (!line) return undefined;
      try {
        return await dispatch(line);
      } catch (err) {
        throw new DispatchFailure({ num: line.num, overrides: line.overrides, outputDir: join(sweepDir, line.dir) }, err);
      }
    },
    skip: ref,
    reserve,
    async dispatchReserved(num) {
      const line = reserved;
      if (line?.num !== num) throw new Error(`job ${num} is not the one reserved last`);
      try {
        return await dispatch(line);
      } catch (err) {
        throw new DispatchFailure({ num: line.num, overrides: line.overrides, outputDir: join(sweepDir, line.dir) }, err);
      }
    },
  };
}
