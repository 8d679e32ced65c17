import { OrchError, closestMatch } from '../errors.js';

/** Composition failed: defaults list, merge or override application (Hydra's ConfigCompositionException). */
export class ConfigCompositionError extends OrchError {
  constructor(message: string, options: { hint?: string; cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'CONFIG_COMPOSITION', message, options);
  }
}

/** A config or group option that is not in the search path, with the options that are. */
export class MissingConfigError extends OrchError {
  readonly missing: string;
  readonly options: string[];
  constructor(message: string, missing: string, options: string[] = []) {
    const word = missing.slice(missing.lastIndexOf('/') + 1);
    const guess = closestMatch(word, options);
    super('MISSING_CONFIG', guess === undefined ? message : `${message}\nDid you mean '${guess}'?`);
    this.missing = missing;
    this.options = options;
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
