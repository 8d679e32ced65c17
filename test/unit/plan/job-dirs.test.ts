import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseDirOf, dirOf, subdirAssigner } from '../../../src/plan/job-dirs.js';
import { checkSweepWide } from '../../../src/plan/sweep-settings.js';
import { fromPlain, type CfgDict } from '../../../src/value/value.js';
import type { ComposedJob } from '../../../src/plan/types.js';

const job = (orch: Record<string, unknown>, overrides: string[] = [], dirRoots?: ComposedJob['dirRoots']): ComposedJob => ({
  overrides, overrideDirname: '', config: new Map(), configUnresolved: new Map(), orch: fromPlain(orch) as CfgDict, dirRoots,
});
const sub = (subdir: unknown, overrides: string[] = []) => job({ sweep: { dir: 's', subdir } }, overrides);
/** subdirAssigner given whole jobs, as the planner reads each one's `orch.sweep.subdir`. */
const jobDirAssigner = (base: string) => {
  const assign = subdirAssigner(base);
  return (j: ComposedJob, num: number) => assign(dirOf(j.orch, 'sweep', 'subdir'), j, num);
};
const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

test('subdirAssigner: a job dir is strictly inside the sweep dir; an empty subdir falls back to the job number', () => {
  const place = jobDirAssigner('/p/s');
  assert.equal(place(sub('a/b'), 0), '/p/s/a/b');
  assert.equal(place(sub(''), 1), '/p/s/1');
  assert.throws(() => place(sub('../t/0', ['x=1']), 2), (e: Error) => code('OUTPUT_DIR_ESCAPE')(e) && /orch\.sweep\.subdir is '\.\.\/t\/0' in job 2 \(x=1\)/.test(e.message));
  assert.throws(() => place(sub('.'), 3), code('OUTPUT_DIR_ESCAPE'), 'the sweep dir itself is no job dir');
  assert.throws(() => place(sub('/abs'), 4), code('OUTPUT_DIR_ESCAPE'));
});

test('subdirAssigner: a sweep dir given with a trailing slash or dots gives the same, normalised job dirs and checks', () => {
  for (const base of ['/p/s/', '/p/./s', '/p/x/../s']) {
    const place = jobDirAssigner(base);
    assert.equal(place(sub(''), 0), '/p/s/0');
    assert.equal(place(sub('a/./b'), 1), '/p/s/a/b');
    assert.throws(() => place(sub('a/../..'), 2), code('OUTPUT_DIR_ESCAPE'));
    assert.throws(() => place(sub('a/b/c'), 3), code('OUTPUT_DIR_CLASH'));
  }
  assert.equal(jobDirAssigner('/')(sub(''), 5), '/5');
});

test('subdirAssigner: the same dir, or one job inside another, names both jobs (either order)', () => {
  const place = jobDirAssigner('/p/s');
  place(sub('a', ['x=1']), 0);
  assert.throws(() => place(sub('a', ['x=2']), 1), (e: Error) => code('OUTPUT_DIR_CLASH')(e) && /job 1 \(x=2\) and job 0 \(x=1\) get the same dir/.test(e.message));
  assert.throws(() => place(sub('a/b'), 2), /job 2 \(no overrides\) and job 0 \(x=1\) get a dir inside/);
  const other = jobDirAssigner('/p/s');
  other(sub('c/d'), 0);
  other(sub('c/e'), 1);
  assert.throws(() => other(sub('c'), 2), /job 2 .* and job 0 .* get a dir inside/);
});

test('subdirAssigner: numbered dirs (kept as a bit each) still clash with a named dir that is, or is inside, one of them, either order', () => {
  const place = jobDirAssigner('/p/s');
  assert.equal(place(sub(0), 0), '/p/s/0');
  assert.equal(place(sub(''), 1), '/p/s/1');
  assert.throws(() => place(sub('1', ['x=2']), 2), (e: Error) => code('OUTPUT_DIR_CLASH')(e) && /job 2 \(x=2\) and job 1 .* get the same dir \(\/p\/s\/1\)/.test(e.message));
  assert.throws(() => place(sub('0/deep'), 3), (e: Error) => code('OUTPUT_DIR_CLASH')(e) && /job 3 .* and job 0 .* get a dir inside/.test(e.message));
  assert.equal(place(sub('01'), 4), '/p/s/01', '"01" is not job 1\'s dir');
  const later = jobDirAssigner('/p/s');
  later(sub('7', ['x=1']), 0);
  later(sub('9/x'), 1);
  assert.throws(() => later(sub(7), 7), /job 7 .* and job 0 \(x=1\) get the same dir/);
  assert.throws(() => later(sub(9), 9), /job 9 .* and job 1 .* get a dir inside/);
  const many = jobDirAssigner('/p/s');
  for (let i = 0; i < 20_000; i++) many(sub(i), i);
  assert.throws(() => many(sub('19999'), 20_000), code('OUTPUT_DIR_CLASH'));
});

test('baseDirOf: the run/sweep dir stays inside the root of its template', () => {
  assert.deepEqual(baseDirOf('/p', false, undefined), { dir: '/p/outputs', root: '/p/outputs' });
  assert.deepEqual(baseDirOf('/p', true, job({ sweep: { dir: 'out/x' } }, [], { sweep: 'out' })), { dir: '/p/out/x', root: '/p/out' });
  assert.throws(() => baseDirOf('/p', false, job({ run: { dir: 'out/../../x' } }, ['a=1'], { run: 'out' })), (e: Error) => /orch\.run\.dir is 'out\/\.\.\/\.\.\/x' in job 0 \(a=1\)/.test(e.message));
});

test('checkSweepWide: the launcher must be that of job 0; the sweep dir is not checked (resolved once for the sweep)', () => {
  const first = job({ sweep: { dir: 's' }, launcher: { name: 'local', n_jobs: 1 } }, ['n=1']);
  checkSweepWide(first, job({ sweep: { dir: 's' }, launcher: { name: 'local', n_jobs: 1 } }), 1);
  assert.throws(() => checkSweepWide(first, job({ sweep: { dir: 's' }, launcher: { name: 'local', n_jobs: 2 } }, ['n=2']), 1),
    (e: Error) => code('SWEEP_SETTING_DIFFERS')(e) && /orch\.launcher\.n_jobs .* job 1 \(n=2\) has 2 where job 0 \(n=1\) has 1/.test(e.message));
  checkSweepWide(first, job({ sweep: { dir: 't' }, launcher: { name: 'local', n_jobs: 1 } }), 1);
});
