import { ConfigDefault, GroupDefault, InputDefault, VirtualRoot } from './default-element.js';
import { createElement } from './defaults-syntax.js';
import type { DefaultsOverrides } from './defaults-overrides.js';
import type { ConfigRepository } from './repository.js';
import { ConfigCompositionError, ConfigNameError, MissingConfigError, availableOptionsText } from './errors.js';
import { checkPrimaryConfigName, nameProblem } from './config-name.js';

/**
 * The defaults tree (Hydra 1.3 defaults_list.py): each config's defaults list expanded recursively.
 * Children are visited last-to-first, so `override` entries of later configs (an appended
 * experiment) are registered before the defaults they override are visited.
 */
export interface TreeNode {
  node: InputDefault;
  children?: Array<TreeNode | InputDefault>;
  parent?: TreeNode;
}

export interface TreeContext {
  repo: ConfigRepository;
  overrides: DefaultsOverrides;
  /** Multirun's first composition: a group left as `???` is skipped instead of failing. */
  skipMissing: boolean;
  warnings: string[];
}

export function isTreeNode(x: TreeNode | InputDefault): x is TreeNode {
  return !(x instanceof InputDefault);
}

export function expandTree(ctx: TreeContext, root: TreeNode, isRootConfig: boolean, interpolatedSubtree = false): TreeNode {
  const parent = root.node;
  if (parent instanceof VirtualRoot) return isRootConfig ? expandVirtualRoot(ctx, root) : root;
  checkName(ctx, root);
  if (isRootConfig) {
    parent.updateParent('', '');
    if (!ctx.repo.configExists(parent.configPath())) configNotFound(ctx, root);
  }
  checkCycle(root);
  if (!parent.isMissing() && parent.name() !== null) {
    const header = ctx.repo.loadConfig(parent.configPath())?.packageHeader ?? null;
    if (header !== null && /_group_|_name_/.test(header)) ctx.warnings.push(legacyHeaderWarning(parent.configPath(), header));
    parent.setPackageHeader(header);
  }
  if (ctx.overrides.isDeleted(parent)) {
    ctx.overrides.delete(parent);
    return root;
  }
  ctx.overrides.setKnownChoice(parent);
  if (parent.name() === null) return root;
  if (parent.isMissing()) {
    if (ctx.skipMissing) return root;
    mandatoryChoiceError(ctx, parent);
  }
  const path = parent.configPath();
  const loaded = ctx.repo.loadConfig(path);
  if (loaded === null) {
    if (parent.isOptional()) {
      parent.deleted = true;
      return root;
    }
    configNotFound(ctx, root);
  }
  const defaults = (loaded.defaults ?? []).map(createElement);
  let selfAdded = false;
  if (defaults.length > 0 || (isRootConfig && ctx.overrides.appendGroupDefaults.length > 0)) {
    selfAdded = validateSelf(ctx, parent, defaults, hasConfigContent(loaded.content));
  }
  if (isRootConfig) defaults.push(...ctx.overrides.appendGroupDefaults);
  registerOverrides(ctx, defaults, parent, interpolatedSubtree);

  const children: Array<TreeNode | InputDefault> = [];
  const addChild = (node: InputDefault): void => {
    const sub = expandTree(ctx, { node, parent: root }, false, interpolatedSubtree);
    children.push(sub.children === undefined ? node : sub);
  };
  for (const d of [...defaults].reverse()) {
    if (d.isSelf()) {
      d.updateParent(root.node.parentBaseDir ?? '', root.node.getPackage() ?? '');
      children.push(d);
      continue;
    }
    if (d.isOverride()) continue;
    d.updateParent(parent.groupPath(), parent.finalPackage());
    if (ctx.overrides.isOverridden(d)) ctx.overrides.overrideDefaultOption(d as GroupDefault);
    if (d instanceof GroupDefault && d.isOptions()) {
      for (const item of [...d.options()].reverse()) {
        if (item.includes('${')) throw new ConfigCompositionError({ message: `In '${path}': Defaults List interpolation is not supported in options list items` });
        const node = new ConfigDefault(`${d.group}/${item}`, d.package, d.isOptional());
        node.updateParent(parent.groupPath(), parent.finalPackage());
        addChild(node);
      }
    } else if (d.isInterpolation()) {
      children.push(d);
    } else {
      addChild(d);
    }
  }

  // Interpolated choices (`db_${server}`) are resolved once every sibling's choice is known.
  const known = interpolationMap(ctx, defaults, selfAdded);
  children.forEach((child, idx) => {
    if (isTreeNode(child) || !child.isInterpolation()) return;
    child.resolveInterpolation(known);
    child.updateParent(parent.groupPath(), parent.finalPackage());
    const sub = expandTree(ctx, { node: child, parent: root }, false, true);
    if (sub.children !== undefined) children[idx] = sub;
  });
  if (children.length > 0) root.children = children.reverse();
  return root;
}

function expandVirtualRoot(ctx: TreeContext, root: TreeNode): TreeNode {
  const children: Array<TreeNode | InputDefault> = [];
  for (const d of [...(root.children ?? [])].reverse()) {
    const node = d as InputDefault;
    const sub: TreeNode = { node, parent: root };
    node.updateParent('', '');
    const expanded = expandTree(ctx, sub, node.primary);
    children.push(expanded.children === undefined ? node : expanded);
  }
  if (children.length > 0) root.children = children.reverse();
  return root;
}

function checkCycle(root: TreeNode): void {
  const path = root.node.configPath();
  const chain = [path];
  for (let p = root.parent; p && !(p.node instanceof VirtualRoot); p = p.parent) {
    chain.unshift(p.node.configPath());
    if (p.node.configPath() === path) {
      throw new ConfigCompositionError({
        message: `Circular reference in defaults lists: ${chain.join(' -> ')}`, hint: `'${path}' includes itself through its defaults list; remove one of the links.`,
      });
    }
  }
}

function validateSelf(ctx: TreeContext, containing: InputDefault, defaults: InputDefault[], hasContent: boolean): boolean {
  let hasSelf = false;
  let hasNonOverride = false;
  for (const d of defaults) {
    if (!d.isOverride()) hasNonOverride = true;
    if (d.isSelf()) {
      if (hasSelf) throw new ConfigCompositionError({ message: `Duplicate _self_ defined in ${containing.configPath()}` });
      hasSelf = true;
    }
  }
  if ((!hasSelf && hasNonOverride) || defaults.length === 0) {
    if (containing.primary && hasContent && hasNonOverride) {
      ctx.warnings.push(
        `In '${containing.configPath()}': Defaults list is missing \`_self_\`. The config's own values are merged after its defaults (Hydra 1.1+ order); add \`- _self_\` to make the order explicit.`,
      );
    }
    defaults.push(new ConfigDefault('_self_'));
  }
  return !hasSelf;
}

function registerOverrides(ctx: TreeContext, defaults: InputDefault[], parent: InputDefault, interpolatedSubtree: boolean): void {
  let lastOverride: GroupDefault | undefined;
  for (const d of defaults) {
    if (d.isSelf()) continue;
    d.updateParent(parent.groupPath(), parent.finalPackage());
    if (lastOverride && !(d.isOverride() || d.isExternalAppend())) {
      throw new ConfigCompositionError({
        message: `In ${parent.configPath()}: Override '${lastOverride.overrideKey()} : ${lastOverride.name()}' is defined before '${d.overrideKey()}: ${d.name()}'.\nOverrides must be at the end of the defaults list`,
      });
    }
    if (d instanceof GroupDefault && d.override) {
      checkName(ctx, { node: d, parent: { node: parent } });
      lastOverride = d;
      if (interpolatedSubtree) {
        throw new ConfigCompositionError({
          message: `${parent.configPath()}: Default List Overrides are not allowed in the subtree of an interpolated config group (override ${d.overrideKey()}=${d.name()}).`,
        });
      }
      ctx.overrides.addOverride(parent.configPath(), d);
    }
  }
}

function hasConfigContent(content: unknown): boolean {
  return content instanceof Map && [...content].some(([k, v]) => k !== 'defaults' && v !== '???');
}

function interpolationMap(ctx: TreeContext, defaults: InputDefault[], selfAdded: boolean): Map<string, string | null> {
  void defaults;
  void selfAdded;
  // Hydra also exposes the raw `defaults` list here; only group choices can be referenced by `${...}`.
  return new Map(ctx.overrides.knownChoices);
}

function mandatoryChoiceError(ctx: TreeContext, d: InputDefault): never {
  if (!(d instanceof GroupDefault)) throw new ConfigCompositionError({ message: `Missing ConfigDefault is not supported: ${d.configPath()}` });
  const key = d.overrideKey();
  const options = ctx.repo.groupOptions(d.groupPath());
  throw new ConfigCompositionError({
    message: `You must specify '${key}', e.g, ${key}=<OPTION>\nAvailable options:\n${options.map((o) => `\t${o}`).join('\n')}`,
  });
}

/** A defaults entry (or the primary config) that names a path out of the config tree. */
function checkName(ctx: TreeContext, tree: TreeNode): void {
  const el = tree.node;
  const parent = tree.parent && !(tree.parent.node instanceof VirtualRoot) ? tree.parent.node : undefined;
  const where = parent ? `In '${parent.configPath()}'` : 'Primary config';
  if (el instanceof GroupDefault) {
    const name = el.name();
    const problem = name === null ? undefined : nameProblem(name);
    if (name === null || problem === undefined) return;
    const group = el.groupPath();
    throw new ConfigNameError({ where: `${where}, defaults entry '${el.override ? 'override ' : ''}${el.relativeOverrideKey()}: ${name}'`, what: `an option of group '${group}'`, name, problem, group, options: ctx.repo.groupOptions(group) });
  }
  if (!(el instanceof ConfigDefault) || el.isSelf()) return;
  if (el.primary) return checkPrimaryConfigName(ctx.repo, el.path);
  // A defaults entry may be absolute within the tree (`- /db/mysql`).
  const problem = nameProblem(el.path.replace(/^\/+/, ''));
  if (problem === undefined) return;
  throw new ConfigNameError({ where: `${where}, defaults entry '${el.path}'`, what: 'a config of the tree', name: el.path, problem, group: null, options: [] });
}

function configNotFound(ctx: TreeContext, tree: TreeNode): never {
  const el = tree.node;
  const search = `\nConfig search path:\n${ctx.repo.sources.map((s) => `\t${s.description}`).join('\n')}`;
  if (el.primary) {
    const options = ctx.repo.groupOptions('');
    const msg = `Cannot find primary config '${el.configPath()}'. Check that it's in your config search path.`;
    throw new MissingConfigError({ message: `${msg}\n\n${availableOptionsText('', options)}${search}`, missing: el.configPath(), options });
  }
  const parent = tree.parent && !(tree.parent.node instanceof VirtualRoot) ? tree.parent.node : undefined;
  const prefix = parent ? `In '${parent.configPath()}': ` : '';
  if (el instanceof GroupDefault) {
    const group = el.groupPath();
    const options = ctx.repo.groupOptions(group);
    let msg = `${prefix}Could not find '${el.configPath()}'\n`;
    if (options.length > 0) msg += `\n${availableOptionsText(group, options)}`;
    throw new MissingConfigError({ message: msg + search, missing: el.configPath(), options });
  }
  throw new MissingConfigError({ message: `${prefix}Could not load '${el.configPath()}'.\n${search}`, missing: el.configPath() });
}

/**
 * orch follows Hydra's version_base 1.2+, where `_group_` / `_name_` in a package header are literal
 * keys; a tree written for Hydra 1.0/1.1 (no version_base, mbrl-lib) meant the group's package, and
 * would otherwise compose a silent `_group_` node that only fails later, far from its cause.
 */
function legacyHeaderWarning(path: string, header: string): string {
  return `In '${path}': '# @package ${header}' is read as Hydra 1.2+ reads it, '_group_'/'_name_' as literal keys; `
    + `without version_base (Hydra 1.1 semantics) it meant the group's package. Remove the header to get that package (it is the default).`;
}
