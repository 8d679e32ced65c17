/**
 * Lazy resolution as Hydra gives it to an application: OmegaConf resolves a value only when the
 * application reads it, so a dangling interpolation in a branch the task never reads does not stop
 * the run. orch resolves the job config before the task starts, so it does the next best thing:
 * every value that resolves is resolved; one that cannot (a missing key, a failing resolver, a
 * cycle) or is `???` is kept as written and reported, and fails only where the task reads it.
 */
import { OrchError } from '../errors.js';
import { isContainer, isDict, isList, MISSING, type CfgDict, type CfgValue } from '../value/value.js';
import { hasInterpolation, type ResolverRegistry } from './interpolation/index.js';
import { ResolutionSession } from './interpolation/session.js';
import type { Location } from './interpolation/location.js';

import type { UnresolvedValue } from '../store/types.js';
export type { UnresolvedValue };

export interface LenientResult {
  config: CfgDict;
  unresolved: UnresolvedValue[];
}

/** Resolves `root` leaving what cannot be resolved as written; `unresolved` lists those values in tree order. */
export function resolveLeniently(root: CfgDict, resolvers: ResolverRegistry): LenientResult {
  // `error`: an interpolation to `???` is a failure to read, as in OmegaConf, not a silent `???`.
  const session = new ResolutionSession(root, { resolvers, onMissingTarget: 'error' });
  const unresolved = new Map<string, UnresolvedValue>();
  const config = walk(session, session.root, [], unresolved, 0) as CfgDict;
  return { config, unresolved: [...unresolved.values()] };
}

/** Deep enough for any real config; a reference loop through containers stops here. */
const MAX_DEPTH = 200;

function walk(session: ResolutionSession, loc: Location, path: (string | number)[], out: Map<string, UnresolvedValue>, depth: number): CfgValue {
  const raw = loc.value;
  if (depth > MAX_DEPTH) return raw;
  if (isDict(raw)) return new Map([...raw.keys()].map((k) => [k, walk(session, loc.child(k)!, [...path, k], out, depth + 1)]));
  if (isList(raw)) return raw.map((_, i) => walk(session, loc.child(String(i))!, [...path, i], out, depth + 1));
  if (raw === MISSING && !loc.final) {
    record(out, path, raw, 'MissingMandatoryValue', `${keyOf(path)}: missing mandatory value (???)`);
    return raw;
  }
  if (loc.final || typeof raw !== 'string' || !hasInterpolation(raw)) return raw;
  try {
    const d = session.deref(loc);
    if ('value' in d) return d.value;
    // A node interpolation to a container: its values are read (and may fail) one by one.
    if (isContainer(d.loc.value)) return walk(session, d.loc, path, out, depth + 1);
    return session.resolve(d.loc);
  } catch (e) {
    if (!(e instanceof OrchError)) throw e;
    record(out, path, raw, errorName(e.code), e.message);
    return raw;
  }
}

function record(out: Map<string, UnresolvedValue>, path: (string | number)[], written: string, error: UnresolvedValue['error'], message: string): void {
  const key = keyOf(path);
  if (!out.has(key)) out.set(key, { key, path, written, error, message });
}

function errorName(code: string): UnresolvedValue['error'] {
  switch (code) {
    case 'INTERPOLATION_KEY': return 'InterpolationKeyError';
    case 'INTERPOLATION_TO_MISSING': return 'InterpolationToMissingValueError';
    case 'UNKNOWN_RESOLVER': return 'UnsupportedInterpolationType';
    default: return 'InterpolationResolutionError';
  }
}

export function keyOf(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, seg) => (typeof seg === 'number' ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg), '');
}
