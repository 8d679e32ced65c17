/** Config composition (Hydra 1.3 semantics): YAML loading, search path, defaults list, merge, overrides. */
export { parseYamlConfig, loadYamlFile, type ParsedYaml } from './yaml-loader.js';
export { createConfigRepository, createRepositoryFromSources, type ConfigRepository, type LoadedConfig, type RepositoryOptions } from './repository.js';
export { createFileSource, createMemorySource, type ConfigSource } from './config-source.js';
export { createBuiltinSource, BUILTIN_CONFIGS, EMPTY_PRIMARY_CONFIG } from './builtin.js';
export { ORCH_NODE, ORCH_BASE_CONFIG_PATH, ORCH_BASE_CONFIG_YAML } from './orch-defaults.js';
export { createDefaultsList, type DefaultsList, type DefaultsTreeView, type ResultDefault } from './defaults-list.js';
export { mergeInto, MergeError } from './merge.js';
export { applyConfigOverrides } from './apply-overrides.js';
export { composeConfig, jobConfigOf, isOrchOverride, type ComposeOptions, type ComposeResult, type ComposeMode } from './compose.js';
export { parseOrderedJson } from './ordered-json.js';
export { ConfigCompositionError, MissingConfigError, YamlSyntaxError, ConfigLoadError } from './errors.js';
export { resolveJobConfig, type ResolvedJobConfig } from './resolve-job.js';
