import { createMemorySource, type ConfigSource } from './config-source.js';
import { ORCH_BASE_CONFIG_PATH, ORCH_BASE_CONFIG_YAML } from './orch-defaults.js';

/** Primary config used when no config name is given: composition starts from the command line alone. */
export const EMPTY_PRIMARY_CONFIG = '_dummy_empty_config_';

/**
 * Configs that ship with orch, searched after the project's config directory (a project file of the
 * same path wins). Add built-in group options here, e.g. `'launcher/local': '# @package orch.launcher\n...'`.
 */
export const BUILTIN_CONFIGS: Readonly<Record<string, string>> = {
  [ORCH_BASE_CONFIG_PATH]: ORCH_BASE_CONFIG_YAML,
  [EMPTY_PRIMARY_CONFIG]: '{}',
};

export function createBuiltinSource(extra: Readonly<Record<string, string>> = {}): ConfigSource {
  return createMemorySource('builtin://orch', { ...BUILTIN_CONFIGS, ...extra }, { ownedByOrch: true });
}
