import { existsSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { loadYamlFile } from '../config/yaml-loader.js';
import { isDict, type CfgDict, type CfgValue } from '../value/value.js';
import type { ConfigRepository } from '../config/repository.js';
import { mergeSchemas, parseSchema } from './parse-schema.js';
import { SchemaDefinitionError } from './errors.js';
import { lineOfKey } from './locate.js';
import type { SchemaNode } from './types.js';

/** The group schema file and the option schema file of a config path (either may be absent). */
export const GROUP_SCHEMA = '_schema.yaml';
export const optionSchemaName = (option: string): string => `${option}.schema.yaml`;

/**
 * Schemas of a repository, read on first use and cached with it: composing a job only reads the
 * schema files of the configs in its defaults list, so a tree full of schemas costs a few `stat`s
 * per composition, not a parse of every file.
 */
export interface SchemaStore {
  /** Effective schema of one config (group schema merged with the option's), null when it has none. */
  forConfig(configPath: string): SchemaNode | null;
  /** The file a schema or config path is shown as in messages (relative to the cwd when inside it). */
  display(file: string): string;
}

const stores = new WeakMap<ConfigRepository, SchemaStore>();

export function schemaStoreOf(repo: ConfigRepository): SchemaStore {
  let store = stores.get(repo);
  if (!store) stores.set(repo, (store = createSchemaStore(repo)));
  return store;
}

export function createSchemaStore(repo: ConfigRepository, cwd = process.cwd()): SchemaStore {
  const files = new Map<string, SchemaNode | null>();
  const configs = new Map<string, SchemaNode | null>();
  const display = (file: string) => {
    const rel = relative(cwd, file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  };
  const loadFile = (relPath: string): SchemaNode | null => {
    if (files.has(relPath)) return files.get(relPath)!;
    const dir = repo.sources.map((s) => s.dir).find((d) => d !== undefined && existsSync(join(d, relPath)));
    let node: SchemaNode | null = null;
    if (dir !== undefined) {
      const file = join(dir, relPath);
      node = parseSchema(loadYamlFile(file, display(file)).content, display(file), file);
    }
    files.set(relPath, node);
    return node;
  };
  return {
    display,
    forConfig(configPath) {
      if (configs.has(configPath)) return configs.get(configPath)!;
      const cut = configPath.lastIndexOf('/');
      const group = cut < 0 ? '' : configPath.slice(0, cut);
      const option = configPath.slice(cut + 1).replace(/\.ya?ml$/, '');
      const prefix = group ? `${group}/` : '';
      const groupSchema = group ? loadFile(prefix + GROUP_SCHEMA) : null;
      const optionSchema = loadFile(prefix + optionSchemaName(option));
      if (groupSchema) {
        // Most group-schema keys are in the option at hand; only when one is not are the other
        // options read (a cold compose must not parse every option of every group).
        try {
          checkDeclaredKeys(repo, groupSchema, [configPath]);
        } catch (err) {
          if (!(err instanceof SchemaDefinitionError)) throw err;
          checkDeclaredKeys(repo, groupSchema, repo.groupOptions(group).map((o) => `${prefix}${o}`));
        }
      }
      if (optionSchema) checkDeclaredKeys(repo, optionSchema, [configPath]);
      const node = groupSchema && optionSchema ? mergeSchemas(groupSchema, optionSchema) : (groupSchema ?? optionSchema);
      configs.set(configPath, node);
      return node;
    },
  };
}

/**
 * A schema key that no config of its group (or no key of its option) has is an error: it is a typo
 * or a leftover, and checking it against every job would only hide the real key.
 */
function checkDeclaredKeys(repo: ConfigRepository, schema: SchemaNode, configPaths: string[]): void {
  const contents = configPaths.map((p) => repo.loadConfig(p)?.content).filter((c): c is CfgDict => isDict(c));
  walk(schema, contents, []);
  function walk(node: SchemaNode, values: CfgValue[], path: string[]): void {
    for (const [key, child] of node.properties ?? []) {
      const present = values.filter((v): v is CfgDict => isDict(v) && v.has(key)).map((v) => v.get(key)!);
      if (present.length === 0) {
        const where = configPaths.length === 1 ? `config '${configPaths[0]}'` : `any config of its group (${configPaths.join(', ')})`;
        const schemaPath = ['properties', ...path.flatMap((p) => [p, 'properties']), key];
        throw new SchemaDefinitionError({
          file: node.origin.file, path: schemaPath.join('.'),
          problem: `key '${[...path, key].join('.')}' is not in ${where}`,
          line: lineOfKey(node.origin.readPath ?? node.origin.file, schemaPath),
          hint: 'Remove it from the schema, or add it to the config files (schemas describe keys; they do not add them).',
        });
      }
      if (child.properties && present.some(isDict)) walk(child, present, [...path, key]);
    }
  }
}
