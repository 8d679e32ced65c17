import { OrchError, didYouMean, type OrchErrorInit } from '../errors.js';
import type { ErrorCode } from '../error-codes.js';

/** Composition failed: defaults list, merge or override application (Hydra's ConfigCompositionException). */
export class ConfigCompositionError extends OrchError {
  constructor({ code = 'CONFIG_COMPOSITION', ...rest }: Omit<OrchErrorInit, 'code'> & { code?: ErrorCode }) {
    super({ code, ...rest });
  }
}

/** A config or group option that is not in the search path, with the options that are. */
export class MissingConfigError extends OrchError {
  readonly missing: string;
  readonly options: string[];
  constructor({ code = 'MISSING_CONFIG', message, missing, options = [], hint }: { code?: ErrorCode; message: string; missing: string; options?: string[]; hint?: string }) {
    const word = missing.slice(missing.lastIndexOf('/') + 1);
    const guess = didYouMean(word, options);
    super({ code, message: guess === undefined ? message : `${message}\n${guess}`, hint });
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
  constructor({ where, what, name, problem, group, options }: { where: string; what: string; name: string; problem: string; group: string | null; options: string[] }) {
    const list = group === null || options.length === 0 ? '' : `\n${availableOptionsText(group, options)}`;
    const tree = group ? `the group folder '${group}'` : 'the config dir';
    super({
      code: 'CONFIG_BAD_NAME', message: `${where}: '${name}' is not ${what}: ${problem}.${list}`, missing: name, options,
      hint: `Config names are names inside ${tree}, not file paths; a subfolder is written with '/' (${group ? `${group}=sub/name` : 'sub/name'}).`,
    });
  }
}

/** A config file that is not valid YAML (or not a valid config), located by file:line:column. */
export class YamlSyntaxError extends OrchError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor({ file, line, column, detail, hint }: { file: string; line: number; column: number; detail: string; hint?: string }) {
    super({ code: 'YAML_SYNTAX', message: `${file}:${line}:${column}: ${detail}`, hint });
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** A config file whose content is YAML but not a usable config (bad header, bad defaults list, null key). */
export class ConfigLoadError extends OrchError {
  constructor({ message, hint }: { message: string; hint?: string }) {
    super({ code: 'CONFIG_LOAD', message, hint });
  }
}

/**
 * An `orch.*` setting orch does not know or cannot use (ORCH_SETTING_UNKNOWN, ORCH_SETTING_TYPE),
 * found before anything is written: orch's own node is checked like any config.
 */
export class OrchSettingError extends OrchError {}
