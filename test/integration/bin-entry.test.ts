/**
 * The installed binary (package.json "bin": dist/bundle/orch.cjs) runs `orch compose` from a
 * CommonJS bundle and every other command through the ESM CLI (dist/bundle/main.js): both paths
 * must behave exactly like main.js.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORCH_BIN, REPO_ROOT } from '../helpers/paths.js';

const BIN = join(REPO_ROOT, JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).bin.orch as string);
const CONFIG = join(REPO_ROOT, 'bench', 'fixtures', 'realistic', 'config');

function run(entry: string, args: string[]) {
  const r = spawnSync(process.execPath, [entry, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('orch compose through the binary prints what main.js prints, single run and sweep', () => {
  for (const args of [
    ['compose', '--config-dir', CONFIG, '-c', 'train'],
    ['compose', '--config-dir', CONFIG, '-c', 'train', '-m', 'a=1,2', 'model=net2,linear', 'seed=${a}'],
    ['compose', '--config-dir', CONFIG, '-c', 'train', '--unresolved', 'training.lr=0.5'],
  ]) {
    const viaBin = run(BIN, args);
    assert.equal(viaBin.code, 0, viaBin.stderr);
    assert.deepEqual(viaBin, run(ORCH_BIN, args), args.join(' '));
    assert.ok(JSON.parse(viaBin.stdout).jobs.length >= 1);
  }
});

test('compose errors through the binary: message on stderr, nothing on stdout, exit 2', () => {
  const r = run(BIN, ['compose', '--config-dir', CONFIG, '-c', 'nope']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^Error: .*primary config 'nope'/);
  assert.deepEqual(r, run(ORCH_BIN, ['compose', '--config-dir', CONFIG, '-c', 'nope']));
});

test('other commands and unusual compose flags go through the ESM CLI', () => {
  assert.deepEqual(run(BIN, ['--version']), run(ORCH_BIN, ['--version']));
  const help = run(BIN, ['compose', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /compose/);
  assert.deepEqual(help, run(ORCH_BIN, ['compose', '--help']));
});
