import { test } from 'node:test';
import assert from 'node:assert/strict';
import { submitSteadily } from '../../../../src/launchers/slurm/steady-submit.js';
import type { JobHandle, JobState } from '../../../../src/launchers/types.js';

/**
 * A fake cluster: a job ends when the test says so; the source proposes job k+slots only after a
 * job's end was reported by a poll, as a study waiting for a result does.
 */
function harness(slots: number, total: number) {
  const log: string[] = [];
  const ended = new Set<number>();
  const reported = new Set<number>();
  let proposed = 0;
  let wake: () => void = () => {};
  const take = async (): Promise<{ num: number } | undefined> => {
    while (proposed >= slots + reported.size && proposed < total) await new Promise<void>((r) => { wake = r; });
    if (proposed >= total) return undefined;
    log.push(`take ${proposed}`);
    return { num: proposed++ };
  };
  const poll = async (handles: JobHandle[]): Promise<JobState[]> => handles.map((h) => {
    const done = ended.has(h.num);
    if (done && !reported.has(h.num)) { reported.add(h.num); log.push(`end ${h.num}`); wake(); }
    return { num: h.num, status: done ? 'completed' : 'running' };
  });
  let ticks = 0;
  // Each poll interval ends one more job, oldest first: the test drives time, not the clock.
  const sleep = async (): Promise<void> => { ticks++; ended.add(ticks - 1); await new Promise((r) => setImmediate(r)); };
  const submit = async (job: { num: number }): Promise<JobHandle> => { log.push(`submit ${job.num}`); return { num: job.num, outputDir: `/x/${job.num}` }; };
  return { log, run: () => submitSteadily({ slots, pollMs: 1, take, submit, poll, sleep }) };
}

test('steady state: at most `slots` jobs submitted before an end is reported; each job submitted as it is taken', async () => {
  const h = harness(2, 5);
  const handles = await h.run();
  assert.deepEqual(handles.map((x) => x.num), [0, 1, 2, 3, 4]);
  const at = (entry: string): number => h.log.indexOf(entry);
  for (let k = 0; k < 5; k++) assert.equal(at(`submit ${k}`), at(`take ${k}`) + 1, `job ${k} submitted at once`);
  for (let k = 2; k < 5; k++) assert.ok(at(`take ${k}`) > at(`end ${k - 2}`), `job ${k} taken after job ${k - 2} ended: ${h.log.join(', ')}`);
  assert.ok(at('take 1') < at('end 0'), 'two run at once');
});

test('a source with nothing to give ends the submission with no job', async () => {
  const h = harness(3, 0);
  assert.deepEqual(await h.run(), []);
});

test('stopped (Ctrl-C, or orch leaving the jobs to Slurm): returns at once with every slot busy, taking no more', async () => {
  let takes = 0;
  let halt: () => void = () => {};
  const stopped = new Promise<void>((r) => { halt = r; });
  const submitted: number[] = [];
  const handles = await submitSteadily({
    slots: 2, pollMs: 1, stopped,
    take: async () => ({ num: takes++ }),
    submit: async (job) => { submitted.push(job.num); if (submitted.length === 2) halt(); return { num: job.num, outputDir: '' }; },
    // Nothing ever ends: only the stop can end the submission.
    poll: async (hs) => hs.map((h) => ({ num: h.num, status: 'running' as const })),
    sleep: () => new Promise((r) => setImmediate(r)),
  });
  assert.deepEqual(handles.map((h) => h.num), [0, 1]);
  assert.equal(takes, 2);
});
