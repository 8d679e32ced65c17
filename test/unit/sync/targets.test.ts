import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrchError } from '../../../src/errors.js';
import { looksLikeRemote, relativeInside, remoteJoin, splitRemote, syncPaths } from '../../../src/sync/targets.js';

const root = '/home/u/project';
const file = '/home/u/project/config/orch.yaml';

test('looksLikeRemote: rclone remotes (named and on the fly), not paths', () => {
  for (const r of ['backup:', 'backup:orch/x', 'my-s3.eu:bucket', ':local:/mnt/b', ":webdav,url='http://h':store"]) assert.ok(looksLikeRemote(r), r);
  for (const p of ['/mnt/backup', './x:y', 'outputs/multirun/2026-01-01/00-00-00', '../elsewhere', '-flag:']) assert.ok(!looksLikeRemote(p), p);
});

test('splitRemote: the last argument is the remote unless orch.sync.remote is set and it can be a sweep', () => {
  assert.deepEqual(splitRemote(['outputs/a', 'b:x'], undefined, root, file), { sweeps: ['outputs/a'], remote: 'b:x' });
  assert.deepEqual(splitRemote(['outputs/a'], undefined, root, file), { sweeps: [], remote: 'outputs/a' });
  assert.deepEqual(splitRemote(['outputs/a'], 'cfg:', root, file), { sweeps: ['outputs/a'], remote: 'cfg:' });
  assert.deepEqual(splitRemote([], 'cfg:', root, file), { sweeps: [], remote: 'cfg:' });
  assert.deepEqual(splitRemote(['outputs/a', 'other:y'], 'cfg:', root, file), { sweeps: ['outputs/a'], remote: 'other:y' });
  assert.deepEqual(splitRemote(['outputs/a', '/mnt/backup'], 'cfg:', root, file), { sweeps: ['outputs/a'], remote: '/mnt/backup' });
  assert.throws(() => splitRemote([], undefined, root, file), (e: unknown) => e instanceof OrchError && e.code === 'SYNC_NO_REMOTE' && e.hint!.includes(file));
});

test('syncPaths: project-relative, default outputs/, data/ on request, nested and repeated paths once', () => {
  assert.deepEqual(syncPaths(root, [], false), ['outputs']);
  assert.deepEqual(syncPaths(root, [], true), ['outputs', 'data']);
  assert.deepEqual(syncPaths(root, ['outputs/m/1', `${root}/outputs/m/1/`, 'outputs/m', 'outputs/mx'], false), ['outputs/m', 'outputs/mx']);
  for (const bad of ['/tmp/x', '..', '.']) {
    assert.throws(() => syncPaths(root, [bad], false), (e: unknown) => e instanceof OrchError && e.code === 'SYNC_OUTSIDE_PROJECT', bad);
  }
});

test('relativeInside and remoteJoin', () => {
  assert.equal(relativeInside(root, 'outputs/x/../y'), 'outputs/y');
  assert.equal(relativeInside(root, '../project2/outputs'), undefined);
  assert.equal(relativeInside(root, root), '');
  assert.equal(remoteJoin('b:', 'outputs/x'), 'b:outputs/x');
  assert.equal(remoteJoin('b:dir', 'outputs/x'), 'b:dir/outputs/x');
  assert.equal(remoteJoin('b:dir/', 'outputs/x'), 'b:dir/outputs/x');
  assert.equal(remoteJoin('/mnt/backup', 'data'), '/mnt/backup/data');
});
