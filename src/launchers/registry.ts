import { closestMatch } from '../errors.js';
import { LaunchError } from './errors.js';
import { createLocalLauncher } from './local/local-launcher.js';
import type { Launcher, LauncherFactory } from './types.js';

export interface LauncherRegistry {
  registerLauncher(name: string, factory: LauncherFactory): void;
  /** A launcher for `orch.launcher.name`; an unknown name lists the registered ones. */
  createLauncher(name: string, settings: Record<string, unknown>): Launcher;
  names(): string[];
}

/** A registry of launcher factories; pass it to whoever creates launchers (no global state). */
export function createLauncherRegistry(): LauncherRegistry {
  const factories = new Map<string, LauncherFactory>();
  return {
    registerLauncher(name, factory) {
      factories.set(name, factory);
    },
    createLauncher(name, settings) {
      const factory = factories.get(name);
      if (!factory) {
        const names = [...factories.keys()].sort();
        const guess = closestMatch(name, names);
        throw new LaunchError('LAUNCHER_UNKNOWN', `orch.launcher.name: unknown launcher '${name}'`, {
          hint: `Available launchers: ${names.join(', ') || '(none registered)'}.${guess ? ` Did you mean ${guess}?` : ''}`,
        });
      }
      return factory(settings);
    },
    names() {
      return [...factories.keys()].sort();
    },
  };
}

/** A registry with the launchers that ship in this folder (`local`); Slurm/GPU register themselves. */
export function createDefaultLauncherRegistry(): LauncherRegistry {
  const registry = createLauncherRegistry();
  registry.registerLauncher('local', createLocalLauncher);
  return registry;
}

/** `orch.launcher` settings without `name`, which selects the launcher rather than configuring it. */
export function launcherSettings(launcherNode: Record<string, unknown>): { name: string; settings: Record<string, unknown> } {
  const { name, ...settings } = launcherNode;
  return { name: typeof name === 'string' ? name : 'local', settings };
}
