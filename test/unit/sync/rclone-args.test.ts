import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyArgs, listArgs } from '../../../src/sync/rclone-args.js';
import { tarArgs } from '../../../src/sync/archive-args.js';

test('copyArgs: copy --update, excludes, flags before `--`, paths after it', () => {
  const args = copyArgs({ from: '/p/outputs/x', to: '-odd:remote', dryRun: false, progress: false, flags: ['--transfers', '16'] });
  assert.deepEqual(args.slice(0, 3), ['copy', '--update', '--links']);
  assert.deepEqual(args.slice(-3), ['--', '/p/outputs/x', '-odd:remote']);
  assert.ok(args.includes('.orch.lock') && args.includes('.*.*.????????.tmp'));
  assert.deepEqual(args.slice(args.indexOf('--verbose'), args.indexOf('--verbose') + 3), ['--verbose', '--stats', '10s']);
  assert.ok(args.indexOf('--transfers') < args.indexOf('--'));
  assert.ok(!args.includes('--dry-run') && !args.includes('--progress'));
  const tty = copyArgs({ from: 'a', to: 'b', dryRun: true, progress: true, flags: [] });
  assert.ok(tty.includes('--dry-run') && tty.includes('--progress') && !tty.includes('--verbose'));
});

test('listArgs: recursive JSON listing of files only, path after `--`', () => {
  assert.deepEqual(listArgs('b:x', ['--fast-list']).slice(0, 5), ['lsjson', '--recursive', '--files-only', '--no-mimetype', '--links']);
  assert.deepEqual(listArgs('b:x', ['--fast-list']).slice(-3), ['--fast-list', '--', 'b:x']);
});

test('tarArgs: sorted, owners 0, optional log excludes, member after `--`', () => {
  const args = tarArgs({ cwd: '/p', entry: 'outputs/m/1', excludeLogs: false });
  for (const f of ['--create', '--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--file=-', '--directory=/p']) assert.ok(args.includes(f), f);
  assert.deepEqual(args.slice(-2), ['--', 'outputs/m/1']);
  assert.ok(!args.some((a) => a.startsWith('--exclude')));
  assert.deepEqual(tarArgs({ cwd: '/p', entry: 'e', excludeLogs: true }).filter((a) => a.startsWith('--exclude')), ['--exclude=stdout.log', '--exclude=stderr.log']);
});
