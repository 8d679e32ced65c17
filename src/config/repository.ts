import { isDict, type CfgDict, type CfgList } from '../value/value.js';
import { createFileSource, type ConfigSource } from './config-source.js';
import { createBuiltinSource, EMPTY_PRIMARY_CONFIG } from './builtin.js';
import { parseDefaultsList, type DefaultTemplate } from './defaults-syntax.js';

/** A config as composition uses it: content without `defaults`, the parsed defaults list, the header. */
export interface LoadedConfig {
  path: string;
  content: CfgDict | CfgList;
  packageHeader: string | null;
  /** Null when the file has no `defaults` key. */
  defaults: DefaultTemplate[] | null;
  source: string;
  /** Loaded from one of orch's own sources (see ConfigSource.ownedByOrch). */
  ownedByOrch: boolean;
}

/**
 * The config search path (Hydra's ConfigRepository): sources in priority order, the first that has a
 * config wins; group options are the sorted union over all sources. Loaded configs are cached for
 * the life of the repository, so each file is read and parsed once however many jobs are composed.
 * Cached configs are shared: callers must not mutate them.
 */
export interface ConfigRepository {
  readonly sources: readonly ConfigSource[];
  loadConfig(path: string): LoadedConfig | null;
  configExists(path: string): boolean;
  groupExists(path: string): boolean;
  /** Options (or subgroups) of a group, sorted and unique across sources. */
  groupOptions(group: string, kind?: 'config' | 'group'): string[];
}

export interface RepositoryOptions {
  /** Primary config directory (`--config-dir`, or the project's `config/`); null for none. */
  configDir?: string | null;
  /** Replaces the built-in source (tests). */
  builtin?: ConfigSource;
  /** Extra sources searched after the config dir and before the built-ins. */
  extraSources?: ConfigSource[];
}

export function createConfigRepository(options: RepositoryOptions = {}): ConfigRepository {
  const sources: ConfigSource[] = [];
  if (options.configDir) sources.push(createFileSource(options.configDir));
  sources.push(...(options.extraSources ?? []));
  sources.push(options.builtin ?? createBuiltinSource());
  return createRepositoryFromSources(sources);
}

export function createRepositoryFromSources(sources: ConfigSource[]): ConfigRepository {
  const cache = new Map<string, LoadedConfig | null>();
  const groupCache = new Map<string, boolean>();
  const findSource = (path: string): ConfigSource | undefined => sources.find((s) => s.isConfig(path));
  return {
    sources,
    loadConfig(path) {
      if (cache.has(path)) return cache.get(path)!;
      const source = findSource(path);
      const loaded = source ? toLoaded(path, source) : null;
      cache.set(path, loaded);
      return loaded;
    },
    configExists: (path) => findSource(path) !== undefined,
    groupExists(path) {
      let v = groupCache.get(path);
      if (v === undefined) {
        v = sources.some((s) => s.isGroup(path));
        groupCache.set(path, v);
      }
      return v;
    },
    groupOptions(group, kind = 'config') {
      const all = new Set<string>();
      for (const s of sources) if (s.isGroup(group)) for (const n of s.list(group, kind)) all.add(n);
      all.delete(EMPTY_PRIMARY_CONFIG);
      return [...all].sort();
    },
  };
}

function toLoaded(path: string, source: ConfigSource): LoadedConfig {
  const parsed = source.load(path);
  let content = parsed.content;
  let defaults: DefaultTemplate[] | null = null;
  if (isDict(content) && content.has('defaults')) {
    defaults = parseDefaultsList(path, content.get('defaults')!);
    content = new Map([...content].filter(([k]) => k !== 'defaults'));
  }
  return { path, content, packageHeader: parsed.packageHeader, defaults, source: source.description, ownedByOrch: source.ownedByOrch === true };
}
