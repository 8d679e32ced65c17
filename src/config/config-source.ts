import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadYamlFile, parseYamlConfig, type ParsedYaml } from './yaml-loader.js';

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
}

export function createFileSource(dir: string): ConfigSource {
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
  return {
    description: `file://${root}`,
    isGroup: (path) => isDir(join(root, path)),
    isConfig: (path) => isFile(join(root, fileName(path))),
    list(group, kind) {
      const dir = join(root, group);
      if (!isDir(dir)) return [];
      const names: string[] = [];
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (kind === 'group' && entry.isDirectory() && entry.name !== '__pycache__') names.push(entry.name);
        if (kind === 'config' && entry.isFile() && entry.name.endsWith('.yaml')) names.push(entry.name.slice(0, -5));
      }
      return names.sort();
    },
    load: (path) => loadYamlFile(join(root, fileName(path))),
  };
}

/** `db/mysql` -> `db/mysql.yaml`; a name already ending in `.yaml`/`.yml` is used as is (as Hydra does). */
function fileName(path: string): string {
  return path.endsWith('.yaml') || path.endsWith('.yml') ? path : `${path}.yaml`;
}

/** Configs held in memory, each as YAML text or an already parsed config. */
export function createMemorySource(description: string, files: Readonly<Record<string, string | ParsedYaml>>): ConfigSource {
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
