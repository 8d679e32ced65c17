import { existsSync } from 'node:fs';
import { BUILTIN_CONFIG_DIR } from '../orch-root.js';
import { createFileSource, createMemorySource, type ConfigSource } from './config-source.js';
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

/**
 * orch's preset config groups shipped as files (`launchers/config`: `+launcher=slurm`, `+sweeper=…`),
 * searched after the project's configs and marked as orch's own, so that selecting one never joins a
 * job's identity. Every repository orch composes jobs from (the project's, a sweep's frozen copy) uses it.
 */
export function orchPresetSources(): ConfigSource[] {
  return existsSync(BUILTIN_CONFIG_DIR) ? [createFileSource(BUILTIN_CONFIG_DIR, { ownedByOrch: true })] : [];
}
