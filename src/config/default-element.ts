import { ConfigCompositionError } from './errors.js';

/**
 * Elements of a defaults list, with Hydra 1.3's rules for config paths, packages and override
 * keys (hydra/core/default_element.py). Elements are mutable while a defaults tree is built
 * (parents are attached, choices overridden), so a fresh set is made for every build.
 */
export type KnownChoices = ReadonlyMap<string, string | null>;

const INTERPOLATION = /\$\{\s*([^{}]*?)\s*\}/g;

export abstract class InputDefault {
  package: string | null;
  parentBaseDir: string | null = null;
  parentPackage: string | null = null;
  packageHeader: string | null = null;
  primary = false;
  deleted = false;

  constructor(pkg: string | null) {
    this.package = pkg === '_here_' ? '' : pkg;
  }

  abstract isSelf(): boolean;
  abstract isOptional(): boolean;
  abstract groupPath(): string;
  abstract configPath(): string;
  abstract name(): string | null;
  abstract relativeGroupPath(): string;
  abstract finalPackage(defaultToHeader?: boolean): string;
  abstract isInterpolation(): boolean;
  abstract isMissing(): boolean;
  abstract resolveInterpolation(known: KnownChoices): void;
  abstract isOverride(): boolean;
  abstract isExternalAppend(): boolean;

  updateParent(parentBaseDir: string, parentPackage: string): void {
    this.parentBaseDir = parentBaseDir;
    this.parentPackage = parentPackage;
    if (this.package !== null && this.package.includes('_group_')) {
      this.package = `_global_.${this.package.replaceAll('_group_', this.defaultPackage())}`;
    }
  }

  defaultPackage(): string {
    return this.groupPath().replaceAll('/', '.');
  }

  /** The `# @package` header is always absolute (relative to the root). */
  setPackageHeader(header: string | null): void {
    if (header === null) return;
    if (header !== '_global_' && !header.startsWith('_global_.')) header = header === '' ? '_global_' : `_global_.${header}`;
    this.packageHeader = header;
  }

  getPackage(defaultToHeader = true): string | null {
    return this.package === null && defaultToHeader ? this.packageHeader : this.package;
  }

  protected computeFinalPackage(parentPackage: string | null, pkg: string | null): string {
    const parent = parentPackage ?? '';
    const own = pkg ?? this.relativeGroupPath().replaceAll('/', '.');
    const joined = parent === '' ? own : own === '' ? parent : `${parent}.${own}`;
    const g = joined.lastIndexOf('_global_');
    return g === -1 ? joined : joined.slice(g + '_global_'.length + 1);
  }

  /** The key a command-line override uses for this element: `group` or `group@package`. */
  overrideKey(): string {
    const defaultPkg = this.defaultPackage();
    let finalPkg = this.finalPackage(false);
    let key = this.groupPath();
    if (defaultPkg !== finalPkg) {
      if (finalPkg === '') finalPkg = '_global_';
      key = `${key}@${finalPkg}`;
    }
    return key;
  }

  protected resolveText(known: KnownChoices, text: string): string {
    const out = text.replace(INTERPOLATION, (whole, key: string) => {
      const choice = known.get(key.trim());
      return typeof choice === 'string' ? choice : whole;
    });
    if (out.includes('${')) {
      const keys = [...known.keys()];
      throw new ConfigCompositionError({
        message: keys.length > 0
          ? `Error resolving interpolation '${text}', possible interpolation keys: ${keys.join(', ')}`
          : `Error resolving interpolation '${text}'`,
      });
    }
    return out;
  }
}

export class VirtualRoot extends InputDefault {
  constructor() {
    super(null);
  }
  isSelf(): boolean { return false; }
  isOptional(): boolean { return false; }
  groupPath(): string { return ''; }
  configPath(): string { return '<root>'; }
  name(): string | null { return null; }
  relativeGroupPath(): string { return ''; }
  finalPackage(): string { return ''; }
  isInterpolation(): boolean { return false; }
  isMissing(): boolean { return false; }
  resolveInterpolation(): void {}
  isOverride(): boolean { return false; }
  isExternalAppend(): boolean { return false; }
}

/** `- path` / `- path@pkg` / `- _self_`: a config by path (relative to the containing group, or absolute with `/`). */
export class ConfigDefault extends InputDefault {
  constructor(
    public path: string,
    pkg: string | null = null,
    readonly optional = false,
  ) {
    super(pkg);
    if (path === '_self_' && pkg !== null) throw new ConfigCompositionError({ message: '_self_@PACKAGE is not supported' });
  }
  isSelf(): boolean { return this.path === '_self_'; }
  isOptional(): boolean { return this.optional; }
  private split(): { rel: string; absolute: boolean } {
    const absolute = this.path.startsWith('/');
    return { rel: absolute ? this.path.slice(1) : this.path, absolute };
  }
  groupPath(): string {
    const { rel, absolute } = this.split();
    const idx = rel.lastIndexOf('/');
    const group = idx === -1 ? '' : rel.slice(0, idx);
    if (absolute || this.parentBaseDir === '' || this.parentBaseDir === null) return group;
    return group === '' ? this.parentBaseDir : `${this.parentBaseDir}/${group}`;
  }
  name(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }
  configPath(): string {
    const { rel, absolute } = this.split();
    if (absolute || this.parentBaseDir === '' || this.parentBaseDir === null) return rel;
    return `${this.parentBaseDir}/${rel}`;
  }
  finalPackage(defaultToHeader = true): string {
    return this.computeFinalPackage(this.parentPackage, this.getPackage(defaultToHeader));
  }
  relativeGroupPath(): string {
    const { rel } = this.split();
    const idx = rel.lastIndexOf('/');
    return idx === -1 ? '' : rel.slice(0, idx);
  }
  isInterpolation(): boolean { return this.configPath().includes('${'); }
  isMissing(): boolean { return this.name() === '???'; }
  resolveInterpolation(known: KnownChoices): void {
    const { rel, absolute } = this.split();
    const resolved = this.resolveText(known, rel);
    this.path = absolute ? `/${resolved.replace(/^\/+/, '')}` : resolved;
  }
  isOverride(): boolean { return false; }
  isExternalAppend(): boolean { return false; }
}

/** `- group: option` (with `optional`/`override` keywords, `@pkg`, a list of options, null or `???`). */
export class GroupDefault extends InputDefault {
  configNameOverridden = false;
  constructor(
    readonly group: string,
    public value: string | string[] | null,
    pkg: string | null = null,
    readonly optional = false,
    public override = false,
    readonly externalAppend = false,
  ) {
    super(pkg);
  }
  isSelf(): boolean { return this.value === '_self_'; }
  isOptional(): boolean { return this.optional; }
  isOverride(): boolean { return this.override; }
  isExternalAppend(): boolean { return this.externalAppend; }
  isOptions(): boolean { return Array.isArray(this.value); }
  options(): string[] { return Array.isArray(this.value) ? this.value : []; }
  groupPath(): string {
    const absolute = this.group.startsWith('/') || this.externalAppend;
    const group = this.group.startsWith('/') ? this.group.slice(1) : this.group;
    if (this.parentBaseDir === '' || this.parentBaseDir === null || absolute) return group;
    return `${this.parentBaseDir}/${group}`;
  }
  configPath(): string {
    return `${this.groupPath()}/${this.name()}`;
  }
  name(): string | null {
    return Array.isArray(this.value) ? null : this.value;
  }
  finalPackage(defaultToHeader = true): string {
    return this.computeFinalPackage(this.externalAppend ? '' : this.parentPackage, this.getPackage(defaultToHeader));
  }
  relativeGroupPath(): string {
    return this.group.startsWith('/') ? this.group.slice(1) : this.group;
  }
  isInterpolation(): boolean {
    return typeof this.value === 'string' && this.value.includes('${');
  }
  isMissing(): boolean { return this.value === '???'; }
  resolveInterpolation(known: KnownChoices): void {
    if (typeof this.value === 'string') this.value = this.resolveText(known, this.value);
  }
  /** Override key as written relative to the containing config (for messages). */
  relativeOverrideKey(): string {
    return this.package !== null && this.defaultPackage() !== this.package ? `${this.group}@${this.package}` : this.group;
  }
}
