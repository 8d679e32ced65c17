import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBuiltinLauncherRegistry } from '../../../src/launchers/builtin-registry.js';

test("checkSettings runs each launcher's own validation without creating it", () => {
  const registry = createBuiltinLauncherRegistry();
  registry.checkSettings('local', { n_jobs: 2 });
  registry.checkSettings('slurm', { partition: 'debug' });
  assert.throws(() => registry.checkSettings('local', { n_jobs: 'two' }), /orch\.launcher\.n_jobs: expected a positive integer/);
  assert.throws(() => registry.checkSettings('local', { n_job: 1 }), (e: unknown) => /Did you mean orch\.launcher\.n_jobs\?/.test((e as { hint?: string }).hint ?? ''));
  assert.throws(() => registry.checkSettings('gpu', { n_jobs: 1 }), /orch\.launcher\.n_jobs: not a setting of the gpu launcher/);
  assert.throws(() => registry.checkSettings('slurm', { tme: 3 }), /orch\.launcher\.tme/);
  assert.throws(() => registry.checkSettings('slurmx', {}), /unknown launcher 'slurmx'/);
});
