import { createDefaultsList } from '../config/defaults-list.js';
import { ORCH_BASE_CONFIG_PATH, ORCH_NODE } from '../config/orch-defaults.js';
import { isDict, type CfgDict, type CfgValue } from '../value/value.js';
import type { ConfigRepository } from '../config/repository.js';
import { inferSchema } from './infer.js';
import { toJsonSchema } from './json-schema.js';
import type { SchemaStore } from './schema-files.js';
import type { SchemaNode } from './types.js';

/** One config of a task's tree: a group with all its options, or a config that is not a group option. */
export interface TreeEntry {
  /** Where its content goes in the job config (`''` = the root). */
  package: string;
  /** `model`, or null for the primary config and other non-group configs. */
  group: string | null;
  /** The option the task uses by default (the config path itself for a non-group config). */
  selected: string | null;
  options: TreeOption[];
}

export interface TreeOption {
  name: string;
  configPath: string;
  content: CfgDict;
  /** Its schema file(s) merged, or a schema inferred from its values when it has none. */
  schema: SchemaNode;
}

/**
 * The configs a task is made of (its default defaults list), each group with every option it could
 * select instead: what `--help`, `orch schema` and `orch types` describe. Groups the default
 * composition leaves out (e.g. `+experiment=...`) are not part of it.
 */
export function taskTree(repo: ConfigRepository, store: SchemaStore, configName: string | null): TreeEntry[] {
  const list = createDefaultsList(repo, { configName, overrides: [], skipMissing: true });
  const out: TreeEntry[] = [];
  for (const d of list.defaults) {
    if (d.configPath === ORCH_BASE_CONFIG_PATH || d.package === ORCH_NODE || d.package.startsWith(`${ORCH_NODE}.`)) continue;
    const group = d.overrideKey === undefined ? null : d.overrideKey.split('@')[0]!;
    const paths = group === null ? [d.configPath] : repo.groupOptions(group).map((o) => `${group}/${o}`);
    const options = paths.map((configPath) => optionOf(repo, store, configPath));
    const selected = group === null ? d.configPath : d.configPath.slice(group.length + 1);
    out.push({ package: d.package, group, selected, options });
  }
  return out;
}

function optionOf(repo: ConfigRepository, store: SchemaStore, configPath: string): TreeOption {
  const loaded = repo.loadConfig(configPath);
  const content: CfgDict = loaded && isDict(loaded.content) ? loaded.content : new Map();
  const file = repo.sources.find((s) => s.isConfig(configPath))?.filePath?.(configPath) ?? configPath;
  const schema = store.forConfig(configPath) ?? inferSchema(content, { file: store.display(file), path: '' });
  return { name: configPath.slice(configPath.lastIndexOf('/') + 1), configPath, content, schema };
}

/**
 * One schema for the whole job config: each entry's options placed at its package (a group whose
 * options differ becomes `anyOf`), the keys a config holds marked required (they are always there).
 */
export function jobConfigSchema(entries: readonly TreeEntry[], origin: { file: string; path: string }): SchemaNode {
  const root: SchemaNode = { types: ['object'], properties: new Map(), additionalProperties: false, origin, required: [] };
  for (const e of entries) {
    const variants = distinct(e.options.map((o) => withPresentKeysRequired(o.schema, o.content)));
    const node: SchemaNode = variants.length === 1
      ? variants[0]!
      : { types: ['object'], anyOf: variants, additionalProperties: true, origin: variants[0]!.origin, description: groupDescription(e) };
    place(root, e.package, node);
  }
  return root;
}

/** Options with the same schema are one variant (a group of look-alike options is not a union). */
export function distinct(schemas: SchemaNode[]): SchemaNode[] {
  const seen = new Map<string, SchemaNode>();
  for (const s of schemas) {
    const key = JSON.stringify(toJsonSchema(s));
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.values()];
}

function groupDescription(e: TreeEntry): string {
  const first = e.options.find((o) => o.schema.description)?.schema.description;
  const opts = `Options of '${e.group}': ${e.options.map((o) => o.name).join(', ')}.`;
  return first ? `${first} ${opts}` : opts;
}

function place(root: SchemaNode, pkg: string, node: SchemaNode): void {
  if (pkg === '') {
    for (const [k, v] of node.properties ?? []) root.properties!.set(k, v);
    root.required = [...new Set([...(root.required ?? []), ...(node.required ?? [])])];
    if (!root.description && node.description) root.description = node.description;
    return;
  }
  const segs = pkg.split('.');
  let parent = root;
  for (const seg of segs.slice(0, -1)) {
    let child = parent.properties!.get(seg);
    if (!child || !child.properties) {
      child = { types: ['object'], properties: new Map(), additionalProperties: false, required: [], origin: root.origin };
      parent.properties!.set(seg, child);
      parent.required = [...new Set([...(parent.required ?? []), seg])];
    }
    parent = child;
  }
  const last = segs[segs.length - 1]!;
  const prior = parent.properties!.get(last);
  // A nested group placed under a node another config already described: keep both.
  parent.properties!.set(last, prior?.properties && node.properties ? { ...prior, properties: new Map([...prior.properties, ...node.properties]) } : node);
  parent.required = [...new Set([...(parent.required ?? []), last])];
}

/** A schema whose `required` also lists the keys this config holds, recursively. */
function withPresentKeysRequired(schema: SchemaNode, content: CfgValue | undefined): SchemaNode {
  if (!schema.properties || !isDict(content)) return schema;
  const properties = new Map([...schema.properties].map(([k, s]) => [k, withPresentKeysRequired(s, content.get(k))]));
  const required = [...new Set([...(schema.required ?? []), ...[...schema.properties.keys()].filter((k) => content.has(k))])];
  return { ...schema, properties, required };
}
