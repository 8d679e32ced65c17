import { didYouMean, sentences } from '../errors.js';
import { createLocalLauncher } from './local/local-launcher.js';
import { parseLocalSettings } from './local/settings.js';
import type { Launcher, LauncherFactory } from './types.js';
import { OrchError } from '../errors.js';

/** Validates a launcher's settings (without `name`), throwing the error a launch would; no side effects. */
export type SettingsCheck = (settings: Record<string, unknown>) => unknown;

export interface LauncherRegistry {
  /** `checkSettings` lets a sweep check the settings while planning, before anything is written. */
  registerLauncher(name: string, factory: LauncherFactory, checkSettings?: SettingsCheck): void;
  /** Throws what the launcher would throw for these settings (an unknown name lists the registered ones). */
  checkSettings(name: string, settings: Record<string, unknown>): void;
  /** A launcher for `orch.launcher.name`; an unknown name lists the registered ones. */
  createLauncher(name: string, settings: Record<string, unknown>): Launcher;
  names(): string[];
}

/** A registry of launcher factories; pass it to whoever creates launchers (no global state). */
export function createLauncherRegistry(): LauncherRegistry {
  const factories = new Map<string, LauncherFactory>();
  const checks = new Map<string, SettingsCheck>();
  const factoryOf = (name: string): LauncherFactory => {
    const factory = factories.get(name);
    if (factory) return factory;
    const names = [...factories.keys()].sort();
    throw new OrchError({
      code: 'LAUNCHER_UNKNOWN', message: `orch.launcher.name: unknown launcher '${name}'`,
      hint: sentences(`Available launchers: ${names.join(', ') || '(none registered)'}.`, didYouMean(name, names)),
    });
  };
  return {
    registerLauncher(name, factory, checkSettings) {
      factories.set(name, factory);
      if (checkSettings) checks.set(name, checkSettings);
    },
    checkSettings(name, settings) {
      factoryOf(name);
      checks.get(name)?.(settings);
    },
    createLauncher(name, settings) {
      return factoryOf(name)(settings);
    },
    names() {
      return [...factories.keys()].sort();
    },
  };
}

/** A registry with the launchers that ship in this folder (`local`); Slurm/GPU register themselves. */
export function createDefaultLauncherRegistry(): LauncherRegistry {
  const registry = createLauncherRegistry();
  registry.registerLauncher('local', createLocalLauncher, parseLocalSettings);
  return registry;
}

/** `orch.launcher` settings without `name`, which selects the launcher rather than configuring it. */
export function launcherSettings(launcherNode: Record<string, unknown>): { name: string; settings: Record<string, unknown> } {
  const { name, ...settings } = launcherNode;
  return { name: typeof name === 'string' ? name : 'local', settings };
}
