/**
 * The local launcher's lanes through the real CLI with a Python task: a lane takes its next job
 * while its job runs and hands it to the spawner to start the moment that one exits 0; after any
 * other end the hand-over is dropped and orch decides (here: a retry comes first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';
import { MAX_HANDED_OVER } from '../../src/launchers/local/local-launcher.js';

const record = (dir: string) => JSON.parse(readFileSync(join(dir, '.orch', 'run.json'), 'utf8'));

/** A sweep of the `lane` task into outputs/s that must exit 0; `order` is the file its attempts append to. */
function laneSweep(args: string[]): { dir: string; order: string } {
  const dir = copyFixture('cli/lanes');
  const order = join(dir, 'order.txt');
  const r = orch(dir, ['lane', ...args, '-m', `order=${order}`, 'orch.sweep.dir=outputs/s']);
  assert.equal(r.code, 0, r.stderr);
  return { dir, order };
}

test('one lane: a retry runs before the next job, each job with its own config; logs exist only for what a job wrote', () => {
  const { dir, order } = laneSweep(['n=10,11,12,13', 'flaky=[1]', 'talk=true', 'orch.launcher.n_jobs=1', 'orch.launcher.max_retries=1']);
  // Job 1's first attempt failed: the spawner must not have started job 2 in its place.
  assert.equal(readFileSync(order, 'utf8'), '0:10\n1:11\n1:11\n2:12\n3:13\n');
  for (const num of [0, 1, 2, 3]) {
    const job = join(dir, 'outputs/s', String(num));
    assert.equal(record(job).status, 'completed');
    assert.equal(record(job).attempt, num === 1 ? 2 : 1);
    assert.equal(readFileSync(join(job, 'stdout.log'), 'utf8'), `job ${num} ran\n`);
    assert.ok(!existsSync(join(job, 'stderr.log')), `job ${num} wrote nothing to stderr: no stderr.log`);
  }
  assert.match(readFileSync(join(dir, 'outputs/s/1/.orch/attempts/1/stderr.log'), 'utf8'), /first attempt of job 1 fails/);
});

test('two lanes of silent jobs: every job runs once, in its own dir, and leaves no log', () => {
  const { dir, order } = laneSweep(['n=range(20)', 'talk=false', 'orch.launcher.n_jobs=2']);
  const lines = readFileSync(order, 'utf8').trim().split('\n').sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0]));
  assert.deepEqual(lines, Array.from({ length: 20 }, (_, i) => `${i}:${i}`));
  for (let num = 0; num < 20; num++) {
    const job = join(dir, 'outputs/s', String(num));
    assert.equal(record(job).status, 'completed');
    assert.ok(!existsSync(join(job, 'stdout.log')) && !existsSync(join(job, 'stderr.log')), `job ${num}: no log`);
  }
});

test('one lane of short jobs: a failure inside a chain of hand-overs drops the rest of it; the retry runs first, then every job after it, once, in order', () => {
  // Jobs of a few ms: once the first has ended the lane hands over a chain of jobs (MAX_HANDED_OVER),
  // so job 9 fails while the jobs after it wait in the spawner.
  const { dir, order } = laneSweep(['n=range(24)', 'flaky=[9,10,17]', 'talk=false', 'orch.launcher.n_jobs=1', 'orch.launcher.max_retries=1']);
  const expected = Array.from({ length: 24 }, (_, i) => [9, 10, 17].includes(i) ? [`${i}:${i}`, `${i}:${i}`] : [`${i}:${i}`]).flat();
  assert.deepEqual(readFileSync(order, 'utf8').trim().split('\n'), expected);
  for (let num = 0; num < 24; num++) {
    const rec = record(join(dir, 'outputs/s', String(num)));
    assert.equal(rec.status, 'completed');
    assert.equal(rec.attempt, [9, 10, 17].includes(num) ? 2 : 1);
  }
  // The journal: at most MAX_HANDED_OVER jobs handed over and not started yet, plus one whose
  // `started` line follows its start by a record write.
  const events = readFileSync(join(dir, 'outputs/s/.orch/journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  let ahead = 0;
  for (const e of events) {
    if (e.ev === 'dispatched') ahead++;
    if (e.ev === 'started' && e.attempt === 1) ahead--;
    assert.ok(ahead <= MAX_HANDED_OVER + 1, `${ahead} jobs dispatched and not started: at most ${MAX_HANDED_OVER + 1}`);
  }
  assert.equal(events.filter((e) => e.ev === 'started').length, 27);
});
