/**
 * Inputs and environments that used to crash orch with a stack trace or run away with memory: each
 * is now a clear error (exit 2, no stack) and leaves nothing half-written. Every run has a timeout,
 * so a regression fails instead of hanging the suite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, type CliResult } from '../helpers/cli.js';
import { ORCH_BIN } from '../helpers/paths.js';

function orchWithin(cwd: string, args: string[], timeout = 60_000): CliResult {
  const r = spawnSync(process.execPath, [ORCH_BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout });
  assert.equal(r.error, undefined, `orch ${args.join(' ').slice(0, 80)} did not finish within ${timeout} ms`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function assertUserError(r: CliResult, message: RegExp): void {
  assert.equal(r.code, 2, r.stderr.slice(0, 2000));
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
}

test('a config nested 2,000 levels deep is a nesting error naming the file', () => {
  const p = copyFixture('cli/basic');
  writeFileSync(join(p, 'config', 'deep.yaml'), `${'- '.repeat(2000)}1\n`);
  writeFileSync(join(p, 'config', 'deepmap.yaml'), Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + `\n${' '.repeat(1000)}v: 1\n`);
  for (const name of ['deep', 'deepmap']) {
    assertUserError(orchWithin(p, ['compose', '-c', name]), new RegExp(`^Error: .*config/${name}\\.yaml:\\d+:\\d+: nesting deeper than 100 levels`));
  }
});

test('a package of thousands of segments (# @package p.p.p...) is a nesting error naming the config', () => {
  const p = copyFixture('cli/basic');
  writeFileSync(join(p, 'config', 'pkg.yaml'), `# @package ${Array(5000).fill('p').join('.')}\nv: 1\n`);
  assertUserError(orchWithin(p, ['compose', '-c', 'pkg']), /^Error: In 'pkg': the package 'p\.p.*' has 5000 segments, more than 100 \(orch's nesting limit\)/);
});

test("the override x=[[[...]]] 2,000 levels deep is a parse error with a caret, for compose and a run", () => {
  const p = copyFixture('cli/basic');
  const override = `+x=${'['.repeat(2000)}${']'.repeat(2000)}`;
  assertUserError(orchWithin(p, ['compose', '-c', 'hello', override]), /nesting deeper than 100 levels of lists\/dicts\/calls/);
  assertUserError(orchWithin(p, ['hello', override]), /\^ nesting deeper than 100 levels/);
  assert.equal(existsSync(join(p, 'outputs')), false);
});

test('a YAML alias bomb is refused at once, naming the file', () => {
  const p = copyFixture('cli/basic');
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [name, prev] of ['ba', 'cb', 'dc', 'ed', 'fe', 'gf', 'hg', 'ih']) lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  writeFileSync(join(p, 'config', 'bomb.yaml'), `${lines.join('\n')}\n`);
  assertUserError(orchWithin(p, ['compose', '-c', 'bomb'], 30_000), /^Error: .*config\/bomb\.yaml:\d+:\d+: aliases expand to more than 100000 values/);
});

/** A tmpfs of `size` at a fresh directory, or undefined where mounting is not permitted (not root). */
function smallDisk(size: string): { dir: string; release(): void } | undefined {
  const dir = join(copyFixture('cli/basic'), 'disk');
  mkdirSync(dir);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return { dir, release: () => { spawnSync('umount', ['-l', dir]); rmSync(join(dir, '..'), { recursive: true, force: true }); } };
}

const tempFiles = (dir: string): string[] => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tmp/.test(f));

test('a disk that fills up while planning: exit 2 naming the path, and no sweep dir or temp file left', (t) => {
  const disk = smallDisk('200k');
  if (!disk) return t.skip('mounting a tmpfs is not permitted here');
  try {
    const p = join(disk.dir, '..');
    const r = orchWithin(p, ['hello', '-m', 'seed=range(0,2000)', `orch.sweep.dir=${disk.dir}/sweep`]);
    assertUserError(r, /^Error: Cannot (write|create the directory) .*disk\/sweep\/.*: no space left on device \(ENOSPC\)\nFree some space/);
    assert.deepEqual(readdirSync(disk.dir), []);
  } finally {
    disk.release();
  }
});

test('a disk that fills up while jobs run (a Python task): no temp run records, and no job starts after it', (t) => {
  const disk = smallDisk('1m');
  if (!disk) return t.skip('mounting a tmpfs is not permitted here');
  try {
    const p = join(disk.dir, '..');
    writeFileSync(join(p, 'runs', 'fill.py'), 'import os\nopen(os.path.join(os.environ["ORCH_OUTPUT_DIR"], "blob"), "wb").write(bytes(60000))\n');
    writeFileSync(join(p, 'config', 'fill.yaml'), 'seed: 0\norch:\n  task:\n    command: [python3, runs/fill.py]\n');
    const r = orchWithin(p, ['fill', '-m', 'seed=range(0,40)', `orch.sweep.dir=${disk.dir}/sweep`], 120_000);
    assert.notEqual(r.code, 0);
    assert.doesNotMatch(r.stderr, /internal error/);
    // The first write to fail is a job's own record: its run.json, or (since job dirs are made at
    // dispatch) the snapshot the next job's dispatch writes; which one depends on how the two jobs'
    // writes interleave.
    assert.match(r.stderr, /orch: warning: Cannot write .*\/\d+\/\.orch\/(run\.json|config\.yaml|config\.json|overrides\.yaml|orch\.yaml|config\.unresolved\.yaml): no space left on device \(ENOSPC\)\n/);
    // 40 jobs of 60 kB cannot fit in 1 MB: once a record cannot be written, no further job starts.
    assert.match(r.stderr, /cancelled: not started: results cannot be recorded \(ENOSPC\)/);
    assert.deepEqual(tempFiles(disk.dir), []);
  } finally {
    disk.release();
  }
});

test('a full disk while writing a report: exit 2 naming the file, no temp file in report/', (t) => {
  const disk = smallDisk('1m');
  if (!disk) return t.skip('mounting a tmpfs is not permitted here');
  try {
    const p = join(disk.dir, '..');
    const sweep = join(disk.dir, 'sweep');
    assert.equal(orchWithin(p, ['shell', '-m', 'seed=range(0,10)', `orch.sweep.dir=${sweep}`]).code, 0);
    spawnSync('sh', ['-c', `head -c 2000000 /dev/zero > ${disk.dir}/filler`]);
    assertUserError(orchWithin(p, ['report', sweep]), /^Error: Cannot write .*sweep\/report\/.*: no space left on device \(ENOSPC\)/);
    assert.deepEqual(tempFiles(sweep), []);
  } finally {
    disk.release();
  }
});

test('a name too long for the file system (orch.run.dir, a sweep dir argument) is a user error', () => {
  const p = copyFixture('cli/basic');
  const long = join(p, 'x'.repeat(300));
  // A segment over 255 bytes in orch.run.dir is shortened (prefix + hash), never an ENAMETOOLONG.
  assert.equal(orchWithin(p, ['hello', `orch.run.dir=${long}`]).code, 0);
  assert.ok(readdirSync(p).some((n) => /^x+-[0-9a-f]{12}$/.test(n) && Buffer.byteLength(n) <= 255), 'the run dir got a shortened name');
  for (const cmd of ['status', 'rerun', 'report']) {
    const r = orchWithin(p, [cmd, long]);
    assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error/);
  }
  rmSync(p, { recursive: true, force: true });
});
