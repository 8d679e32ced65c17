import { createDefaultsList, type ResultDefault } from '../config/defaults-list.js';
import { isGroupOverride } from '../config/defaults-overrides.js';
import { ORCH_BASE_CONFIG_PATH, ORCH_NODE } from '../config/orch-defaults.js';
import type { ConfigRepository } from '../config/repository.js';
import type { Override } from '../overrides/types.js';
import { mergeSchemas } from './parse-schema.js';
import type { SchemaStore } from './schema-files.js';
import type { SchemaNode } from './types.js';

/** A schema and the node of the job config it describes (`''` = the root). */
export interface PlacedSchema {
  package: string;
  schema: SchemaNode;
}

/** What validation needs from a defaults list: the schemas in place, and every package (for nested groups). */
export interface JobSchemas {
  placed: PlacedSchema[];
  defaults: ResultDefault[];
  /** Child keys of a node that other configs of the list own (a nested group under a schema'd node). */
  ownedChildren(pkg: string): string[];
}

/**
 * The schemas that apply to a job: one per config of its defaults list that has one, placed at that
 * config's package (so `model@encoder=net2` is checked at `encoder`, a `_global_` option at the root).
 * Several schemas on one package are merged in defaults-list order.
 */
export function jobSchemas(repo: ConfigRepository, store: SchemaStore, configName: string | null, groupOverrides: readonly Override[]): JobSchemas {
  const list = createDefaultsList(repo, { configName, overrides: groupOverrides, skipMissing: false });
  const defaults = list.defaults.filter((d) => d.configPath !== ORCH_BASE_CONFIG_PATH && !isOrchPackage(d.package));
  const byPackage = new Map<string, SchemaNode>();
  for (const d of defaults) {
    const schema = store.forConfig(d.configPath);
    if (!schema) continue;
    const prior = byPackage.get(d.package);
    byPackage.set(d.package, prior ? mergeSchemas(prior, schema) : schema);
  }
  const packages = defaults.map((d) => d.package);
  const owned = new Map<string, string[]>();
  return {
    placed: [...byPackage].map(([pkg, schema]) => ({ package: pkg, schema })),
    defaults,
    ownedChildren(pkg) {
      let v = owned.get(pkg);
      if (v === undefined) {
        const prefix = pkg === '' ? '' : `${pkg}.`;
        v = [...new Set(packages.filter((p) => p.startsWith(prefix) && p !== pkg).map((p) => p.slice(prefix.length).split('.')[0]!))];
        owned.set(pkg, v);
      }
      return v;
    },
  };
}

export function groupOverridesOf(repo: ConfigRepository, overrides: readonly Override[]): Override[] {
  return overrides.filter((o) => isGroupOverride(repo, o));
}

function isOrchPackage(pkg: string): boolean {
  return pkg === ORCH_NODE || pkg.startsWith(`${ORCH_NODE}.`);
}
