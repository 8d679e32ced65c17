import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeJobDir, realInsideChecker } from '../../../src/plan/dir-guard.js';

const what = () => ({ key: 'orch.sweep.subdir', value: 'v', job: 'job 3 (x=1)' });

test('makeJobDir: true when it made the dir (and its parents), false when the dir was there, which it leaves as it is', () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-guard-'));
  try {
    assert.equal(makeJobDir(join(root, 'a', 'b')), true);
    writeFileSync(join(root, 'a', 'b', 'result'), 'kept');
    assert.equal(makeJobDir(join(root, 'a', 'b'), join(root, 'a')), false);
    assert.deepEqual(readdirSync(join(root, 'a', 'b')), ['result']);
    writeFileSync(join(root, 'file'), '');
    assert.throws(() => makeJobDir(join(root, 'file', 'c'), join(root, 'file')), (e: Error & { code?: string }) => e.code === 'ENOTDIR');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('realInsideChecker: a symlink that leads out of the root is an error; a linked root is fine', () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-guard-'));
  try {
    mkdirSync(join(root, 'out'));
    mkdirSync(join(root, 'elsewhere'));
    symlinkSync(join(root, 'elsewhere'), join(root, 'out', 'link'));
    const check = realInsideChecker(join(root, 'out'));
    check(join(root, 'out', 'new', 'deeper'), what);
    assert.throws(() => check(join(root, 'out', 'link', 'x'), what), (e: Error & { code?: string }) => e.code === 'OUTPUT_DIR_ESCAPE' && /job 3 \(x=1\).*symlink/.test(e.message));
    symlinkSync(join(root, 'out'), join(root, 'linked-out'));
    realInsideChecker(join(root, 'linked-out'))(join(root, 'linked-out', 'a'), what);
    realInsideChecker(join(root, 'missing'))(join(root, 'missing', 'a'), what);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
