/** orch sync through the real binary and real rclone: a local-folder remote and a WebDAV server on 127.0.0.1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';
import { ORCH_BIN, REPO_ROOT } from '../helpers/paths.js';
import { rclone, rcloneEnv, rcloneMissing, startWebdav } from '../helpers/rclone.js';
import { fileTree } from '../helpers/tree.js';
import { copiedFiles, sweepProject } from './sync-project.js';

const skip = rcloneMissing;
const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `orch-sync-${name}-`));

test('push to a local-folder remote from orch.sync.remote: the sweep lands at its project path; a second push copies only what is missing', { skip, timeout: 180_000 }, () => {
  const { project, sweep } = sweepProject();
  const remote = tmp('remote');
  const env = rcloneEnv(remote);
  writeFileSync(join(project, 'config', 'orch.yaml'), `orch:\n  sync:\n    remote: ${remote}/store\n`);
  const first = orch(project, ['sync', 'push', sweep], env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /Transferred: +\d+ \/ \d+, 100%/, 'stats lines when stderr is not a terminal');
  assert.deepEqual(fileTree(join(remote, 'store', sweep)), fileTree(join(project, sweep)));

  // Resumable: what an interrupted push left out is all a second push copies.
  rmSync(join(remote, 'store', sweep, '2', 'metrics.json'));
  const again = orch(project, ['sync', 'push', sweep], env);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(copiedFiles(again.stderr), ['2/metrics.json']);
  assert.match(again.stderr, /Transferred: +1 \/ 1, 100%/);
  assert.deepEqual(fileTree(join(remote, 'store', sweep)), fileTree(join(project, sweep)));
});

test('on a terminal rclone shows its live progress instead of log lines', { skip, timeout: 180_000 }, () => {
  const { project, sweep } = sweepProject();
  const remote = tmp('tty');
  const r = spawnSync('python3', [join(REPO_ROOT, 'test', 'helpers', 'pty-run.py'), process.execPath, ORCH_BIN, 'sync', 'push', sweep, remote], {
    cwd: project, encoding: 'utf8', env: { ...process.env, ...rcloneEnv(remote) }, timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /\x1b\[2K\x1b\[1GTransferred:\s+[\d.]+ KiB \/ [\d.]+ KiB, 100%/, 'the redrawn progress block');
  assert.doesNotMatch(r.stdout, /INFO {2}:/, 'no per-file log lines');
  assert.deepEqual(fileTree(join(remote, sweep)), fileTree(join(project, sweep)));
});

test('--dry-run lists what would be copied and copies nothing', { skip, timeout: 180_000 }, () => {
  const { project, sweep } = sweepProject();
  const remote = tmp('dry');
  const env = rcloneEnv(remote);
  assert.equal(orch(project, ['sync', 'push', sweep, remote], env).code, 0);
  writeFileSync(join(project, sweep, '1', 'notes.txt'), 'looked at it\n');
  const dry = orch(project, ['sync', 'push', '--dry-run', sweep, remote], env);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stderr, /dry run/);
  assert.match(dry.stderr, /1\/notes\.txt: Skipped copy as --dry-run is set/);
  assert.equal(existsSync(join(remote, sweep, '1', 'notes.txt')), false);
  const fresh = tmp('dry-empty');
  assert.equal(orch(project, ['sync', 'push', '--dry-run', '--data', fresh], env).code, 2, 'data/ does not exist in the fixture');
  assert.equal(orch(project, ['sync', 'push', '--dry-run', fresh], env).code, 0);
  assert.deepEqual(fileTree(fresh), {});
});

test('pull: an explicit REMOTE wins over orch.sync.remote; a newer local file is kept and named, an older one is replaced', { skip, timeout: 180_000 }, () => {
  const { project, sweep } = sweepProject();
  const remote = tmp('pull');
  const env = rcloneEnv(remote);
  assert.equal(orch(project, ['sync', 'push', remote], env).code, 0, 'no SWEEP: the whole outputs/ root');
  assert.deepEqual(fileTree(join(remote, 'outputs')), fileTree(join(project, 'outputs')));

  const other = copyFixture('sync/project');
  writeFileSync(join(other, 'config', 'orch.yaml'), `orch:\n  sync:\n    remote: ${tmp('wrong')}\n`);
  const pulled = orch(other, ['sync', 'pull', sweep, remote], env);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.deepEqual(fileTree(join(other, sweep)), fileTree(join(project, sweep)));

  // Job 0 was re-run here (newer, different result); job 1's local copy is stale (older than the remote's).
  const newer = join(other, sweep, '0', 'metrics.json');
  writeFileSync(newer, '{"acc": 0.123456789}');
  const future = new Date(Date.now() + 3600_000);
  utimesSync(newer, future, future);
  const older = join(other, sweep, '1', 'metrics.json');
  writeFileSync(older, '{"acc": 0}');
  const past = new Date(statSync(join(remote, sweep, '1', 'metrics.json')).mtimeMs - 3600_000);
  utimesSync(older, past, past);
  const again = orch(other, ['sync', 'pull', sweep, remote], env);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(readFileSync(newer, 'utf8'), '{"acc": 0.123456789}');
  assert.match(again.stderr, new RegExp(`kept 1 file\\(s\\) here that are newer than the remote's copy \\(not overwritten\\):\\n  ${sweep}/0/metrics\\.json`));
  assert.equal(readFileSync(older, 'utf8'), readFileSync(join(project, sweep, '1', 'metrics.json'), 'utf8'));
});

test('a run lock and half-written temp files stay behind; links stay links; --data copies data/ too', { skip, timeout: 180_000 }, () => {
  const { project, sweep } = sweepProject();
  const remote = tmp('excl');
  const env = rcloneEnv(remote);
  writeFileSync(join(project, sweep, '.orch.lock'), '{"pid": 1}');
  writeFileSync(join(project, sweep, '0', '.metrics.json.4242.0a1b2c3d.tmp'), '{"ac');
  symlinkSync('weights.bin', join(project, sweep, '0', 'best.bin'));
  symlinkSync('/etc/hostname', join(project, sweep, '0', 'outside'));
  mkdirSync(join(project, 'data'));
  writeFileSync(join(project, 'data', 'train.csv'), 'x,y\n1,2\n');
  const r = orch(project, ['sync', 'push', '--data', sweep, remote], env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(existsSync(join(remote, sweep, '.orch.lock')), false);
  assert.equal(existsSync(join(remote, sweep, '0', '.metrics.json.4242.0a1b2c3d.tmp')), false);
  assert.equal(readFileSync(join(remote, 'data', 'train.csv'), 'utf8'), 'x,y\n1,2\n');
  assert.ok(existsSync(join(remote, sweep, '0', 'metrics.json')));
  assert.equal(readlinkSync(join(remote, sweep, '0', 'outside')), '/etc/hostname', 'the link, not what it points at');

  const other = copyFixture('sync/project');
  const pull = orch(other, ['sync', 'pull', '--data', sweep, remote], env);
  assert.equal(pull.code, 0, pull.stderr);
  assert.equal(readlinkSync(join(other, sweep, '0', 'best.bin')), 'weights.bin');
  assert.equal(readlinkSync(join(other, sweep, '0', 'outside')), '/etc/hostname');
  assert.equal(readFileSync(join(other, 'data', 'train.csv'), 'utf8'), 'x,y\n1,2\n');
});

test('WebDAV: push and pull through rclone serve webdav on 127.0.0.1; a file lost on the server is all a second push sends', { skip, timeout: 240_000 }, async () => {
  const { project, sweep } = sweepProject();
  const served = tmp('dav');
  const server = await startWebdav(served);
  try {
    const env = rcloneEnv(served, { dav: { type: 'webdav', url: server.url } });
    const push = orch(project, ['sync', 'push', 'dav:store'], env);
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(fileTree(join(served, 'store', 'outputs')), fileTree(join(project, 'outputs')));

    // Through the server: its directory listing is cached, so a file removed behind its back would still be listed.
    rclone(['deletefile', `dav:store/${sweep}/3/history.jsonl`], env);
    const again = orch(project, ['sync', 'push', sweep, 'dav:store'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(copiedFiles(again.stderr), ['3/history.jsonl']);
    assert.doesNotMatch(again.stderr, /kept/, 'upload times newer than the local files are not news');

    const other = copyFixture('sync/project');
    const pull = orch(other, ['sync', 'pull', sweep, 'dav:store'], env);
    assert.equal(pull.code, 0, pull.stderr);
    assert.deepEqual(fileTree(join(other, sweep)), fileTree(join(project, sweep)));
    // The remote keeps upload times, not modification times: a pull right after is a no-op, not a flood of warnings.
    const twice = orch(other, ['sync', 'pull', sweep, 'dav:store'], env);
    assert.equal(twice.code, 0, twice.stderr);
    assert.deepEqual(copiedFiles(twice.stderr), []);
    assert.doesNotMatch(twice.stderr, /kept/);
  } finally {
    await server.stop();
  }
});

test('bad input exits 2 with the reason and no stack trace', { skip, timeout: 120_000 }, () => {
  const { project, sweep } = sweepProject();
  const remote = tmp('bad');
  const env = rcloneEnv(remote);
  const cases: [string[], RegExp][] = [
    [['sync', 'push'], /No remote given[\s\S]*orch\.sync\.remote in .*config\/orch\.yaml/],
    [['sync', 'push', 'config', remote], /config: not a sweep or run directory \(no sweep\.json, \.orch\/plan\.json, \.orch\/run\.json\)/],
    [['sync', 'push', 'outputs/nope', remote], /outputs\/nope: no such directory in the project/],
    [['sync', 'push', tmpdir(), remote], /not a directory inside the project/],
    [['sync', 'pull', 'outputs/multirun/1999-01-01/00-00-00', remote], /no such directory on the remote[\s\S]*rclone lsf/],
    [['sync', 'pull', sweep, `${remote}/nothing-here`], /no such directory on the remote/],
    [['sync', 'sideways', remote], /Invalid values:[\s\S]*push/],
    [['sync', 'push', sweep, 'nosuch:x'], /nosuch: is not an rclone remote of this machine[\s\S]*rclone listremotes/],
  ];
  for (const [args, message] of cases) {
    const r = orch(project, args, env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  writeFileSync(join(project, 'config', 'orch.yaml'), 'orch:\n  sync:\n    remot: x:y\n');
  const typo = orch(project, ['sync', 'push', remote], env);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /orch\.yaml: orch\.sync\.remot: unknown key\nDid you mean remote\? Valid keys: remote, rclone_flags\./);
});

test('a remote that does not answer: rclone\'s reason, exit 1 (the command was right; run it again)', { skip, timeout: 120_000 }, () => {
  const { project, sweep } = sweepProject();
  const env = rcloneEnv(tmp('dead'), { dead: { type: 'webdav', url: 'http://127.0.0.1:9/' } });
  const r = orch(project, ['sync', 'push', sweep, 'dead:x'], env);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /rclone could not list dead:x\/outputs\/multirun\/.*\(exit 1\):\n.*connection refused[\s\S]*resumes when you run the same command again/);
});

test('without rclone on PATH: how to install it, exit 2', { timeout: 60_000 }, () => {
  const { project, sweep } = sweepProject();
  const r = orch(project, ['sync', 'push', sweep, tmp('norclone')], { PATH: tmp('empty-path') });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /orch sync needs rclone, which is not installed[\s\S]*apt-get install rclone[\s\S]*rclone\.org\/install/);
});
