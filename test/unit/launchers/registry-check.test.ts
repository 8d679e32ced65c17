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

test('an unknown setting of any launcher is refused by the one check of setting keys, in one code and spelling', () => {
  const registry = createBuiltinLauncherRegistry();
  for (const [name, typo, near] of [['local', 'n_job', 'n_jobs'], ['gpu', 'jobs_per_gp', 'jobs_per_gpu'], ['slurm', 'partiton', 'partition'], ['slurmgpu', 'gres_', 'gres']] as const) {
    const refused = (e: unknown): boolean => {
      const err = e as { code?: string; message: string; hint?: string };
      return err.code === 'ORCH_SETTING_UNKNOWN' && err.message === `orch.launcher.${typo}: not a setting of the ${name} launcher` &&
        (err.hint ?? '').startsWith(`Did you mean orch.launcher.${near}? Settings of the ${name} launcher: `);
    };
    assert.throws(() => registry.checkSettings(name, { [typo]: 1 }), refused, name);
  }
});
