import type { CfgDict, CfgList } from '../../value/value.js';
import type { ParsedString } from './ast.js';
import { hasInterpolation, parseInterpolationString } from './parser.js';

/**
 * What many resolutions of configs built from the same parts (every job of a sweep) can share:
 * parsed interpolation strings and which containers hold no interpolation at all. Without it each
 * resolution re-parses every `${...}` and rebuilds every subtree, which dominated a 100,000-job plan.
 *
 * Containers a memo has seen must not be mutated while the memo lives (their "plain" verdict would
 * go stale): use one memo for trees that are complete, e.g. one per sweep over composed jobs, and
 * none while a config is still being composed.
 */
export interface ResolveMemo {
  /** Parse tree of a string value; syntax errors are thrown each time (never cached). */
  parse(s: string, keyPath: string): ParsedString;
  /** True when no string anywhere inside contains `${`: the container resolves to itself. */
  isPlain(container: CfgDict | CfgList): boolean;
}

export interface ResolveMemoOptions {
  /** Parsed strings kept at most (oldest dropped first); default 4096. */
  readonly maxStrings?: number;
}

export function createResolveMemo(opts: ResolveMemoOptions = {}): ResolveMemo {
  const maxStrings = opts.maxStrings ?? 4096;
  const parsed = new Map<string, ParsedString>();
  // Weak: per-job containers are dropped with their job; shared (base) ones stay known.
  const plain = new WeakMap<object, boolean>();

  const isPlain = (c: CfgDict | CfgList): boolean => {
    const known = plain.get(c);
    if (known !== undefined) return known;
    let result = true;
    for (const v of c.values()) {
      if (typeof v === 'string' ? hasInterpolation(v) : v instanceof Map || Array.isArray(v) ? !isPlain(v) : false) {
        result = false;
        break;
      }
    }
    plain.set(c, result);
    return result;
  };

  return {
    parse(s, keyPath) {
      let p = parsed.get(s);
      if (p) return p;
      p = parseInterpolationString(s, { keyPath });
      if (parsed.size >= maxStrings) parsed.delete(parsed.keys().next().value!);
      parsed.set(s, p);
      return p;
    },
    isPlain,
  };
}
