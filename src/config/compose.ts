import { isSweep, type Override } from '../overrides/types.js';
import { cloneValue, isContainer, isDict, isList, pyStr, type CfgDict, type CfgList, type CfgValue } from '../value/value.js';
import { childOf, listIndex, splitKey } from './key-path.js';
import { overrideValue } from './override-value.js';
import { createDefaultsList, type DefaultsList, type DefaultsTreeView } from './defaults-list.js';
import { isGroupOverride } from './defaults-overrides.js';
import { mergeInto, MergeError } from './merge.js';
import { applyConfigOverrides } from './apply-overrides.js';
import { checkOverridesForMode, isReservedOverride } from '../overrides/run-mode.js';
import { overrideDirnameOf } from '../overrides/override-dirname.js';
import { ConfigCompositionError } from './errors.js';
import { ORCH_NODE } from './orch-defaults.js';
import { isOrchOwnedOverride } from './orch-owned.js';
import type { ConfigRepository } from './repository.js';
import { createResolverRegistry, resolvePath, type ResolverRegistry } from './interpolation/index.js';
import { MAX_NESTING, NESTING_HINT } from '../value/limits.js';

export type ComposeMode = 'run' | 'multirun';

export interface ComposeOptions {
  configName: string | null;
  overrides: readonly Override[];
  mode: ComposeMode;
  /** `orch.job.name` when the config does not set it (default: the config name, or `orch`). */
  jobName?: string;
  /** `orch.job.num` (0 unless the planner numbers jobs). */
  jobNum?: number;
  /** Resolvers for the few interpolations read while applying overrides (default: the built-ins). */
  resolvers?: ResolverRegistry;
  /** `orch.runtime.cwd` (Hydra's `hydra.runtime.cwd`): the directory orch was started from (default: the working dir). */
  cwd?: string;
}

export interface ComposeResult {
  /**
   * Whole config, reserved `orch` node first, interpolations unresolved. Containers no override
   * touched are shared with a cached base: do not mutate (cloneValue it first).
   */
  config: CfgDict;
  /** Group choices (Hydra's runtime.choices). */
  choices: Map<string, string | null>;
  defaultsTree: DefaultsTreeView;
  warnings: string[];
  /**
   * The config as the project's files compose it (group choices applied, the command line's
   * `key=value` overrides not): what tells a config-held value from a typed one (dir-template.ts). Shared: do not mutate.
   */
  fromFiles: CfgDict;
}

interface BaseEntry {
  list: DefaultsList;
  merged: CfgDict;
  /** `orch.runtime` with the choices filled in, shared by the jobs that do not override it. */
  filledRuntime?: CfgDict;
}

/** Composed bases by repository and group-related overrides: every job with the same choices shares one. */
const baseCache = new WeakMap<ConfigRepository, Map<string, BaseEntry>>();

/** `orch.*` overrides: applied to every job of a sweep as given (the sweeper leaves them out); see orch-owned.ts for what joins a job's identity. */
export function isOrchOverride(o: Override): boolean {
  return isReservedOverride(o, ORCH_NODE);
}

/**
 * Composes one config as Hydra's config loader does: defaults list (group overrides applied), merge
 * in order into `{orch: base, ...}`, config overrides in struct mode, then the run fields of the
 * `orch` node (choices, overrides, override_dirname). In multirun mode sweep overrides are skipped
 * (the planner expands them and composes each job in run mode with concrete overrides).
 */
export function composeConfig(repo: ConfigRepository, options: ComposeOptions): ComposeResult {
  checkOverridesForMode(options.overrides, options.mode);
  const base = composeBase(repo, options);
  // Copy-on-write over the cached base: only containers on an overridden path are copied, so a job
  // that changes three values costs three short path copies, not a copy of the whole config.
  const config: CfgDict = new Map(base.merged);
  const own = createOwner(config);
  const configOverrides = options.overrides.filter((o) => !isSweep(o.value) && !isGroupOverride(repo, o));
  let resolvers: ResolverRegistry | undefined;
  const apply = { resolveAt: (key: string) => resolvePath(config, key, { resolvers: (resolvers ??= options.resolvers ?? createResolverRegistry()) }) };
  for (const o of configOverrides) {
    ownPathOf(own, config, o);
    applyConfigOverrides(config, [o], apply);
  }
  fillOrchNode(repo, config, options, base, own);
  return { config, choices: new Map(base.list.choices), defaultsTree: base.list.tree, warnings: [...base.list.warnings], fromFiles: base.merged };
}

type Owner = (parent: CfgDict | CfgList, key: string) => CfgValue | undefined;

/**
 * `own(parent, key)`: the child at `key`, replaced in `parent` (which must be owned) by a shallow
 * copy the first time it is a container, so it can be mutated without touching the shared base.
 */
function createOwner(root: CfgDict): Owner {
  const owned = new Set<object>([root]);
  return (parent, key) => {
    const child = childOf(parent, key);
    if (!isContainer(child) || owned.has(child)) return child;
    const copy: CfgDict | CfgList = isDict(child) ? new Map(child) : [...child];
    if (isDict(parent)) parent.set(key, copy);
    else parent[listIndex(key)!] = copy;
    owned.add(copy);
    return copy;
  };
}

/**
 * Makes every container an override may mutate owned: the containers along its key path, and the
 * whole node at the key when a dict or list merges into it (merging recurses into it).
 */
function ownPathOf(own: Owner, config: CfgDict, o: Override): void {
  const parts = splitKey(o.key);
  let cur: CfgDict | CfgList = config;
  for (const seg of parts.slice(0, -1)) {
    const next = own(cur, seg);
    if (!isContainer(next)) return;
    cur = next;
  }
  const last = parts[parts.length - 1]!;
  const node = childOf(cur, last);
  if (isContainer(node) && isContainer(o.value === undefined ? undefined : overrideValue(o))) {
    const copy = cloneValue(node);
    if (isDict(cur)) cur.set(last, copy);
    else cur[listIndex(last)!] = copy;
  }
}

/** The job config: everything but the reserved `orch` node (a shallow copy; values are shared). */
export function jobConfigOf(config: CfgDict): CfgDict {
  const out: CfgDict = new Map();
  for (const [k, v] of config) if (k !== ORCH_NODE) out.set(k, v);
  return out;
}

function composeBase(repo: ConfigRepository, options: ComposeOptions): BaseEntry {
  const groupOverrides = options.overrides.filter((o) => isGroupOverride(repo, o));
  // An override's text determines its parsed form, so the texts identify the defaults tree.
  const key = [options.configName ?? '\u0000', options.mode, ...groupOverrides.map((o) => o.input)].join('\u0001');
  let perRepo = baseCache.get(repo);
  if (!perRepo) baseCache.set(repo, (perRepo = new Map()));
  const hit = perRepo.get(key);
  if (hit) return hit;

  checkPrimaryIsDict(repo, options.configName);
  const list = createDefaultsList(repo, { configName: options.configName, overrides: groupOverrides, skipMissing: options.mode === 'multirun' });
  const merged: CfgDict = new Map();
  for (const d of list.defaults) {
    const loaded = repo.loadConfig(d.configPath)!;
    try {
      mergeInto(merged, embed(loaded.content, d.package, d.configPath));
    } catch (e) {
      if (e instanceof MergeError) throw new ConfigCompositionError({ message: `In '${d.configPath}': ${e.message}`, cause: e });
      throw e;
    }
  }
  const entry = { list, merged };
  perRepo.set(key, entry);
  return entry;
}

function checkPrimaryIsDict(repo: ConfigRepository, configName: string | null): void {
  if (configName === null) return;
  const loaded = repo.loadConfig(configName);
  if (loaded && !isDict(loaded.content)) {
    throw new ConfigCompositionError({
      message: `primary config '${configName}' must be a DictConfig, got ListConfig`, hint: `The top level of ${configName}.yaml must be a mapping (key: value), not a list.`,
    });
  }
}

/** Places a config at its package: `db.source` wraps the content as `{db: {source: content}}`. */
function embed(content: CfgDict | CfgList, pkg: string, configPath: string): CfgDict | CfgList {
  if (pkg === '') return content;
  const segments = splitKey(pkg);
  // Each segment is a level of nesting, on top of the file's own (see MAX_NESTING).
  if (segments.length > MAX_NESTING) {
    throw new ConfigCompositionError({ message: `In '${configPath}': the package '${pkg.slice(0, 60)}...' has ${segments.length} segments, more than ${MAX_NESTING} (orch's nesting limit)`, hint: NESTING_HINT });
  }
  let out: CfgDict | CfgList = content;
  for (const seg of segments.reverse()) out = new Map([[seg, out]]);
  return out;
}

function fillOrchNode(repo: ConfigRepository, config: CfgDict, options: ComposeOptions, base: BaseEntry, own: Owner): void {
  const orch = ownedDict(config, ORCH_NODE, own);
  const job = ownedDict(orch, 'job', own);
  const overrides = ownedDict(orch, 'overrides', own);
  const ownedByOrch = options.overrides.map((o) => isOrchOwnedOverride(repo, o));
  const appOverrides = options.overrides.filter((_, i) => !ownedByOrch[i]);
  overrides.set('orch', options.overrides.filter((_, i) => ownedByOrch[i]).map((o) => asWritten(o.input)));
  overrides.set('task', appOverrides.map((o) => asWritten(o.input)));
  fillChoices(orch, base, own);
  ownedDict(orch, 'runtime', own).set('cwd', options.cwd ?? process.cwd());
  if (job.get('name') === null || job.get('name') === undefined) job.set('name', options.jobName ?? options.configName ?? 'orch');
  if (options.jobNum !== undefined) job.set('num', options.jobNum);
  job.set('config_name', options.configName);
  const dirnameCfg = readDict(readDict(job, 'config', own), 'override_dirname', own);
  job.set(
    'override_dirname',
    asWritten(overrideDirnameOf(appOverrides, new Set(asStrings(dirnameCfg.get('exclude_keys'))), pyStr(dirnameCfg.get('kv_sep') ?? '='), pyStr(dirnameCfg.get('item_sep') ?? ','))),
  );
}

/**
 * Override text escaped so resolving the `orch` node keeps it as typed: `+ckpt=${orch:runtime.output_dir}`
 * must not be resolved (it would be circular) nor `lr=${optim.lr}` shown as `lr=0.1`.
 */
function asWritten(text: string): string {
  return text.includes('${') ? text.replace(/(\\*)\$\{/g, (_, bs: string) => `${bs}${bs}\\\${`) : text;
}

/** The text an `asWritten` value stands for (what resolving it gives). */
export function typedText(written: string): string {
  return written.includes('${') ? written.replace(/(\\+)\$\{/g, (_, bs: string) => `${'\\'.repeat((bs.length - 1) / 2)}\${`) : written;
}

/**
 * `orch.runtime.choices` gets the group choices. Jobs of one base whose overrides leave
 * `orch.runtime` alone share one filled copy (never mutated after it is made).
 */
function fillChoices(orch: CfgDict, base: BaseEntry, own: Owner): void {
  const baseOrch = base.merged.get(ORCH_NODE);
  const baseRuntime = isDict(baseOrch) ? baseOrch.get('runtime') : undefined;
  const untouched = isDict(baseRuntime) && orch.get('runtime') === baseRuntime;
  if (untouched && base.filledRuntime) {
    orch.set('runtime', base.filledRuntime);
    return;
  }
  const runtime = ownedDict(orch, 'runtime', own);
  const runtimeChoices = ownedDict(runtime, 'choices', own);
  for (const [k, v] of base.list.choices) runtimeChoices.set(k, v);
  if (untouched) base.filledRuntime = runtime;
}

/** The dict at `key` for reading: shared when present; created (parent owned) when absent. */
function readDict(parent: CfgDict, key: string, own: Owner): CfgDict {
  const v = parent.get(key);
  return isDict(v) ? v : ownedDict(parent, key, own);
}

/** The dict at `key` of an owned `parent`, owned; a fresh one when absent or not a dict. */
function ownedDict(parent: CfgDict, key: string, own: Owner): CfgDict {
  const v = own(parent, key);
  if (isDict(v)) return v;
  const fresh: CfgDict = new Map();
  parent.set(key, fresh);
  return fresh;
}

function asStrings(v: CfgValue | undefined): string[] {
  return isList(v) ? v.map((x) => pyStr(x)) : [];
}
