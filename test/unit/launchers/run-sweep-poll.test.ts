/** The run loop's completion poll asks only about jobs not yet known to have ended (each poll reads their records). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feedOf } from '../../../src/launchers/job-source.js';
import { runSweep } from '../../../src/launchers/run-sweep.js';
import type { JobHandle, JobState, Launcher } from '../../../src/launchers/types.js';
import type { PlannedJob } from '../../../src/plan/types.js';

test('runSweep: a poll round never asks about a job an earlier round (or an event) said ended', async () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-poll-'));
  const jobs: PlannedJob[] = Array.from({ length: 6 }, (_, num) => ({ num, overrides: [], overrideDirname: '', outputDir: join(root, String(num)), argv: ['true'], env: {}, cwd: root }));
  const asked: number[][] = [];
  let round = 0;
  const launcher: Launcher = {
    name: 'fake',
    async submit(source, ctx) {
      const handles: JobHandle[] = [];
      for (let j = await source.next(); j; j = await source.next()) handles.push({ num: j.num, outputDir: j.outputDir });
      // Job 0 ends by an event, the others are found by polls, one more each round.
      ctx.onJobEvent?.({ num: 0, status: 'completed', attempt: 1, outputDir: handles[0]!.outputDir });
      return handles;
    },
    async poll(handles): Promise<JobState[]> {
      asked.push(handles.map((h) => h.num));
      round++;
      return handles.map((h) => ({ num: h.num, status: h.num <= round ? 'completed' : 'running' }));
    },
    stop() {},
  };
  const result = await runSweep(feedOf(jobs), launcher, { sweepDir: root, settings: {}, projectRoot: root, task: 't', interactive: false, git: null },
    { out: { write: () => true } as unknown as NodeJS.WritableStream, handleSignals: false, progress: false, pollIntervalMs: 1 });
  assert.equal(result.summary.counts.completed, 6);
  assert.deepEqual(asked, [[1, 2, 3, 4, 5], [2, 3, 4, 5], [3, 4, 5], [4, 5], [5]]);
  rmSync(root, { recursive: true, force: true });
});
