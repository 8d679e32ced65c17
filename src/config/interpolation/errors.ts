import { OrchError, didYouMean } from '../../errors.js';

/**
 * Errors raised while parsing or resolving `${...}` interpolations. Every message leads with the key
 * path of the value being resolved (`db.url`), then the interpolation text, then what went wrong.
 */

/** Describes where a value lives for error messages: `'db.url'`, or `'<root>'` when unknown. */
export function where(keyPath: string | undefined): string {
  return keyPath === undefined || keyPath === '' ? '<root>' : keyPath;
}

/** Where the failing value lives: every interpolation error carries the key path it was resolving. */
interface At { keyPath?: string }

export class InterpolationSyntaxError extends OrchError {
  readonly keyPath: string | undefined;
  readonly text: string;
  readonly position: number;
  constructor({ keyPath, text, position, detail }: At & { text: string; position: number; detail: string }) {
    super({
      code: 'INTERPOLATION_SYNTAX',
      message: `${where(keyPath)}: invalid interpolation ${JSON.stringify(text)}: ${detail} at column ${position + 1}\n` +
        `  ${text}\n  ${' '.repeat(position)}^`,
      hint: 'Interpolations look like ${key.path}, ${.relative}, ${resolver:arg1,arg2}; write \\${ for a literal ${.',
    });
    this.keyPath = keyPath;
    this.text = text;
    this.position = position;
  }
}

/** The interpolation points at a key that does not exist (OmegaConf's InterpolationKeyError). */
export class InterpolationKeyError extends OrchError {
  readonly keyPath: string | undefined;
  readonly missingKey: string;
  constructor({ keyPath, missingKey, text, hint }: At & { missingKey: string; text: string; hint?: string }) {
    super({ code: 'INTERPOLATION_KEY', message: `${where(keyPath)}: interpolation key '${missingKey}' not found (in ${JSON.stringify(text)})`, hint });
    this.keyPath = keyPath;
    this.missingKey = missingKey;
  }
}

/** Interpolations that depend on each other in a loop. `cycle` lists key paths, first repeated last. */
export class InterpolationCycleError extends OrchError {
  readonly keyPath: string | undefined;
  readonly cycle: readonly string[];
  constructor({ keyPath, cycle }: At & { cycle: readonly string[] }) {
    super({
      code: 'INTERPOLATION_CYCLE', message: `${where(keyPath)}: recursive interpolation detected: ${cycle.join(' -> ')}`,
      hint: 'Break the loop by giving one of these keys a plain value.',
    });
    this.keyPath = keyPath;
    this.cycle = cycle;
  }
}

/** `${name:...}` with no resolver registered under `name` (OmegaConf's UnsupportedInterpolationType). */
export class UnknownResolverError extends OrchError {
  readonly keyPath: string | undefined;
  readonly resolverName: string;
  constructor({ keyPath, resolverName, registered }: At & { resolverName: string; registered: readonly string[] }) {
    super({
      code: 'UNKNOWN_RESOLVER',
      message: `${where(keyPath)}: unsupported interpolation type ${resolverName} (no resolver named '${resolverName}'). ` +
        `Registered resolvers: ${registered.join(', ')}`,
      hint: didYouMean(resolverName, registered),
    });
    this.keyPath = keyPath;
    this.resolverName = resolverName;
  }
}

/** The target of an interpolation is `???`; only raised when the caller asks for it. */
export class InterpolationToMissingValueError extends OrchError {
  readonly keyPath: string | undefined;
  readonly targetKey: string;
  constructor({ keyPath, targetKey }: At & { targetKey: string }) {
    super({
      code: 'INTERPOLATION_TO_MISSING', message: `${where(keyPath)}: interpolation target '${targetKey}' is a missing mandatory value (???)`,
      hint: `Set ${targetKey} in a config file or on the command line (${targetKey}=...).`,
    });
    this.keyPath = keyPath;
    this.targetKey = targetKey;
  }
}

/** Any other failure while resolving: a resolver threw, a key piece is not a string, a bad type. */
export class InterpolationResolutionError extends OrchError {
  readonly keyPath: string | undefined;
  constructor({ keyPath, text, detail, hint, cause }: At & { text: string; detail: string; hint?: string; cause?: unknown }) {
    super({ code: 'INTERPOLATION_RESOLUTION', message: `${where(keyPath)}: error resolving ${JSON.stringify(text)}: ${detail}`, hint, cause });
    this.keyPath = keyPath;
  }
}

/** `register()` under a name that is taken (without `replace`), or an invalid name. */
export class ResolverRegistrationError extends OrchError {
  constructor({ message }: { message: string }) {
    super({ code: 'RESOLVER_REGISTRATION', message });
  }
}

/** `resolvePath` was asked for a key that is not in the config. */
export class KeyNotFoundError extends OrchError {
  readonly keyPath: string;
  constructor({ keyPath, hint }: { keyPath: string; hint?: string }) {
    super({ code: 'KEY_NOT_FOUND', message: `${keyPath}: key not found in the config`, hint });
    this.keyPath = keyPath;
  }
}
