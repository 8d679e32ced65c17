import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrchError } from '../../../src/errors.js';
import { loadSyncConfig, parseSyncConfig } from '../../../src/sync/config.js';

const f = '/p/config/orch.yaml';
const code = (c: string, text?: string) => (e: unknown) => e instanceof OrchError && e.code === c && (text === undefined || e.message.includes(text));

test('parseSyncConfig: remote and rclone_flags under orch.sync; anything else is named', () => {
  assert.deepEqual(parseSyncConfig({ orch: { sync: { remote: 'b:x', rclone_flags: ['--transfers', 16] } } }, f), { remote: 'b:x', rcloneFlags: ['--transfers', '16'], file: f });
  assert.deepEqual(parseSyncConfig(null, f), { rcloneFlags: [], file: f });
  assert.deepEqual(parseSyncConfig({ orch: { ledger: {} } }, f), { rcloneFlags: [], file: f });
  assert.throws(() => parseSyncConfig({ orch: { sync: { remote: '' } } }, f), code('SYNC_BAD_CONFIG', `${f}: orch.sync.remote must be`));
  assert.throws(() => parseSyncConfig({ orch: { sync: { remote: 3 } } }, f), code('SYNC_BAD_CONFIG', 'orch.sync.remote'));
  assert.throws(() => parseSyncConfig({ orch: { sync: { rclone_flags: '--fast-list' } } }, f), code('SYNC_BAD_CONFIG', 'orch.sync.rclone_flags must be a list'));
  assert.throws(() => parseSyncConfig({ orch: { sync: 'b:x' } }, f), code('SYNC_BAD_CONFIG', `${f}: orch.sync must be a mapping`));
  assert.throws(() => parseSyncConfig({ orch: { sync: { remotes: 'b:' } } }, f), (e: unknown) => e instanceof OrchError && e.hint!.startsWith('Did you mean remote?'));
});

test('loadSyncConfig: no file is no settings; a YAML error names the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-sync-config-'));
  assert.deepEqual(loadSyncConfig(dir), { rcloneFlags: [], file: join(dir, 'orch.yaml') });
  writeFileSync(join(dir, 'orch.yaml'), 'orch:\n  sync: [\n');
  assert.throws(() => loadSyncConfig(dir), code('SYNC_BAD_CONFIG', join(dir, 'orch.yaml')));
});
