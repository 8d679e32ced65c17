/** orch archive through the real binary: extract the archive with tar and compare the trees. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orch } from '../helpers/cli.js';
import { fileTree } from '../helpers/tree.js';
import { sweepProject } from './sync-project.js';

const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `orch-archive-${name}-`));

function tar(args: string[]): string {
  const r = spawnSync('tar', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Depth-first, each directory's entries in byte order: the order GNU tar --sort=name writes. */
function sortedWalk(tree: Record<string, string>, top: string): string[] {
  const dirs = new Set<string>([top]);
  for (const f of Object.keys(tree)) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${top}/${parts.slice(0, i).join('/')}`);
  }
  const all = [...dirs].map((d) => `${d}/`).concat(Object.keys(tree).map((f) => `${top}/${f}`));
  const key = (p: string): string[] => p.replace(/\/$/, '').split('/');
  return all.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) if (ka[i] !== kb[i]) return Buffer.compare(Buffer.from(ka[i]!), Buffer.from(kb[i]!));
    return ka.length - kb.length;
  });
}

test('orch archive packs the whole sweep at its project path, in sorted order, byte for byte the same twice', { timeout: 180_000 }, () => {
  const { project, sweep } = sweepProject();
  writeFileSync(join(project, sweep, '.orch.lock'), '{"pid": 1}'); // excludes nothing by default
  const out = join(tmp('out'), 'sweep.tar.gz');
  const r = orch(project, ['archive', sweep, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), out);
  const into = tmp('x');
  tar(['-xzf', out, '-C', into]);
  const original = fileTree(join(project, sweep));
  assert.deepEqual(fileTree(join(into, sweep)), original);
  assert.deepEqual(tar(['-tzf', out]).trim().split('\n'), sortedWalk(original, sweep));
  assert.match(tar(['-tvzf', out]), /^-rw-r--r-- 0\/0 /m, 'owner and group written as 0');

  const again = join(tmp('out2'), 'again.tgz');
  assert.equal(orch(project, ['archive', sweep, '-o', again]).code, 0);
  assert.ok(readFileSync(again).equals(readFileSync(out)), 'same tree, same bytes');
});

test('--exclude-logs leaves out stdout.log and stderr.log, nothing else', { timeout: 180_000 }, () => {
  const { project, sweep } = sweepProject();
  const out = join(tmp('logs'), 'nologs.tar.gz');
  const r = orch(project, ['archive', sweep, '-o', out, '--exclude-logs']);
  assert.equal(r.code, 0, r.stderr);
  const into = tmp('y');
  tar(['-xzf', out, '-C', into]);
  assert.deepEqual(fileTree(join(into, sweep)), fileTree(join(project, sweep), (rel) => /(^|\/)std(out|err)\.log$/.test(rel)));
  assert.doesNotMatch(tar(['-tzf', out]), /\.log$/m);
});

test('orch archive refuses what would go wrong, exit 2', { timeout: 180_000 }, () => {
  const { project, sweep } = sweepProject();
  const dir = tmp('bad');
  writeFileSync(join(dir, 'old.tar.gz'), 'an earlier archive');
  const cases: [string[], RegExp][] = [
    [['archive', sweep, '-o', join(dir, 'a.zip')], /must end in \.tar\.gz or \.tgz/],
    [['archive', sweep, '-o', join(dir, 'old.tar.gz')], /exists already[\s\S]*never overwritten/],
    [['archive', sweep, '-o', `${sweep}/self.tar.gz`], /would be written inside the sweep it packs/],
    [['archive', 'config', '-o', join(dir, 'c.tar.gz')], /not a sweep or run directory/],
    [['archive', 'outputs/none', '-o', join(dir, 'n.tar.gz')], /outputs\/none: no such directory/],
    [['archive', sweep], /Missing required argument: out/],
  ];
  for (const [args, message] of cases) {
    const res = orch(project, args);
    assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message);
  }
  assert.equal(readFileSync(join(dir, 'old.tar.gz'), 'utf8'), 'an earlier archive');
});
