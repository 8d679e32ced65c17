import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceOf, withReuse, type JobFeed } from '../../../src/launchers/job-source.js';
import type { PlannedJob } from '../../../src/plan/types.js';
import type { RunRecord } from '../../../src/store/types.js';

/** A plan of three jobs whose jobs dispatch themselves where they run (Slurm by index); job 1's config ran before. */
function planLikeFeed(dispatched: number[]): JobFeed {
  const jobs = [0, 1, 2].map((num) => ({ num, overrides: [`x=${num}`], outputDir: `/s/${num}`, configHash: `h${num}` }));
  let i = 0;
  let last: (typeof jobs)[number] | undefined;
  const planned = (num: number): PlannedJob => ({ num, overrides: [`x=${num}`], overrideDirname: '', outputDir: `/s/${num}`, argv: ['run'], cwd: '/', configHash: `h${num}` }) as unknown as PlannedJob;
  return {
    count: jobs.length,
    next: async () => { const j = jobs[i++]; if (j) dispatched.push(j.num); return j && planned(j.num); },
    skip: async () => jobs[i++],
    reserve: async () => (last = jobs[i++]),
    dispatchReserved: async (num) => { assert.equal(num, last?.num); dispatched.push(num); return planned(num); },
  };
}

test('withReuse keeps a feed\'s reserve: jobs still dispatch where they run, only a reused one is dispatched here', async () => {
  const dispatched: number[] = [];
  const reusedJobs: number[] = [];
  const take = Object.assign(async (job: PlannedJob) => (job.num === 1 ? ({ status: 'completed', attempt: 1 } as RunRecord) : undefined), { has: (hash: string) => hash === 'h1' });
  const source = sourceOf(withReuse(planLikeFeed(dispatched), take, (job) => reusedJobs.push(job.num)));
  assert.ok(source.nextUndispatched, 'the Slurm launcher takes jobs by index (array tasks), not dispatched on the login node');
  const taken: number[] = [];
  for (let job = await source.nextUndispatched!(); job; job = await source.nextUndispatched!()) taken.push(job.num);
  assert.deepEqual(taken, [0, 2]);
  assert.deepEqual(reusedJobs, [1]);
  assert.deepEqual(dispatched, [1], 'only the reused job got its dir here');
});

test('withReuse keeps what an adaptive feed (a search) has besides its jobs: it hears of every end and records its proposals', async () => {
  const heard: string[] = [];
  const feed: JobFeed = {
    count: 2, adaptive: true,
    next: async () => undefined, skip: async () => undefined,
    jobEnded: (num, status) => heard.push(`${num} ${status}`),
    attach: () => heard.push('attach'), stop: () => heard.push('stop'), drain: async () => { heard.push('drain'); },
  };
  const fed = withReuse(feed, Object.assign(async () => undefined, { has: () => false }), () => {});
  assert.equal(fed.adaptive, true);
  fed.attach?.(undefined);
  fed.jobEnded?.(0, 'completed');
  fed.stop?.();
  await fed.drain?.();
  assert.deepEqual(heard, ['attach', '0 completed', 'stop', 'drain']);
});
