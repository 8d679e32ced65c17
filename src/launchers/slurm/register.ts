import { createGpuLauncher } from '../gpu/gpu-launcher.js';
import type { LauncherRegistry } from '../registry.js';
import { createSlurmLauncher } from './launcher.js';

/**
 * Registers `slurm`, `slurmgpu` and `gpu`. The registry hands factories settings without `name`,
 * so each factory binds its own: slurmgpu differs from slurm only by that name (GPU template,
 * one GPU per task by default).
 */
export function registerClusterLaunchers(registry: LauncherRegistry): void {
  registry.registerLauncher('slurm', (settings) => createSlurmLauncher({ ...settings, name: 'slurm' }));
  registry.registerLauncher('slurmgpu', (settings) => createSlurmLauncher({ ...settings, name: 'slurmgpu' }));
  registry.registerLauncher('gpu', (settings) => createGpuLauncher({ ...settings, name: 'gpu' }));
}
