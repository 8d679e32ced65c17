import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheDir, codeCacheName } from '../../../src/cli/code-cache.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const LOADER = join(REPO_ROOT, 'dist', 'src', 'cli', 'code-cache.js');

test('the cache directory: ORCH_CODE_CACHE_DIR, empty for none, else the XDG or home cache', () => {
  assert.equal(codeCacheDir({ ORCH_CODE_CACHE_DIR: '/c', HOME: '/h' }), '/c');
  assert.equal(codeCacheDir({ ORCH_CODE_CACHE_DIR: '', HOME: '/h' }), undefined);
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' }), '/x/orch/v8');
  assert.equal(codeCacheDir({ HOME: '/h' }), '/h/.cache/orch/v8');
});

test('a cache file names the command, the install, the node, and the bundle build it was made from', () => {
  const bundle = { size: 100, mtimeMs: 1.6, ino: 7 };
  const name = codeCacheName('task', bundle, '/opt/orch/cli.cjs', 'v20.1.0', 'x64');
  assert.match(name, /^task-[0-9a-f]{8}-v20\.1\.0-x64-100-2-7\.v8$/);
  for (const other of [
    codeCacheName('status', bundle, '/opt/orch/cli.cjs', 'v20.1.0', 'x64'),
    codeCacheName('task', bundle, '/home/me/orch/cli.cjs', 'v20.1.0', 'x64'),
    codeCacheName('task', { ...bundle, size: 101 }, '/opt/orch/cli.cjs', 'v20.1.0', 'x64'),
    codeCacheName('task', { ...bundle, mtimeMs: 5 }, '/opt/orch/cli.cjs', 'v20.1.0', 'x64'),
    codeCacheName('task', { ...bundle, ino: 8 }, '/opt/orch/cli.cjs', 'v20.1.0', 'x64'),
    codeCacheName('task', bundle, '/opt/orch/cli.cjs', 'v22.0.0', 'x64'),
    codeCacheName('task', bundle, '/opt/orch/cli.cjs', 'v20.1.0', 'arm64'),
  ]) assert.notEqual(other, name);
});

/** A bundle that uses what a CommonJS file has (require, module, __filename) and the lent import(). */
function project(): { dir: string; bundle: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'orch-code-cache-'));
  writeFileSync(join(dir, 'helper.cjs'), 'module.exports = (x) => x * 2;\n');
  writeFileSync(join(dir, 'esm.mjs'), 'export const three = 3;\n');
  const bundle = join(dir, 'cli.cjs');
  writeFileSync(bundle, `#!/usr/bin/env node
const twice = require('./helper.cjs');
module.exports.ran = true;
globalThis[Symbol.for('orch.host-import')](require('node:url').pathToFileURL(__dirname + '/esm.mjs').href).then((m) => {
  console.log(JSON.stringify({ value: twice(m.three), file: __filename, dir: __dirname, line: new Error().stack.split('\\n')[1] }));
});
`);
  return { dir, bundle, cache: join(dir, 'cache') };
}

function run(bundle: string, cache: string, command = 'task') {
  const script = `import(${JSON.stringify(LOADER)}).then((m) => m.runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(command)}, ['--semi-space-growth-factor=1'], ${JSON.stringify(cache)}))`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { value: number; file: string; dir: string; line: string };
}

const cacheFiles = (cache: string) => readdirSync(cache).filter((f) => f.endsWith('.v8'));

test('the bundle runs as a CommonJS file would, and its cache is made once, then used', () => {
  const { dir, bundle, cache } = project();
  const first = run(bundle, cache);
  assert.deepEqual({ value: first.value, file: first.file, dir: first.dir }, { value: 6, file: bundle, dir });
  assert.match(first.line, /cli\.cjs:5:/, 'line numbers are the file\'s own');
  const [made] = cacheFiles(cache);
  assert.equal(made, codeCacheName('task', statSync(bundle), bundle));
  const before = statSync(join(cache, made!)).ino;
  assert.equal(run(bundle, cache).value, 6);
  assert.equal(statSync(join(cache, made!)).ino, before, 'an accepted cache is not written again');
  run(bundle, cache, 'status');
  assert.equal(cacheFiles(cache).length, 2, 'one cache per command');
});

test('a cache V8 rejects is replaced, and a rebuilt bundle replaces its command\'s old cache', () => {
  const { bundle, cache } = project();
  run(bundle, cache);
  const [made] = cacheFiles(cache);
  writeFileSync(join(cache, made!), 'not a code cache');
  assert.equal(run(bundle, cache).value, 6);
  assert.ok(statSync(join(cache, made!)).size > 100, 'rewritten from the run');
  writeFileSync(bundle, `${'// rebuilt\n'}console.log(JSON.stringify({ value: 1 }));\n`);
  assert.equal(run(bundle, cache).value, 1);
  assert.deepEqual(cacheFiles(cache), [codeCacheName('task', statSync(bundle), bundle)]);
});

test('no usable cache directory costs the cache, never the run', () => {
  const { dir, bundle } = project();
  writeFileSync(join(dir, 'file'), '');
  assert.equal(run(bundle, join(dir, 'file', 'cache')).value, 6);
  const readOnly = join(dir, 'ro');
  mkdirSync(readOnly, { mode: 0o500 });
  assert.equal(run(bundle, join(readOnly, 'cache')).value, 6);
});

test('a worker thread the bundle starts (tsx\'s loader does) does not spoil the cache it makes', () => {
  const { bundle, cache } = project();
  writeFileSync(bundle, `const { Worker } = require('node:worker_threads');
new Worker('0', { eval: true }).on('exit', () => console.log(JSON.stringify({ value: 7 })));
`);
  assert.equal(run(bundle, cache).value, 7);
  const [made] = cacheFiles(cache);
  const before = statSync(join(cache, made!)).ino;
  assert.equal(run(bundle, cache).value, 7);
  assert.equal(statSync(join(cache, made!)).ino, before, 'V8 rejected the cache made after the worker ran');
});

test('two installs sharing a cache directory keep a cache each, run after run', () => {
  const one = project();
  const two = project();
  const cache = one.cache;
  run(one.bundle, cache);
  run(two.bundle, cache);
  const made = new Map(cacheFiles(cache).map((f) => [f, statSync(join(cache, f)).ino]));
  assert.equal(made.size, 2);
  run(one.bundle, cache);
  run(two.bundle, cache);
  for (const [f, ino] of made) assert.equal(statSync(join(cache, f)).ino, ino, `${f} was evicted and made again`);
});
