import type { Override } from '../overrides/types.js';
import { ConfigDefault, GroupDefault, VirtualRoot, type InputDefault } from './default-element.js';
import { DefaultsOverrides } from './defaults-overrides.js';
import { expandTree, isTreeNode, type TreeNode } from './defaults-tree.js';
import type { ConfigRepository } from './repository.js';
import { ConfigCompositionError } from './errors.js';
import { EMPTY_PRIMARY_CONFIG } from './builtin.js';
import { ORCH_BASE_CONFIG_PATH } from './orch-defaults.js';

/** One config to merge, in order, and where it goes. */
export interface ResultDefault {
  configPath: string;
  /** Target package: `''` is the root, `db.source` a nested node. */
  package: string;
  parent: string | null;
  isSelf: boolean;
  primary: boolean;
  /** Group override key (`db`, `db@source`) for group options. */
  overrideKey?: string;
}

/** A serialisable view of the defaults tree (for `--info`). */
export interface DefaultsTreeView {
  config: string;
  package: string;
  children?: DefaultsTreeView[];
}

export interface DefaultsList {
  defaults: ResultDefault[];
  tree: DefaultsTreeView;
  /** Overrides that are not about config groups: applied to the merged config. */
  configOverrides: Override[];
  /** Final choice of every config group in the tree (Hydra's runtime.choices), in visit order. */
  choices: Map<string, string | null>;
  warnings: string[];
}

export interface DefaultsListOptions {
  configName: string | null;
  overrides: readonly Override[];
  /** Skip groups whose choice is `???` (multirun's first composition). */
  skipMissing: boolean;
  /** Put orch's base config (the reserved node) first, as Hydra does with hydra/config. */
  withOrch?: boolean;
}

export function createDefaultsList(repo: ConfigRepository, options: DefaultsListOptions): DefaultsList {
  const first = buildDefaultsList(repo, options, new DefaultsOverrides(repo, options.overrides));
  const appended = first.overrides.orchGroupsToAppend(repo);
  if (appended.length === 0) return finish(first);
  // Built again with those groups right after orch's base config, where Hydra's hydra/config brings
  // its sweeper: before the primary config, so the project's own `orch.sweeper.*` values win (rare:
  // only a config or command line that overrides an orch group pays for a second pass).
  const again = new DefaultsOverrides(repo, options.overrides, new Set(appended.map((d) => d.overrideKey())));
  return finish(buildDefaultsList(repo, options, again, appended));
}

/** Orch's own group options (`+sweeper=tpe` and `override /sweeper: tpe` alike) follow its base config. */
function orchChildren(overrides: DefaultsOverrides, extra: readonly GroupDefault[]): InputDefault[] {
  return [new ConfigDefault(ORCH_BASE_CONFIG_PATH), ...overrides.orchGroupDefaults, ...extra];
}

function finish({ overrides, defaults, tree, warnings }: ReturnType<typeof buildDefaultsList>): DefaultsList {
  ensureNoDuplicates(defaults);
  overrides.ensureOverridesUsed();
  overrides.ensureDeletionsUsed();
  return { defaults, tree: viewOf(tree), configOverrides: overrides.configOverrides, choices: overrides.knownChoices, warnings };
}

function buildDefaultsList(repo: ConfigRepository, options: DefaultsListOptions, overrides: DefaultsOverrides, orchGroups: readonly GroupDefault[] = []) {
  const primary = new ConfigDefault(options.configName ?? EMPTY_PRIMARY_CONFIG);
  primary.primary = true;
  // Without orch's base config there is no place before the primary: they are appended to it.
  if (options.withOrch === false) overrides.appendGroupDefaults.push(...overrides.orchGroupDefaults.splice(0), ...orchGroups);
  const root: TreeNode =
    options.withOrch === false ? { node: primary } : { node: new VirtualRoot(), children: [...orchChildren(overrides, orchGroups), primary] };
  const warnings: string[] = [];
  const tree = expandTree({ repo, overrides, skipMissing: options.skipMissing, warnings }, root, true);
  return { overrides, defaults: treeToList(tree), tree, warnings };
}

function resultOf(tree: TreeNode | undefined, node: InputDefault): ResultDefault | undefined {
  if (node instanceof VirtualRoot || node.name() === null) return undefined;
  let res: ResultDefault;
  if (node.isSelf()) {
    const owner = tree!.node;
    const pn = tree!.parent?.node;
    res = {
      configPath: owner.configPath(),
      isSelf: true,
      parent: pn && !(pn instanceof VirtualRoot) ? pn.configPath() : null,
      package: owner.finalPackage(),
      primary: owner.primary,
    };
  } else {
    res = {
      configPath: node.configPath(),
      isSelf: false,
      parent: tree && !(tree.node instanceof VirtualRoot) ? tree.node.configPath() : null,
      package: node.finalPackage(),
      primary: node.primary,
    };
    if (node instanceof GroupDefault) res.overrideKey = node.overrideKey();
  }
  return res.configPath === EMPTY_PRIMARY_CONFIG ? undefined : res;
}

function treeToList(tree: TreeNode): ResultDefault[] {
  const out: ResultDefault[] = [];
  const visit = (parent: TreeNode | undefined, node: InputDefault): void => {
    if (node.deleted || node.isMissing()) return;
    const r = resultOf(parent, node);
    if (r) out.push(r);
  };
  const walk = (t: TreeNode): void => {
    if (!t.children || t.children.length === 0) return visit(t.parent, t.node);
    for (const c of t.children) {
      if (isTreeNode(c)) walk(c);
      else visit(t, c);
    }
  };
  walk(tree);
  return out;
}

function ensureNoDuplicates(list: ResultDefault[]): void {
  const seen = new Set<string>();
  for (const item of list) {
    if (item.isSelf || item.overrideKey === undefined) continue;
    if (seen.has(item.overrideKey)) {
      throw new ConfigCompositionError({ message: `${item.overrideKey} appears more than once in the final defaults list` });
    }
    seen.add(item.overrideKey);
  }
}

function viewOf(t: TreeNode): DefaultsTreeView {
  const label = (n: InputDefault): DefaultsTreeView => ({
    config: n instanceof VirtualRoot ? '<root>' : n.isSelf() ? '_self_' : n.name() === null ? `${n.configPath()}` : n.configPath(),
    package: n instanceof VirtualRoot || n.isSelf() ? '' : n.finalPackage(),
  });
  const view = label(t.node);
  if (t.children) view.children = t.children.map((c) => (isTreeNode(c) ? viewOf(c) : label(c)));
  return view;
}
