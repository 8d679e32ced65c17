import { createDefaultLauncherRegistry, type LauncherRegistry } from './registry.js';
import { createSlurmLauncher } from './slurm/launcher.js';

/**
 * Every launcher that ships with orch, registered by the name used in `orch.launcher.name`.
 * The CLI passes this registry to the commands; a plugin adds itself with `registerLauncher`.
 */
export function createBuiltinLauncherRegistry(): LauncherRegistry {
  const registry = createDefaultLauncherRegistry();
  registry.registerLauncher('slurm', (settings) => createSlurmLauncher(settings));
  registry.registerLauncher('slurmgpu', (settings) => createSlurmLauncher(settings));
  return registry;
}
