import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { parseSlurmSettings } from '../../../../src/launchers/slurm/settings.js';
import { renderScripts } from '../../../../src/launchers/slurm/render.js';
import { parseGpuSettings } from '../../../../src/launchers/gpu/settings.js';
import { parseLocalSettings } from '../../../../src/launchers/local/settings.js';
import { REPO_ROOT } from '../../../helpers/paths.js';
import { createBuiltinLauncherRegistry } from '../../../../src/launchers/builtin-registry.js';

function preset(name: string): { text: string; values: Record<string, unknown> } {
  const text = readFileSync(join(REPO_ROOT, 'launchers', 'config', 'launcher', `${name}.yaml`), 'utf8');
  return { text, values: YAML.parse(text) as Record<string, unknown> };
}

test('every preset is a Hydra group option for orch.launcher, named after its file', () => {
  for (const name of ['local', 'gpu', 'slurm', 'slurmgpu']) {
    const { text, values } = preset(name);
    assert.match(text, /^# @package orch\.launcher\n/, name);
    assert.equal(values.name, name);
  }
});

test('each preset is accepted by its launcher as it stands', () => {
  const registry = createBuiltinLauncherRegistry();
  for (const name of ['local', 'gpu', 'slurm', 'slurmgpu']) {
    const { name: _n, ...settings } = preset(name).values;
    assert.doesNotThrow(() => registry.checkSettings(name, settings), name);
  }
  const { name: _l, ...local } = preset('local').values;
  assert.doesNotThrow(() => parseLocalSettings(local));
  assert.equal(parseGpuSettings(preset('gpu').values).jobsPerGpu, 1);
  const slurm = parseSlurmSettings(preset('slurm').values);
  assert.deepEqual([slurm.time, slurm.cpusPerTask, slurm.cancelOnInterrupt, slurm.requeue], [60, 1, true, false]);
  const job = { num: 0, overrides: [], overrideDirname: '', outputDir: '/s/0', argv: ['true'], env: {}, cwd: '/p' };
  const [gpuScript] = renderScripts([job], preset('slurmgpu').values, { sweepDir: '/s' });
  assert.match(gpuScript!.script, /^#SBATCH --partition="gpu"\n(.*\n)*#SBATCH --gres="gpu:1"$/m);
});
