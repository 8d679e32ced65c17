import { isSweep, type Override } from '../overrides/types.js';
import { pyRepr } from '../value/value.js';
import { GroupDefault, type InputDefault } from './default-element.js';
import { ConfigCompositionError, ConfigNameError } from './errors.js';
import { nameProblem } from './config-name.js';
import { overrideKeyElement, pyTypeName } from './override-value.js';
import type { ConfigRepository } from './repository.js';

interface OverrideMeta {
  external: boolean;
  containingConfigPath?: string;
  used: boolean;
}

/**
 * Command-line overrides split as Hydra's defaults list sees them (defaults_list.py `Overrides`):
 * group choices (`db=x`, `db@pkg=x`), appended groups (`+db=x`), deleted groups (`~db`), and the
 * rest, which are config value overrides applied after merging. Also tracks every group choice
 * seen while the defaults tree is built (`knownChoices`, Hydra's runtime.choices).
 * Sweep overrides are skipped: they are expanded before each job is composed.
 */
export class DefaultsOverrides {
  readonly choices = new Map<string, string | string[] | null>();
  private readonly meta = new Map<string, OverrideMeta>();
  readonly appendGroupDefaults: GroupDefault[] = [];
  /** Appended options of orch's own groups, placed right after orch's base config (defaults-list.ts). */
  readonly orchGroupDefaults: GroupDefault[] = [];
  readonly configOverrides: Override[] = [];
  readonly knownChoices = new Map<string, string | null>();
  private readonly knownChoicesPerGroup = new Map<string, Set<string>>();
  private readonly deletions = new Map<string, { name: string | null; used: boolean }>();

  /**
   * `appendInstead`: override keys of orch's own groups to append rather than override (see
   * `orchGroupsToAppend`); their `override` entries in config files are then already taken.
   */
  constructor(repo: ConfigRepository, overrides: readonly Override[], private readonly appendInstead: ReadonlySet<string> = new Set()) {
    for (const o of overrides) {
      if (isSweep(o.value)) continue;
      const value = o.value;
      if (!isGroupOverride(repo, o)) {
        this.configOverrides.push(o);
      } else if (o.kind === 'forceAdd') {
        throw new ConfigCompositionError({ message: `force-add of config groups is not supported: '${o.input}'` });
      } else if (o.kind === 'delete') {
        // `~db=null` (how a sweeper renders `~db`) deletes whatever is selected, like `~db`.
        if (value !== undefined && value.kind !== 'string' && value.kind !== 'null') {
          throw new ConfigCompositionError({ message: `Config group override deletion value must be a string: '${o.input}'` });
        }
        this.deletions.set(overrideKeyElement(o), { name: value?.kind === 'string' ? value.text : null, used: false });
      } else {
        const choice = groupChoice(o);
        checkChoiceNames(repo, o, choice);
        if (o.kind === 'add') {
          const added = new GroupDefault(o.key, choice, o.pkg ?? null, false, false, true);
          // orch's own presets (`+sweeper=tpe`, `+launcher=slurm`) go where Hydra's hydra/config brings
          // its sweeper and launcher, before the primary config, so that no config's own orch.*
          // values are overwritten by a preset because of the order of the command line.
          if (isOrchsOption(repo, o.key, choice)) this.orchGroupDefaults.push(added);
          else this.appendGroupDefaults.push(added);
        } else {
          const key = overrideKeyElement(o);
          if (this.appendInstead.has(key)) continue;
          this.choices.set(key, choice);
          this.meta.set(key, { external: true, used: false });
        }
      }
    }
  }

  /** `override group: option` inside a defaults list; the first registration (command line included) wins. */
  addOverride(parentConfigPath: string, d: GroupDefault): void {
    const key = d.overrideKey();
    if (this.appendInstead.has(key)) return;
    if (!this.choices.has(key)) {
      this.choices.set(key, d.value);
      this.meta.set(key, { external: false, containingConfigPath: parentConfigPath, used: false });
    }
  }

  isOverridden(d: InputDefault): boolean {
    return d instanceof GroupDefault && this.choices.has(d.overrideKey());
  }

  overrideDefaultOption(d: GroupDefault): void {
    const key = d.overrideKey();
    if (!this.choices.has(key)) return;
    d.value = this.choices.get(key)!;
    d.configNameOverridden = true;
    this.meta.get(key)!.used = true;
  }

  setKnownChoice(d: InputDefault): void {
    if (!(d instanceof GroupDefault)) return;
    const key = d.overrideKey();
    if (!this.knownChoices.has(key)) this.knownChoices.set(key, d.name());
    else {
      const prev = this.knownChoices.get(key)!;
      if (d.name() !== prev) {
        throw new ConfigCompositionError({ message: `Multiple values for ${key}. To override a value use 'override ${key}: ${prev}'` });
      }
    }
    const group = d.groupPath();
    if (!this.knownChoicesPerGroup.has(group)) this.knownChoicesPerGroup.set(group, new Set());
    this.knownChoicesPerGroup.get(group)!.add(key);
  }

  isDeleted(d: InputDefault): boolean {
    if (!(d instanceof GroupDefault)) return false;
    const del = this.deletions.get(d.overrideKey());
    if (!del) return false;
    return del.name === null || del.name === d.name();
  }

  delete(d: InputDefault): void {
    d.deleted = true;
    this.deletions.get(d.overrideKey())!.used = true;
  }

  /**
   * Overrides left unused of a group whose option is one of orch's own configs (the sweeper and
   * launcher presets): orch appends those instead of listing them in every defaults list, so where
   * Hydra's `override /hydra/sweeper: optuna` finds hydra's own entry, `override /sweeper: tpe` (in a
   * config file or on the command line) has nothing to override: it then selects the option as
   * Hydra's would, its config placed where hydra/config brings Hydra's (defaults-list.ts). A
   * project's own group of that name is not affected.
   */
  orchGroupsToAppend(repo: ConfigRepository): GroupDefault[] {
    const out: GroupDefault[] = [];
    for (const [key, meta] of this.meta) {
      const choice = this.choices.get(key);
      const [group, pkg] = key.split('@') as [string, string | undefined];
      if (meta.used || typeof choice !== 'string' || !isOrchsOption(repo, group, choice)) continue;
      out.push(new GroupDefault(group, choice, pkg ?? null, false, false, true));
    }
    return out;
  }

  ensureOverridesUsed(): void {
    for (const [key, meta] of this.meta) {
      if (meta.used) continue;
      const group = key.split('@')[0]!;
      const candidates = [...(this.knownChoicesPerGroup.get(group) ?? [])].sort();
      let msg: string;
      if (candidates.length > 1) msg = `Could not override '${key}'.\nDid you mean to override one of ${candidates.join(', ')}?`;
      else if (candidates.length === 1) msg = `Could not override '${key}'.\nDid you mean to override ${candidates[0]}?`;
      else msg = `Could not override '${key}'. No match in the defaults list.`;
      if (meta.containingConfigPath !== undefined) msg = `In '${meta.containingConfigPath}': ${msg}`;
      if (meta.external) {
        const v = this.choices.get(key);
        msg += `\nTo append to your default list use +${key}=${typeof v === 'string' ? v : pyRepr(v ?? null)}`;
      }
      throw new ConfigCompositionError({ message: msg });
    }
  }

  ensureDeletionsUsed(): void {
    for (const [key, del] of this.deletions) {
      if (del.used) continue;
      const desc = del.name === null ? key : `${key}=${del.name}`;
      throw new ConfigCompositionError({ message: `Could not delete '${desc}'. No match in the defaults list` });
    }
  }
}

/** Whether `group`'s option `choice` is one of orch's own configs (a launcher or sweeper preset). */
function isOrchsOption(repo: ConfigRepository, group: string, choice: string | string[]): boolean {
  return typeof choice === 'string' && repo.loadConfig(`${group.replace(/^\/+/, '')}/${choice}`)?.ownedByOrch === true;
}

/** `model=../../x` would load a file outside the config dir: option names are names, not paths. */
function checkChoiceNames(repo: ConfigRepository, o: Override, choice: string | string[]): void {
  for (const name of Array.isArray(choice) ? choice : [choice]) {
    const problem = nameProblem(name);
    if (problem === undefined) continue;
    const group = o.key.replace(/^\/+/, '');
    throw new ConfigNameError({ where: `Override '${o.input}'`, what: `an option of group '${group}'`, name, problem, group, options: repo.groupOptions(group) });
  }
}

/** A group override's value: an option name or a list of option names. */
function groupChoice(o: Override): string | string[] {
  const v = o.value;
  if (v?.kind === 'string') return v.text;
  if (v?.kind === 'list') {
    return v.items.map((item) => {
      if (item.kind === 'string') return item.text;
      throw new ConfigCompositionError({ message: `Config group override list items must be option names: '${o.input}'` });
    });
  }
  throw new ConfigCompositionError({
    message: `Config group override must be a string or a list. Got ${pyTypeName(isSweep(v) ? undefined : v)}: '${o.input}'`, hint: `'${o.key}' is a config group: give an option name (${o.key}=NAME).`,
  });
}

/**
 * Whether an override selects, appends or deletes a config group (it shapes the defaults tree) as
 * opposed to setting a config value. Sweeps are neither: they are expanded before composing.
 */
export function isGroupOverride(repo: ConfigRepository, o: Override): boolean {
  return !isSweep(o.value) && o.value?.kind !== 'dict' && repo.groupExists(o.key);
}
