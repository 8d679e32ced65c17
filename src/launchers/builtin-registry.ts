import { createDefaultLauncherRegistry, type LauncherRegistry } from './registry.js';
import { registerClusterLaunchers } from './slurm/register.js';

/**
 * Every launcher that ships with orch (local, gpu, slurm, slurmgpu), registered by the name used in
 * `orch.launcher.name`. The CLI passes this registry to the commands; a plugin adds itself with
 * `registerLauncher`.
 */
export function createBuiltinLauncherRegistry(): LauncherRegistry {
  const registry = createDefaultLauncherRegistry();
  registerClusterLaunchers(registry);
  return registry;
}
