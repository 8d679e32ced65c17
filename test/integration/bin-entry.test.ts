/**
 * The installed binary (package.json "bin": dist/bundle/orch.cjs) runs `orch compose` itself and
 * every other command through the whole CLI (dist/bundle/cli.cjs) compiled from a V8 code cache:
 * both paths must behave alike, with the cache made and with it used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORCH_BIN, REPO_ROOT } from '../helpers/paths.js';
import { makeSweep } from './local-harness.js';
import { parseModuleJobArgv } from '../../src/task/job-argv.js';

const BIN = join(REPO_ROOT, JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).bin.orch as string);
const CONFIG = join(REPO_ROOT, 'bench', 'fixtures', 'realistic', 'config');

function run(entry: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [entry, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
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

test('other commands and unusual compose flags go through the whole CLI', () => {
  assert.deepEqual(run(BIN, ['--version']), run(ORCH_BIN, ['--version']));
  const help = run(BIN, ['compose', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /compose/);
  assert.deepEqual(help, run(ORCH_BIN, ['compose', '--help']));
});

test('the whole CLI from its code cache: made by the first run, used by the next, a TypeScript task imported', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'orch-bin-cache-'));
  const sweep = await makeSweep({ task: 'score', configs: [{ x: 21, lr: 0.5 }] });
  const job = sweep.jobs[0]!;
  const args = ['_run-job', job.outputDir, parseModuleJobArgv(job.argv)!.taskFile];
  const first = run(BIN, args, { ORCH_CODE_CACHE_DIR: cache, ORCH_SWEEP_DIR: '' });
  assert.equal(first.code, 0, first.stderr);
  const [made] = readdirSync(cache);
  assert.match(made ?? '', /^_run-job-.*\.v8$/);
  const inode = statSync(join(cache, made!)).ino;
  const second = run(BIN, args, { ORCH_CODE_CACHE_DIR: cache, ORCH_SWEEP_DIR: '' });
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stderr, first.stderr);
  assert.equal(statSync(join(cache, made!)).ino, inode, 'V8 accepted the cache: it was not made again');
  assert.equal(JSON.parse(readFileSync(join(job.outputDir, 'metrics.json'), 'utf8')).score, 42);
  sweep.cleanup();
});

test('a sweep\'s code cache is accepted by the next sweep: no V8 flag changes once the CLI is compiled', () => {
  const cache = mkdtempSync(join(tmpdir(), 'orch-bin-cache-'));
  const project = mkdtempSync(join(tmpdir(), 'orch-bin-project-'));
  mkdirSync(join(project, 'config'));
  writeFileSync(join(project, 'config', 'noop.yaml'), 'a: 0\norch:\n  task:\n    command: ["true"]\n');
  const env = { ORCH_CODE_CACHE_DIR: cache };
  const runs = (i: number) => [['noop', 'a=1,2', '-m', `orch.sweep.dir=${join(project, `s${i}`)}`], ['status', join(project, `s${i}`)], ['report', join(project, `s${i}`)]];
  for (const args of runs(0)) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, ...env } });
    assert.equal(r.status, 0, r.stderr);
  }
  const before = new Map(readdirSync(cache).map((f) => [f, statSync(join(cache, f)).ino]));
  assert.deepEqual([...before.keys()].map((f) => f.split('-')[0]).sort(), ['report', 'status', 'task']);
  for (const args of runs(1)) spawnSync(process.execPath, [BIN, ...args], { cwd: project, env: { ...process.env, ...env } });
  for (const [f, ino] of before) assert.equal(statSync(join(cache, f)).ino, ino, `${f} was made again: V8 rejected it`);
});

test('yargs guesses no version at start-up: the bundle has no such call, and --version is package.json\'s', () => {
  // The guess walked up from the cwd reading every directory until one held a package.json.
  const bundle = readFileSync(join(REPO_ROOT, 'dist', 'bundle', 'cli.cjs'), 'utf8');
  const factory = bundle.slice(bundle.indexOf('function YargsFactory('), bundle.indexOf('function isYargsInstance('));
  assert.ok(factory.includes('yargs.help();'), 'the factory is in the bundle');
  assert.ok(!factory.includes('yargs.version()'), 'and makes no version guess');
  const cwd = mkdtempSync(join(tmpdir(), 'orch-version-'));
  const r = spawnSync(process.execPath, [BIN, '--version'], { cwd, encoding: 'utf8' });
  assert.equal(r.stdout.trim(), JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
});
