import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock, lockPath, type LockHolder } from '../../../src/store/lock.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'orch-lock-'));
const holder = (over: Partial<LockHolder>): LockHolder => ({
  pid: process.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: ['resume', 'x'], token: 'theirs', ...over,
});
const deadPid = (): number => spawnSync('true').pid!;
const locked = (re: RegExp) => (e: Error & { code?: string; hint?: string }) => e.code === 'STORE_SWEEP_LOCKED' && re.test(`${e.message}\n${e.hint}`);

test('the lock is exclusive, says who holds it, and is released', () => {
  const dir = tmp();
  const lock = acquireRunLock(dir, ['train', '-m']);
  const rec = JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockHolder;
  assert.deepEqual([rec.pid, rec.host, rec.command], [process.pid, hostname(), ['train', '-m']]);
  assert.throws(() => acquireRunLock(dir, ['resume']), locked(new RegExp(`sweep ${dir} is being run by pid ${process.pid} on host ${hostname()} since .* \\(orch train -m\\)`)));
  lock.release();
  assert.equal(existsSync(lockPath(dir)), false);
  acquireRunLock(dir, ['resume']).release();
});

test('a lock left by a dead process, or by a process whose pid was reused, is taken over with a note', () => {
  for (const left of [holder({ pid: deadPid() }), holder({ pid: process.ppid, procStart: '1' })]) {
    const dir = tmp();
    writeFileSync(lockPath(dir), JSON.stringify(left));
    const lock = acquireRunLock(dir, ['resume']);
    assert.match(lock.note!, new RegExp(`took over the lock of ${dir} left by pid ${left.pid}`));
    assert.equal((JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockHolder).pid, process.pid);
    lock.release();
  }
});

test('a lock held on another host is never taken over; the error says how to remove it', () => {
  const dir = tmp();
  writeFileSync(lockPath(dir), JSON.stringify(holder({ pid: deadPid(), host: 'node-17' })));
  assert.throws(() => acquireRunLock(dir, ['resume']), locked(new RegExp(`on host node-17 .*\\n.*remove ${lockPath(dir)}`)));
  writeFileSync(lockPath(dir), 'not json');
  assert.throws(() => acquireRunLock(dir, ['resume']), locked(/cannot read/));
});

test('release leaves alone a lock that is no longer ours', () => {
  const dir = tmp();
  const lock = acquireRunLock(dir, ['resume']);
  writeFileSync(lockPath(dir), JSON.stringify(holder({})));
  lock.release();
  assert.equal(existsSync(lockPath(dir)), true);
});
