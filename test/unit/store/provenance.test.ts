import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envFacts, isSecretName, REDACTED } from '../../../src/store/env-facts.js';
import { forgetPrefetchedGitState, gitFactsOf, prefetchGitState, readGitState, UNTRACKED_LIMITS } from '../../../src/store/git.js';
import { captureProvenance, outputExcludes, readProvenance, provenanceRef } from '../../../src/store/provenance.js';
import { isPythonCommand, lockFileHashes } from '../../../src/store/runtime-facts.js';

function repo(): { dir: string; git: (...a: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'orch-prov-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  writeFileSync(join(dir, 'train.py'), 'print(1)\n');
  git('add', '.');
  git('commit', '-q', '-m', 'init');
  return { dir, git };
}

test('untracked files leave the tree clean but are recorded with their hash, and kept whole under the size limit', async () => {
  const { dir } = repo();
  mkdirSync(join(dir, 'runs'));
  writeFileSync(join(dir, 'runs/helper.py'), 'x=1\n');
  writeFileSync(join(dir, 'big.bin'), Buffer.alloc(UNTRACKED_LIMITS.file + 1, 7));
  mkdirSync(join(dir, 'outputs/2026'), { recursive: true });
  writeFileSync(join(dir, 'outputs/2026/metrics.json'), '{}');
  const state = (await readGitState(dir, ['outputs']))!;
  assert.equal(state.dirty, false);
  assert.deepEqual(state.untracked.map((f) => f.path), ['big.bin', 'runs/helper.py'], 'results under the output root are no code');
  const helper = state.untracked[1]!;
  assert.equal(helper.content, 'x=1\n');
  assert.match(helper.hash!, /^sha256:[0-9a-f]{32}$/);
  assert.equal(state.untracked[0]!.content, undefined);
  assert.match(state.untracked[0]!.hash!, /^sha256:/);

  const before = gitFactsOf(state).codeState;
  writeFileSync(join(dir, 'runs/helper.py'), 'x=2\n');
  assert.notEqual(gitFactsOf((await readGitState(dir, ['outputs']))!).codeState, before, 'a changed untracked file is changed code');
  assert.equal(gitFactsOf((await readGitState(dir, ['outputs']))!).dirty, false);
});

test('a prefetched git state is the next read\'s, once; forgotten, it is not used', async () => {
  const { dir } = repo();
  await prefetchGitState(dir);
  writeFileSync(join(dir, 'train.py'), 'print(2)\n');
  writeFileSync(join(dir, 'new.txt'), 'untracked\n');
  const taken = await readGitState(dir);
  assert.equal(taken?.dirty, false, 'the tracked state is the tree as it was prefetched');
  assert.deepEqual(taken?.untracked.map((f) => f.path), ['new.txt'], 'untracked files are listed at the read');
  assert.equal((await readGitState(dir))?.dirty, true, 'the next read asks git again');
  writeFileSync(join(dir, 'train.py'), 'print(1)\n');
  await prefetchGitState(dir);
  writeFileSync(join(dir, 'train.py'), 'print(3)\n');
  forgetPrefetchedGitState(dir);
  assert.equal((await readGitState(dir))?.dirty, true, 'a forgotten prefetch is not used');
});

test('secret-looking names are redacted, orch\'s own variables left out, everything else recorded as given', () => {
  const env = envFacts({ HOME: '/h', HF_TOKEN: 'hf_x', AWS_SECRET_ACCESS_KEY: 's', DB_PASSWORD: 'p', api_key: 'k', ORCH_CONFIG: '/c', PYTHONPATH: '/p', MY_SEED: '3' });
  assert.deepEqual(env.vars, { AWS_SECRET_ACCESS_KEY: REDACTED, DB_PASSWORD: REDACTED, HF_TOKEN: REDACTED, HOME: '/h', MY_SEED: '3', api_key: REDACTED });
  assert.deepEqual(env.redacted, ['AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'HF_TOKEN', 'api_key']);
  assert.equal(isSecretName('GITHUB_TOKEN'), true);
  assert.equal(isSecretName('PATH'), false);
});

test('python commands are recognised by their interpreter name; lock files are hashed', () => {
  for (const c of ['python', 'python3', 'python3.12', '/venv/bin/python']) assert.equal(isPythonCommand(c), true, c);
  for (const c of ['bash', 'node', 'pythonista', undefined]) assert.equal(isPythonCommand(c), false, String(c));
});

test('a capture is written once beside the sweep, named by its contents, and read back through the record\'s ref', async () => {
  const { dir, git } = repo();
  writeFileSync(join(dir, 'requirements.txt'), 'numpy==1.0\n');
  writeFileSync(join(dir, 'uv.lock'), 'lock\n');
  writeFileSync(join(dir, 'notes.md'), 'n\n');
  git('add', 'requirements.txt', 'uv.lock');
  git('commit', '-q', '-m', 'deps');
  writeFileSync(join(dir, 'train.py'), 'print(2)\n');
  const locks = await lockFileHashes(dir);
  assert.deepEqual(locks.map((l) => l.path), ['requirements.txt', 'uv.lock']);

  const sweepDir = join(dir, 'outputs/multirun/s');
  mkdirSync(join(sweepDir, '0'), { recursive: true });
  const a = await captureProvenance({ projectRoot: dir, sweepDir, taskArgv: ['python3', 'train.py'] });
  const b = await captureProvenance({ projectRoot: dir, sweepDir, taskArgv: ['python3', 'train.py'] });
  assert.equal(a.file, b.file, 'the same facts: the same file');
  assert.equal(readdirSync(join(sweepDir, '.orch/provenance')).length, 1);
  assert.equal(a.git!.dirty, true);
  assert.equal(outputExcludes(dir, sweepDir)[0], 'outputs');

  const ref = provenanceRef(join(sweepDir, '0'), a.file)!;
  assert.equal(ref, '../.orch/provenance/' + a.file.split('/').pop());
  const doc = (await readProvenance(join(sweepDir, '0'), ref))!;
  assert.match(doc.git!.diff, /\+print\(2\)/);
  assert.deepEqual(doc.git!.untracked.map((f) => f.path), ['notes.md']);
  assert.equal(doc.runtime.node, process.version);
  assert.match(doc.runtime.python!.version!, /^3\.\d+/);
  assert.equal(typeof doc.runtime.python!.packages, 'object');
  assert.deepEqual(doc.runtime.lockFiles.map((l) => l.path), ['requirements.txt', 'uv.lock']);
  await assert.rejects(readProvenance(join(sweepDir, '0'), '../nope.json'), (e: Error & { code?: string }) => e.code === 'STORE_NO_PROVENANCE');
});
