import { createGpuLauncher } from '../gpu/gpu-launcher.js';
import type { LauncherRegistry } from '../registry.js';
import { createSlurmLauncher } from './launcher.js';
import { parseSlurmSettings } from './settings.js';
import { parseGpuSettings } from '../gpu/settings.js';

/**
 * Registers `slurm`, `slurmgpu` and `gpu`. The registry hands factories settings without `name`,
 * so each factory binds its own: slurmgpu differs from slurm only by that name (GPU template,
 * one GPU per task by default).
 */
export function registerClusterLaunchers(registry: LauncherRegistry): void {
  for (const name of ['slurm', 'slurmgpu']) {
    registry.registerLauncher(name, (settings) => createSlurmLauncher({ ...settings, name }), (settings) => parseSlurmSettings({ ...settings, name }));
  }
  registry.registerLauncher('gpu', (settings) => createGpuLauncher({ ...settings, name: 'gpu' }), (settings) => parseGpuSettings({ ...settings, name: 'gpu' }));
}
