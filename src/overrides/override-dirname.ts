/**
 * `orch.job.override_dirname` (Hydra's `get_overrides_dirname`): a job's override strings minus
 * those whose key is excluded (the key of `+a.b=1` is `a.b`, of `db@pkg=x` is `db`), sorted as
 * plain strings, joined with `itemSep`; then every `=` becomes `kvSep` (values included, as in Hydra).
 */
import { parseOverride } from './parser.js';
import type { Override } from './types.js';
import { compareCodePoints } from '../value/py-compare.js';

export interface OverrideDirnameOptions {
  excludeKeys?: readonly string[];
  kvSep?: string;
  itemSep?: string;
}

export function overrideDirname(overrides: readonly string[], excludeKeys: readonly string[] = [], kvSep = '=', itemSep = ','): string {
  return createOverrideDirname({ excludeKeys, kvSep, itemSep })(overrides);
}

/** The same computation with a per-instance cache of override keys, for many jobs of one sweep. */
export function createOverrideDirname(options: OverrideDirnameOptions = {}): (overrides: readonly string[]) => string {
  const exclude = new Set(options.excludeKeys ?? []);
  const kvSep = options.kvSep ?? '=';
  const itemSep = options.itemSep ?? ',';
  const keys = new Map<string, string>();
  const keyOf = (s: string): string => {
    let k = keys.get(s);
    if (k === undefined) {
      k = overrideKey(s);
      keys.set(s, k);
    }
    return k;
  };
  return (overrides) => overrideDirnameOf(overrides.map((input) => ({ key: keyOf(input), input })), exclude, kvSep, itemSep);
}

/** The rule itself, from overrides whose keys are known (composition has them parsed). */
export function overrideDirnameOf(overrides: ReadonlyArray<Pick<Override, 'key' | 'input'>>, excludeKeys: ReadonlySet<string>, kvSep: string, itemSep: string): string {
  const kept = overrides.filter((o) => !excludeKeys.has(o.key)).map((o) => o.input);
  const joined = kept.sort(compareCodePoints).join(itemSep);
  return kvSep === '=' ? joined : joined.split('=').join(kvSep);
}

function overrideKey(s: string): string {
  try {
    return parseOverride(s).key;
  } catch {
    // Not reachable for strings the sweeper wrote; keep a reasonable key for anything else.
    return s.split('=')[0]!.replace(/^[~+]+/, '').split('@')[0]!;
  }
}
