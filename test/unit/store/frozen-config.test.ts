import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FROZEN_CONFIG_DIR, freezeConfigTree, verifyFrozenTree } from '../../../src/store/frozen-config.js';
import { createConfigRepository } from '../../../src/config/repository.js';
import { composeConfig } from '../../../src/config/compose.js';
import { createResolverRegistry } from '../../../src/config/interpolation/index.js';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orch-freeze-'));
  mkdirSync(join(dir, 'model'), { recursive: true });
  mkdirSync(join(dir, '__pycache__'));
  writeFileSync(join(dir, 'train.yaml'), 'defaults:\n  - model: small\n  - _self_\nlr: 0.1\n');
  writeFileSync(join(dir, 'model', 'small.yaml'), 'width: 8\n');
  writeFileSync(join(dir, 'model', '_schema.yaml'), 'width: {type: int}\n');
  writeFileSync(join(dir, 'model', 'big.toml'), 'width = 64\n');
  writeFileSync(join(dir, 'notes.txt'), 'not config');
  writeFileSync(join(dir, '__pycache__', 'x.json'), '{}');
  return dir;
}

test('freezeConfigTree copies config and schema files only, keeps structure, and is hashed by content', async () => {
  const src = project();
  const sweep = mkdtempSync(join(tmpdir(), 'orch-sweep-'));
  const frozen = await freezeConfigTree(src, sweep);
  assert.equal(frozen.dir, join(sweep, FROZEN_CONFIG_DIR));
  assert.deepEqual(readdirSync(frozen.dir).sort(), ['model', 'train.yaml']);
  assert.deepEqual(readdirSync(join(frozen.dir, 'model')).sort(), ['_schema.yaml', 'big.toml', 'small.yaml']);
  assert.equal(frozen.files, 4);
  assert.match(frozen.hash, /^sha256:[0-9a-f]{32}$/);
  assert.deepEqual(readdirSync(join(sweep, '.orch')), ['config'], 'no temp dir left behind');

  const again = await freezeConfigTree(src, mkdtempSync(join(tmpdir(), 'orch-sweep-')));
  assert.equal(again.hash, frozen.hash, 'same content, same hash');
  writeFileSync(join(src, 'model', 'small.yaml'), 'width: 9\n');
  assert.notEqual((await freezeConfigTree(src, mkdtempSync(join(tmpdir(), 'orch-sweep-')))).hash, frozen.hash);
});

test('a job composed from the frozen copy is unchanged by edits to the project after launch', async () => {
  const src = project();
  const sweep = mkdtempSync(join(tmpdir(), 'orch-sweep-'));
  const frozen = await freezeConfigTree(src, sweep);
  writeFileSync(join(src, 'model', 'small.yaml'), 'width: 999\n');
  const repo = createConfigRepository({ configDir: await verifyFrozenTree(sweep, frozen.hash) });
  const composed = composeConfig(repo, { configName: 'train', overrides: [], mode: 'run', resolvers: createResolverRegistry() });
  assert.equal((composed.config.get('model') as Map<string, unknown>).get('width'), 8);
});

test('verifyFrozenTree names the tree when a frozen file was edited', async () => {
  const sweep = mkdtempSync(join(tmpdir(), 'orch-sweep-'));
  const frozen = await freezeConfigTree(project(), sweep);
  writeFileSync(join(frozen.dir, 'train.yaml'), readFileSync(join(frozen.dir, 'train.yaml'), 'utf8') + 'x: 1\n');
  await assert.rejects(verifyFrozenTree(sweep, frozen.hash), (e: Error & { code?: string }) =>
    e.code === 'STORE_CONFIG_TREE_CHANGED' && e.message.includes(frozen.dir) && e.message.includes(frozen.hash));
});

test('freezeConfigTree of a missing config dir is a clear error', async () => {
  await assert.rejects(freezeConfigTree('/nonexistent/config', mkdtempSync(join(tmpdir(), 'orch-sweep-'))),
    (e: Error & { code?: string }) => e.code === 'STORE_NO_CONFIG_DIR' && /\/nonexistent\/config/.test(e.message));
});
