import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadYamlFile, parseYamlConfig, type ParsedYaml } from './yaml-loader.js';
import { loadTomlFile } from './toml-loader.js';
import { loadJsonFile } from './json-loader.js';
import { ConfigLoadError } from './errors.js';
import { staysInTree } from './config-name.js';

/**
 * One entry of the config search path: a directory of YAML files, or an in-memory set of configs.
 * Paths are `/`-separated without extension: `db/mysql` is option `mysql` of group `db`; `''` is
 * the root group.
 */
export interface ConfigSource {
  /** `file:///abs/dir` or `builtin://orch`, for messages. */
  readonly description: string;
  isGroup(path: string): boolean;
  isConfig(path: string): boolean;
  /** Names directly under a group: config names (no extension) or subgroup names, sorted. */
  list(group: string, kind: 'config' | 'group'): string[];
  load(path: string): ParsedYaml;
  /** Absolute file of a config (`.yaml`, `.toml` or `.json`), for messages; absent for in-memory sources. */
  filePath?(path: string): string | undefined;
  /** The directory of a file source (where schema files are looked up). */
  readonly dir?: string;
  /** Set on orch's own sources (launcher and sweeper presets, the `orch` node): their options configure orch, not the job. */
  readonly ownedByOrch?: boolean;
}

/** Config file formats, in the order they are looked up. */
export const CONFIG_EXTENSIONS = ['.yaml', '.toml', '.json'] as const;

/** `_schema.yaml` (a whole group) and `NAME.schema.yaml` (one option) describe configs: they are not options. */
export function isSchemaFileName(name: string): boolean {
  const stem = name.replace(/\.(yaml|yml|toml|json)$/, '');
  return stem === '_schema' || stem.endsWith('.schema');
}

export function createFileSource(dir: string, opts: { ownedByOrch?: boolean } = {}): ConfigSource {
  const root = resolve(dir);
  const dirCache = new Map<string, boolean>();
  const fileCache = new Map<string, boolean>();
  const isDir = (p: string): boolean => {
    let v = dirCache.get(p);
    if (v === undefined) {
      v = existsSync(p) && statSync(p).isDirectory();
      dirCache.set(p, v);
    }
    return v;
  };
  const isFile = (p: string): boolean => {
    let v = fileCache.get(p);
    if (v === undefined) {
      v = existsSync(p) && statSync(p).isFile();
      fileCache.set(p, v);
    }
    return v;
  };
  const entriesCache = new Map<string, Set<string>>();
  const entries = (dir: string): Set<string> => {
    let v = entriesCache.get(dir);
    if (v === undefined) {
      v = new Set(isDir(dir) ? readdirSync(dir) : []);
      entriesCache.set(dir, v);
    }
    return v;
  };
  const fileCacheByPath = new Map<string, string | undefined>();
  /** The one file of a config path; two formats of one option are an error naming both. */
  const configFile = (path: string): string | undefined => {
    if (fileCacheByPath.has(path)) return fileCacheByPath.get(path);
    let found: string | undefined;
    if (!staysInTree(path)) {
      // Left undefined: a path out of the tree is "not found", never read.
    } else if (path.endsWith('.yaml') || path.endsWith('.yml')) {
      found = isFile(join(root, path)) ? join(root, path) : undefined;
    } else if (!isSchemaFileName(basename(path))) {
      const full = join(root, path);
      const names = entries(dirname(full));
      const hits = CONFIG_EXTENSIONS.map((ext) => basename(full) + ext).filter((n) => names.has(n) && isFile(join(dirname(full), n)));
      if (hits.length > 1) {
        throw new ConfigLoadError({ message: `Config '${path}' exists in ${hits.length} formats: ${hits.map((h) => join(dirname(full), h)).join(' and ')}; keep one of them` });
      }
      found = hits[0] === undefined ? undefined : join(dirname(full), hits[0]);
    }
    fileCacheByPath.set(path, found);
    return found;
  };
  return {
    description: `file://${root}`,
    dir: root,
    ownedByOrch: opts.ownedByOrch === true,
    isGroup: (path) => staysInTree(path) && isDir(join(root, path)),
    isConfig: (path) => configFile(path) !== undefined,
    list(group, kind) {
      const dir = join(root, group);
      if (!staysInTree(group) || !isDir(dir)) return [];
      const names = new Set<string>();
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (kind === 'group' && entry.isDirectory() && entry.name !== '__pycache__') names.add(entry.name);
        if (kind !== 'config' || !entry.isFile() || isSchemaFileName(entry.name)) continue;
        const ext = CONFIG_EXTENSIONS.find((e) => entry.name.endsWith(e));
        if (ext) names.add(entry.name.slice(0, -ext.length));
      }
      return [...names].sort();
    },
    load(path) {
      if (!staysInTree(path)) throw new ConfigLoadError({ message: `Config '${path}' is outside ${root}: config names may not contain '..'` });
      const file = configFile(path) ?? join(root, fileName(path));
      if (file.endsWith('.toml')) return loadTomlFile(file);
      if (file.endsWith('.json')) return loadJsonFile(file);
      return loadYamlFile(file);
    },
    filePath: configFile,
  };
}

/** `db/mysql` -> `db/mysql.yaml`; a name already ending in `.yaml`/`.yml` is used as is (as Hydra does). */
function fileName(path: string): string {
  return path.endsWith('.yaml') || path.endsWith('.yml') ? path : `${path}.yaml`;
}

/** Configs held in memory, each as YAML text or an already parsed config. */
export function createMemorySource(description: string, files: Readonly<Record<string, string | ParsedYaml>>, opts: { ownedByOrch?: boolean } = {}): ConfigSource {
  const paths = Object.keys(files);
  const groups = new Set<string>(['']);
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) groups.add(parts.slice(0, i).join('/'));
  }
  const under = (group: string, p: string): string | undefined => {
    const prefix = group === '' ? '' : `${group}/`;
    return p.startsWith(prefix) ? p.slice(prefix.length) : undefined;
  };
  return {
    description,
    ownedByOrch: opts.ownedByOrch === true,
    isGroup: (path) => groups.has(path),
    isConfig: (path) => Object.hasOwn(files, path),
    list(group, kind) {
      const names = new Set<string>();
      const pool = kind === 'config' ? paths : [...groups].filter((g) => g !== '');
      for (const p of pool) {
        const rest = under(group, p);
        if (rest !== undefined && rest !== '' && !rest.includes('/')) names.add(rest);
      }
      return [...names].sort();
    },
    load(path) {
      const entry = files[path]!;
      return typeof entry === 'string' ? parseYamlConfig(entry, `${description}/${path}.yaml`) : entry;
    },
  };
}
