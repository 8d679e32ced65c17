/**
 * Files outside the project are never read or run: group options, primary configs and task names
 * are names, the report reads no link out of the sweep, and `__proto__` is just a config key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

/** A project copy and, beside it, a directory of files the project must never reach. */
function setup(): { dir: string; outside: string } {
  const dir = copyFixture('cli/names');
  const outside = mkdtempSync(join(tmpdir(), 'orch-outside-'));
  writeFileSync(join(outside, 'evil.yaml'), 'evil: 1\n');
  writeFileSync(join(outside, 'evil.sh'), `touch ${join(outside, 'RAN')}\n`);
  return { dir, outside };
}

function assertRefused(r: ReturnType<typeof orch>, ...patterns: RegExp[]): void {
  assert.equal(r.code, 2, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.doesNotMatch(r.stdout + r.stderr, /evil: 1|"evil"/, 'nothing of the outside file is shown');
  for (const p of patterns) assert.match(r.stderr, p);
}

test('a group option, appended group or primary config that climbs out of config/ is refused', () => {
  const { dir, outside } = setup();
  const fromGroup = relative(join(dir, 'config', 'model'), join(outside, 'evil'));
  const fromRoot = relative(join(dir, 'config'), join(outside, 'evil'));
  assertRefused(orch(dir, ['app', '--cfg', 'job', `model=${fromGroup}`]),
    new RegExp(`Override 'model=${fromGroup.replace(/\./g, '\\.')}': .* is not an option of group 'model': it has a '\\.\\.' segment`),
    /Available options in 'model':\n\tsmall/);
  assertRefused(orch(dir, ['app', '--cfg', 'job', `+model=${fromGroup}`]), /is not an option of group 'model'/);
  assertRefused(orch(dir, ['app', '-m', '--dry-run', `model=small,${fromGroup}`]), /is not an option of group 'model'/);
  assertRefused(orch(dir, ['app', '--cfg', 'job', '-c', fromRoot]), /Option '-c .*' is not a config name/, /Available primary configs:\n\tapp/);
  assertRefused(orch(dir, ['compose', '-c', fromRoot]), /is not a config name/);
  writeFileSync(join(dir, 'config', 'climb.yaml'), `defaults:\n  - model: ${fromGroup}\n  - _self_\n`);
  assertRefused(orch(dir, ['app', '--cfg', 'job', '-c', 'climb']), /In 'climb', defaults entry 'model: .*' is not an option of group 'model'/);
  // Options in subfolders are names, not paths.
  const nested = orch(dir, ['app', '--cfg', 'job', 'model=resnet/50']);
  assert.equal(nested.code, 0, nested.stderr);
  assert.match(nested.stdout, /depth: 50/);
});

test('a task name that climbs out of runs/ runs nothing', () => {
  const { dir, outside } = setup();
  const task = relative(join(dir, 'runs'), join(outside, 'evil'));
  assertRefused(orch(dir, [task]), /Task '.*' is not a task name: it has a '\.\.' segment/, /Available tasks: app, leak, py/);
  assertRefused(orch(dir, [task, '-m', 'seed=1,2']), /is not a task name/);
  assertRefused(orch(dir, ['types', task]), /is not a task name/);
  assert.equal(existsSync(join(outside, 'RAN')), false, 'the script outside the project did not run');
  assert.equal(existsSync(join(outside, 'evil.config.d.ts')), false, 'orch types wrote nothing outside runs/');
});

test('__proto__ and constructor are plain config keys for a TypeScript and a Python task', () => {
  const { dir } = setup();
  const args = ['+__proto__.polluted=1', '++constructor.prototype.polluted=2', 'orch.run.dir=outputs/ts'];
  const r = orch(dir, ['app', ...args]);
  assert.equal(r.code, 0, r.stderr);
  const seen = JSON.parse(readFileSync(join(dir, 'outputs', 'ts', 'seen.json'), 'utf8'));
  assert.deepEqual(seen.keys, ['model', 'seed', '__proto__', 'constructor']);
  assert.deepEqual(seen.inherited, [], 'the cfg object has no inherited keys');
  assert.equal(seen.objectPrototypePolluted, false);
  assert.equal(seen.json, '{"model":{"width":8},"seed":0,"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}');
  assert.equal(seen.printed, "{ model: { width: 8 }, seed: 0, ['__proto__']: { polluted: 1 }, constructor: { prototype: { polluted: 2 } } }");
  assert.match(readFileSync(join(dir, 'outputs', 'ts', '.orch', 'config.yaml'), 'utf8'), /__proto__:\n {2}polluted: 1\n/);

  const py = orch(dir, ['py', '-c', 'app', '+__proto__.polluted=1', 'orch.run.dir=outputs/py']);
  assert.equal(py.code, 0, py.stderr);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'outputs', 'py', 'seen.json'), 'utf8')), { keys: ['model', 'seed', '__proto__'], proto: { polluted: 1 } });
});

test('orch report and the sweep summary show nothing of a stderr.log that a job linked to a file outside', () => {
  const { dir, outside } = setup();
  const secret = join(outside, 'shadow');
  writeFileSync(secret, 'root:$6$TOPSECRET:19000\n');
  const run = orch(dir, ['leak', '-c', 'app', '-m', 'seed=1,2', 'orch.sweep.dir=outputs/s'], { SECRET_FILE: secret });
  assert.equal(run.code, 1, run.stderr);
  assert.doesNotMatch(run.stderr, /TOPSECRET/, 'the summary does not print the linked file');
  assert.match(run.stderr, /stderr\.log: skipped, it is a link to .*shadow, outside the sweep directory/);
  const report = orch(dir, ['report', 'outputs/s']);
  assert.equal(report.code, 0, report.stderr);
  const html = readFileSync(join(dir, 'outputs', 's', 'report', 'index.html'), 'utf8');
  assert.doesNotMatch(html, /TOPSECRET/);
  assert.match(html, /stderr\.log: skipped, it is a link to .*shadow, outside the sweep directory/);
  assert.equal(readFileSync(secret, 'utf8'), 'root:$6$TOPSECRET:19000\n', 'the linked file is untouched');
});
