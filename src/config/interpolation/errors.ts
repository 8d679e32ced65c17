import { OrchError } from '../../errors.js';

/**
 * Errors raised while parsing or resolving `${...}` interpolations. Every message leads with the key
 * path of the value being resolved (`db.url`), then the interpolation text, then what went wrong.
 */

/** Describes where a value lives for error messages: `'db.url'`, or `'<root>'` when unknown. */
export function where(keyPath: string | undefined): string {
  return keyPath === undefined || keyPath === '' ? '<root>' : keyPath;
}

export class InterpolationSyntaxError extends OrchError {
  constructor(readonly keyPath: string | undefined, readonly text: string, readonly position: number, detail: string) {
    super(
      'INTERPOLATION_SYNTAX',
      `${where(keyPath)}: invalid interpolation ${JSON.stringify(text)}: ${detail} at column ${position + 1}\n` +
        `  ${text}\n  ${' '.repeat(position)}^`,
      { hint: 'Interpolations look like ${key.path}, ${.relative}, ${resolver:arg1,arg2}; write \\${ for a literal ${.' },
    );
  }
}

/** The interpolation points at a key that does not exist (OmegaConf's InterpolationKeyError). */
export class InterpolationKeyError extends OrchError {
  constructor(readonly keyPath: string | undefined, readonly missingKey: string, text: string, hint?: string) {
    super('INTERPOLATION_KEY', `${where(keyPath)}: interpolation key '${missingKey}' not found (in ${JSON.stringify(text)})`, { hint });
  }
}

/** Interpolations that depend on each other in a loop. `cycle` lists key paths, first repeated last. */
export class InterpolationCycleError extends OrchError {
  constructor(readonly keyPath: string | undefined, readonly cycle: readonly string[]) {
    super('INTERPOLATION_CYCLE', `${where(keyPath)}: recursive interpolation detected: ${cycle.join(' -> ')}`, {
      hint: 'Break the loop by giving one of these keys a plain value.',
    });
  }
}

/** `${name:...}` with no resolver registered under `name` (OmegaConf's UnsupportedInterpolationType). */
export class UnknownResolverError extends OrchError {
  constructor(readonly keyPath: string | undefined, readonly resolverName: string, registered: readonly string[], suggestion?: string) {
    super(
      'UNKNOWN_RESOLVER',
      `${where(keyPath)}: unsupported interpolation type ${resolverName} (no resolver named '${resolverName}'). ` +
        `Registered resolvers: ${registered.join(', ')}`,
      { hint: suggestion ? `Did you mean ${suggestion}?` : undefined },
    );
  }
}

/** The target of an interpolation is `???`; only raised when the caller asks for it. */
export class InterpolationToMissingValueError extends OrchError {
  constructor(readonly keyPath: string | undefined, readonly targetKey: string) {
    super('INTERPOLATION_TO_MISSING', `${where(keyPath)}: interpolation target '${targetKey}' is a missing mandatory value (???)`, {
      hint: `Set ${targetKey} in a config file or on the command line (${targetKey}=...).`,
    });
  }
}

/** Any other failure while resolving: a resolver threw, a key piece is not a string, a bad type. */
export class InterpolationResolutionError extends OrchError {
  constructor(readonly keyPath: string | undefined, text: string, detail: string, options: { hint?: string; cause?: unknown } = {}) {
    super('INTERPOLATION_RESOLUTION', `${where(keyPath)}: error resolving ${JSON.stringify(text)}: ${detail}`, options);
  }
}

/** `register()` under a name that is taken (without `replace`), or an invalid name. */
export class ResolverRegistrationError extends OrchError {
  constructor(message: string) {
    super('RESOLVER_REGISTRATION', message);
  }
}

/** `resolvePath` was asked for a key that is not in the config. */
export class KeyNotFoundError extends OrchError {
  constructor(readonly keyPath: string, hint?: string) {
    super('KEY_NOT_FOUND', `${keyPath}: key not found in the config`, { hint });
  }
}
