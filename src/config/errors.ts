import { OrchError, closestMatch } from '../errors.js';
import type { ErrorCode } from '../error-codes.js';

/** Composition failed: defaults list, merge or override application (Hydra's ConfigCompositionException). */
export class ConfigCompositionError extends OrchError {
  constructor(message: string, options: { hint?: string; cause?: unknown; code?: ErrorCode } = {}) {
    super(options.code ?? 'CONFIG_COMPOSITION', message, options);
  }
}

/** A config or group option that is not in the search path, with the options that are. */
export class MissingConfigError extends OrchError {
  readonly missing: string;
  readonly options: string[];
  constructor(message: string, missing: string, options: string[] = [], more: { code?: ErrorCode; hint?: string } = {}) {
    const word = missing.slice(missing.lastIndexOf('/') + 1);
    const guess = closestMatch(word, options);
    super(more.code ?? 'MISSING_CONFIG', guess === undefined ? message : `${message}\nDid you mean '${guess}'?`, { hint: more.hint });
    this.missing = missing;
    this.options = options;
  }
}

/** `Available options in 'db':` (the root group: `Available primary configs:`) and one option a line, as Hydra lists them. */
export function availableOptionsText(group: string, options: readonly string[]): string {
  const heading = group === '' ? 'Available primary configs' : `Available options in '${group}'`;
  return `${heading}:\n${options.map((o) => `\t${o}`).join('\n')}`;
}

/**
 * A group option, defaults entry or primary config name that is a path rather than a name
 * (`model=../../x`, `- db: /etc/x`): refused before any file is looked up.
 */
export class ConfigNameError extends MissingConfigError {
  constructor(where: string, what: string, name: string, problem: string, group: string | null, options: string[]) {
    const list = group === null || options.length === 0 ? '' : `\n${availableOptionsText(group, options)}`;
    const tree = group ? `the group folder '${group}'` : 'the config dir';
    super(`${where}: '${name}' is not ${what}: ${problem}.${list}`, name, options, {
      code: 'CONFIG_BAD_NAME',
      hint: `Config names are names inside ${tree}, not file paths; a subfolder is written with '/' (${group ? `${group}=sub/name` : 'sub/name'}).`,
    });
  }
}

/** A config file that is not valid YAML (or not a valid config), located by file:line:column. */
export class YamlSyntaxError extends OrchError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    detail: string,
    hint?: string,
  ) {
    super('YAML_SYNTAX', `${file}:${line}:${column}: ${detail}`, { hint });
  }
}

/** A config file whose content is YAML but not a usable config (bad header, bad defaults list, null key). */
export class ConfigLoadError extends OrchError {
  constructor(message: string, hint?: string) {
    super('CONFIG_LOAD', message, { hint });
  }
}

/**
 * An `orch.*` setting orch does not know or cannot use (ORCH_SETTING_UNKNOWN, ORCH_SETTING_TYPE),
 * found before anything is written: orch's own node is checked like any config.
 */
export class OrchSettingError extends OrchError {}
