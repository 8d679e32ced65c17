import { isDict, type CfgDict, type CfgValue } from '../../value/value.js';
import { InterpolationResolutionError, KeyNotFoundError } from './errors.js';
import { Location, splitKey } from './location.js';
import { ResolutionSession, type ResolveOptions } from './session.js';

export type { ResolveOptions } from './session.js';

/** Returns a new, fully resolved copy of `root` (OmegaConf.resolve); `root` is not modified. */
export function resolveConfig(root: CfgDict, opts: ResolveOptions): CfgDict {
  const session = new ResolutionSession(root, opts);
  return guardDepth(() => session.resolve(session.root)) as CfgDict;
}

/** The resolved value at `keyPath` (`db.url`, `servers[0].host`, `servers.0.host`, or segments). */
export function resolvePath(root: CfgDict, keyPath: string | readonly (string | number)[], opts: ResolveOptions): CfgValue {
  const session = new ResolutionSession(root, opts);
  return guardDepth(() => session.resolve(locate(session.root, keyPath)));
}

/**
 * Resolves a standalone string (e.g. a defaults-list entry `${db}_${server}`) as if it were a value
 * stored under the container at `at` (the root by default); `keyPath` names it in error messages.
 */
export function resolveExpression(
  root: CfgDict,
  text: string,
  opts: ResolveOptions & { readonly at?: string | readonly (string | number)[]; readonly keyPath?: string },
): CfgValue {
  const session = new ResolutionSession(root, opts);
  const parent = opts.at === undefined ? session.root : locate(session.root, opts.at);
  const here = new Location(text, parent, undefined, opts.keyPath ?? parent.path);
  return guardDepth(() => session.resolve(here));
}

/** Chains thousands of interpolations deep exhaust the JS stack; report that as a config error. */
function guardDepth<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new InterpolationResolutionError({
        text: '${...}', detail: 'interpolations are nested or chained too deeply (thousands of levels)',
        hint: 'Point interpolations at the final value instead of through long chains.',
        cause: e,
      });
    }
    throw e;
  }
}

function locate(rootLoc: Location, keyPath: string | readonly (string | number)[]): Location {
  const segments = typeof keyPath === 'string' ? (keyPath === '' ? [] : splitKey(keyPath)) : keyPath.map(String);
  let loc = rootLoc;
  for (const seg of segments) {
    const next = loc.child(seg);
    if (!next) {
      const shown = typeof keyPath === 'string' ? keyPath : segments.join('.');
      const keys = isDict(loc.value) ? [...loc.value.keys()] : [];
      throw new KeyNotFoundError({ keyPath: shown, hint: keys.length ? `Keys at '${loc.path || '<root>'}': ${keys.join(', ')}` : undefined });
    }
    loc = next;
  }
  return loc;
}
