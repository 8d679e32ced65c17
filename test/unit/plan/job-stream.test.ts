import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJobsAsTheyCome } from '../../../src/plan/job-stream.js';

function* source(n: number, log: string[]): Generator<number> {
  for (let i = 0; i < n; i++) {
    log.push(`make ${i}`);
    yield i * 10;
  }
}

test('the first job is made and checked at once, the others as the consumer pulls them, finish after the last', () => {
  const log: string[] = [];
  const { first, jobs } = checkJobsAsTheyCome(source(3, log), (job, num) => log.push(`check ${num}:${job}`), (count) => log.push(`finish ${count}`));
  assert.equal(first, 0);
  assert.deepEqual(log, ['make 0', 'check 0:0']);
  assert.deepEqual([...jobs], [0, 10, 20]);
  assert.deepEqual(log, ['make 0', 'check 0:0', 'make 1', 'check 1:10', 'make 2', 'check 2:20', 'finish 3']);
});

test('a failing check ends the consumer\'s iteration; an empty source has no first job', () => {
  const { jobs } = checkJobsAsTheyCome(source(5, []), (job) => { if (job === 30) throw new Error('bad job 3'); });
  const seen: number[] = [];
  assert.throws(() => { for (const j of jobs) seen.push(j); }, /bad job 3/);
  assert.deepEqual(seen, [0, 10, 20]);
  let finished = -1;
  const empty = checkJobsAsTheyCome(source(0, []), () => assert.fail('no job to check'), (n) => { finished = n; });
  assert.equal(empty.first, undefined);
  assert.deepEqual([...empty.jobs], []);
  assert.equal(finished, 0);
  assert.throws(() => checkJobsAsTheyCome(source(2, []), () => { throw new Error('first is bad'); }), /first is bad/);
});
