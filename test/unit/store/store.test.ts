import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float, fromPlain, type CfgDict } from '../../../src/value/value.js';
import { createUniqueDir, writeFileAtomic } from '../../../src/store/atomic.js';
import { readGitFacts } from '../../../src/store/git.js';
import { newRunRecord, readRunRecord, updateRunRecord, writeRunRecord } from '../../../src/store/run-record.js';
import { readJobConfig, writeJobSnapshot } from '../../../src/store/snapshot.js';
import { findLatestSweep, loadSweep, validateSweep, writeSweep } from '../../../src/store/sweep-file.js';
import { sweepDirOrLatest } from '../../../src/store/latest-sweep.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'orch-store-'));
}

test('writeFileAtomic replaces the file and leaves no temp file behind', async () => {
  const dir = tmp();
  const path = join(dir, 'a.json');
  await writeFileAtomic(path, 'one');
  await writeFileAtomic(path, 'two');
  assert.equal(readFileSync(path, 'utf8'), 'two');
  assert.deepEqual(readdirSync(dir), ['a.json']);
  rmSync(dir, { recursive: true });
});

test('createUniqueDir never reuses an existing directory, even when called concurrently', async () => {
  const root = tmp();
  const first = await createUniqueDir(join(root, 'x', 'sweep'));
  assert.equal(first, join(root, 'x', 'sweep'));
  const many = await Promise.all(Array.from({ length: 5 }, () => createUniqueDir(join(root, 'x', 'sweep'))));
  assert.equal(new Set(many).size, 5);
  assert.ok(many.every((d) => /sweep_[1-5]$/.test(d)), many.join(','));
  rmSync(root, { recursive: true });
});

test('writeJobSnapshot writes yaml, json (non-finite as Python writes it), overrides and orch node', async () => {
  const dir = join(tmp(), 'job');
  const config = fromPlain({ lr: 0.1, epochs: 3, model: { name: 'mlp' } }) as CfgDict;
  config.set('big', new Float(Infinity));
  config.set('one', new Float(1));
  await writeJobSnapshot(dir, { config, overrides: ['lr=0.1'], orch: fromPlain({ launcher: { name: 'local' } }) as CfgDict });
  const json = readFileSync(join(dir, '.orch', 'config.json'), 'utf8');
  config.set('nan', new Float(NaN));
  config.set('small', new Float(-Infinity));
  await writeJobSnapshot(dir, { config, overrides: ['lr=0.1'], orch: fromPlain({ launcher: { name: 'local' } }) as CfgDict });
  const json2 = readFileSync(join(dir, '.orch', 'config.json'), 'utf8');
  assert.match(json2, /"big": Infinity,\n {2}"one": 1\.0,\n {2}"nan": NaN,\n {2}"small": -Infinity\n/);
  assert.doesNotMatch(json, /\$float/);
  assert.match(json, /"one": 1\.0/);
  assert.match(readFileSync(join(dir, '.orch', 'config.yaml'), 'utf8'), /name: mlp/);
  assert.match(readFileSync(join(dir, '.orch', 'overrides.yaml'), 'utf8'), /- lr=0.1/);
  assert.match(readFileSync(join(dir, '.orch', 'orch.yaml'), 'utf8'), /launcher:\n {2}name: local/);
  const cfg = (await readJobConfig(dir)) as Record<string, unknown>;
  assert.equal(cfg.big, Infinity);
  assert.equal(cfg.small, -Infinity);
  assert.ok(Number.isNaN(cfg.nan));
  // Task configs have no inherited keys (a config key never meets Object.prototype's).
  assert.deepEqual({ ...(cfg.model as object) }, { name: 'mlp' });
  assert.equal('toString' in cfg, false);
});

test('readJobConfig: a __proto__ key is an own key of the config, not its prototype', async () => {
  const dir = join(tmp(), 'job');
  const config = fromPlain(JSON.parse('{"__proto__": {"polluted": 1}, "lr": 0.1}')) as CfgDict;
  await writeJobSnapshot(dir, { config, overrides: ['+__proto__.polluted=1'], orch: new Map() });
  assert.match(readFileSync(join(dir, '.orch', 'config.yaml'), 'utf8'), /^__proto__:\n {2}polluted: 1\n/, 'the YAML snapshot keeps the key');
  const cfg = (await readJobConfig(dir)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(cfg), ['__proto__', 'lr']);
  assert.equal('polluted' in cfg, false);
  assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(cfg)), null);
});

test('readJobConfig still decodes the {"$float": ...} that earlier versions wrote; bad JSON names file, line and column', async () => {
  const dir = tmp();
  mkdirSync(join(dir, '.orch'), { recursive: true });
  writeFileSync(join(dir, '.orch', 'config.json'), '{"lr": {"$float": "inf"}, "x": [1, NaN]}');
  const cfg = (await readJobConfig(dir)) as { lr: number; x: number[] };
  assert.equal(cfg.lr, Infinity);
  assert.ok(Number.isNaN(cfg.x[1]));
  writeFileSync(join(dir, '.orch', 'config.json'), '{\n  "lr": nan\n}');
  await assert.rejects(readJobConfig(dir), (e: Error & { code?: string }) => e.code === 'STORE_BAD_JSON' && e.message.startsWith(`${join(dir, '.orch', 'config.json')}:2:9: not valid JSON`));
});

test('readJobConfig of a directory without snapshot says so', async () => {
  await assert.rejects(readJobConfig(tmp()), (e: Error & { code?: string }) => e.code === 'STORE_NO_SNAPSHOT' && /snapshot is missing/.test(e.message));
});

test('run records: missing is undefined, update merges atomically, garbage is a clear error', async () => {
  const dir = tmp();
  assert.equal(await readRunRecord(dir), undefined);
  await assert.rejects(updateRunRecord(dir, { status: 'running' }), /no run record/);
  mkdirSync(join(dir, '.orch'));
  await writeRunRecord(dir, newRunRecord({ jobNum: 3, overrides: ['a=1'], task: 't', argv: ['true'] }));
  const next = await updateRunRecord(dir, { status: 'completed', exitCode: 0 });
  assert.equal(next.status, 'completed');
  assert.equal((await readRunRecord(dir))?.jobNum, 3);
  assert.equal((await readRunRecord(dir))?.attempt, 0, 'a new record: no attempt started yet');
  writeFileSync(join(dir, '.orch', 'run.json'), '{oops');
  await assert.rejects(readRunRecord(dir), (e: Error & { code?: string }) => e.code === 'STORE_BAD_RUN_RECORD');
});

test('git facts: none outside a repository; commit, dirty and diff inside one', async () => {
  const dir = tmp();
  assert.equal(await readGitFacts(dir), undefined);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  writeFileSync(join(dir, 'f.txt'), 'one\n');
  git('add', 'f.txt');
  git('commit', '-q', '-m', 'init');
  const clean = await readGitFacts(dir);
  assert.match(clean!.commit, /^[0-9a-f]{40}$/);
  assert.equal(clean!.dirty, false);
  assert.equal(clean!.diff, undefined);
  writeFileSync(join(dir, 'f.txt'), 'two\n');
  const dirty = await readGitFacts(dir);
  assert.equal(dirty!.dirty, true);
  assert.equal(dirty!.diff, undefined, 'the diff is in the provenance file, not in every record');
  assert.match(dirty!.diffHash!, /^sha256:/);
  assert.notEqual(dirty!.codeState, clean!.codeState);
});

function plan(sweepDir: string, createdAt: string) {
  return { version: 1 as const, task: 't', command: ['t', '-m'], createdAt, sweepDir, launcher: { name: 'local' }, jobs: [{ num: 0, overrides: [], overrideDirname: '', dir: join(sweepDir, '0'), argv: ['true'] }] };
}

test('loadSweep: a directory without sweep.json is not a sweep; a bad file lists its problems', async () => {
  const dir = tmp();
  await assert.rejects(loadSweep(dir), (e: Error & { code?: string; hint?: string }) =>
    e.code === 'STORE_NOT_A_SWEEP' && e.message.includes('not a sweep directory') && /sweep\.json/.test(e.hint ?? ''));
  writeFileSync(join(dir, 'sweep.json'), JSON.stringify({ version: 2, jobs: [{ num: 'x' }] }));
  await assert.rejects(loadSweep(dir), /version is 2.*"task" is not a string.*jobs\[0\]\.num/);
  await writeSweep(dir, plan(dir, new Date().toISOString()));
  assert.equal((await loadSweep(dir)).jobs.length, 1);
  assert.deepEqual(validateSweep(plan(dir, 'x')), []);
});

test('findLatestSweep picks the most recently created sweep under the outputs root', async () => {
  const root = tmp();
  assert.equal(await findLatestSweep(root), undefined);
  const older = join(root, '2024-01-01', '10-00-00');
  const newer = join(root, '2024-01-02', '09-00-00');
  mkdirSync(older, { recursive: true });
  mkdirSync(newer, { recursive: true });
  await writeSweep(newer, plan(newer, '2024-01-02T09:00:00.000Z'));
  await writeSweep(older, plan(older, '2024-01-01T10:00:00.000Z'));
  assert.equal(await findLatestSweep(root), newer);
  assert.equal(await sweepDirOrLatest(undefined, [root]), newer);
  await assert.rejects(sweepDirOrLatest(undefined, [join(root, 'none')]), /No sweep found/);
});
