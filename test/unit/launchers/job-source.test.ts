import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceOf, type JobFeed, type SkippedJob } from '../../../src/launchers/job-source.js';

/** A feed of `n` jobs that counts how many were passed by. */
function countingFeed(n: number): JobFeed & { skipped: number } {
  const feed = {
    skipped: 0,
    count: n,
    next: async () => undefined,
    skip: async (): Promise<SkippedJob | undefined> => (feed.skipped < n ? { num: feed.skipped++, overrides: [], outputDir: '' } : undefined),
  };
  return feed;
}

test('sourceOf: closing waits for a promise notStarted returns before passing by more jobs (journal back-pressure)', async () => {
  const feed = countingFeed(10);
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  const seen: number[] = [];
  let exhausted = false;
  const source = sourceOf(feed, {
    notStarted: (job) => { seen.push(job.num); return job.num === 2 ? held : undefined; },
    exhausted: () => { exhausted = true; },
  });
  source.close('stopped');
  // However long the journal takes, nothing past the held job is read while it is pending.
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, [0, 1, 2]);
  assert.equal(feed.skipped, 3);
  assert.equal(exhausted, false);
  release();
  for (let i = 0; i < 20 && !exhausted; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(exhausted, true);
});
