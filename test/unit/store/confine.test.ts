import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confineTo } from '../../../src/store/confine.js';
import { classificationJobs, makeSweep } from '../../fixtures/report/make-sweep.js';

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'orch-confine-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test('confineTo: inside, absent, outside, links that stay inside, a root that is itself a link', () => withTmp(async (root) => {
  const sweep = join(root, 'real-sweep');
  await makeSweep(sweep, classificationJobs().slice(0, 1));
  await writeFile(join(root, 'secret'), 'TOP SECRET');
  await symlink(join(root, 'secret'), join(sweep, '0', 'out.log'));
  await symlink(join(sweep, '0', 'stderr.log'), join(sweep, '0', 'in.log'));
  await symlink(sweep, join(root, 'sweep-link'));
  for (const dir of [sweep, join(root, 'sweep-link')]) {
    const locate = confineTo(dir);
    assert.equal(locate(join(dir, '0', 'stderr.log')).kind, 'inside');
    assert.equal(locate(join(dir, '0', 'in.log')).kind, 'inside', 'a link to a file of the sweep is read');
    assert.equal(locate(join(dir, '0', 'nope.log')).kind, 'absent');
    assert.deepEqual(locate(join(dir, '0', 'out.log')), { kind: 'outside', real: join(root, 'secret') });
    assert.equal(locate(join(dir, '..', 'secret')).kind, 'outside');
  }
}));

test('confineTo: a directory on the way that is a link (a job dir, its .orch) is resolved, not taken as plain', () => withTmp(async (root) => {
  const sweep = join(root, 'sweep');
  await makeSweep(sweep, classificationJobs().slice(0, 2));
  const outside = join(root, 'elsewhere');
  await makeSweep(outside, classificationJobs().slice(0, 1));
  await rm(join(sweep, '1'), { recursive: true });
  await symlink(join(outside, '0'), join(sweep, '1'));
  await rm(join(sweep, '0', '.orch'), { recursive: true });
  await symlink(join(outside, '0', '.orch'), join(sweep, '0', '.orch'));
  const locate = confineTo(sweep);
  assert.deepEqual(locate(join(sweep, '1', 'metrics.json')), { kind: 'outside', real: join(outside, '0', 'metrics.json') });
  assert.deepEqual(locate(join(sweep, '0', '.orch', 'run.json')), { kind: 'outside', real: join(outside, '0', '.orch', 'run.json') });
  assert.deepEqual(locate(join(sweep, '0', 'metrics.json')), { kind: 'inside', real: join(sweep, '0', 'metrics.json') });
  assert.equal(locate(join(sweep, '0', 'missing', 'x.json')).kind, 'absent');
  assert.equal(locate(join(sweep + 'x', 'a')).kind, 'absent', 'a sibling whose name starts like the root is not inside it');
}));
