import { isDict, isList, type CfgValue } from '../../value/value.js';

/**
 * A node of the unresolved tree seen from the resolver: its raw value, its parent and its key path.
 * Children are created once per key so a location has a stable identity, which is what memoization
 * and cycle detection key on (OmegaConf uses `id(node)`). Resolver-made containers (oc.create) get a
 * "virtual" location hanging under the node that produced them, so relative keys inside still work.
 */
export class Location {
  private kids?: Map<string, Location>;

  constructor(
    readonly value: CfgValue,
    readonly parent: Location | undefined,
    readonly key: string | number | undefined,
    /** Key path for messages: `db.url`, `servers[0].host`; `''` for the root. */
    readonly path: string,
    /** Already-resolved content (a resolver's result): strings in it are never parsed again. */
    readonly final = false,
  ) {}

  static root(value: CfgValue): Location {
    return new Location(value, undefined, undefined, '');
  }

  /** A container made by a resolver, placed where the interpolation that produced it lives. */
  static virtual(value: CfgValue, at: Location, final: boolean): Location {
    return new Location(value, at.parent, at.key, at.path, final);
  }

  /** The child under `key` (a list needs an integer index), or undefined when there is none. */
  child(key: string): Location | undefined {
    const v = this.value;
    // `+1`, `01` and `1` name the same list item: one location for all of them.
    if (isList(v)) key = String(Number(key.replace(/_/g, '')));
    const cached = this.kids?.get(key);
    if (cached) return cached;
    let made: Location | undefined;
    if (isDict(v)) {
      if (v.has(key)) made = new Location(v.get(key)!, this, key, this.path === '' ? key : `${this.path}.${key}`, this.final);
    } else if (isList(v)) {
      const i = Number(key);
      if (Number.isInteger(i) && i >= 0 && i < v.length) made = new Location(v[i]!, this, i, `${this.path}[${i}]`, this.final);
    }
    if (made) (this.kids ??= new Map()).set(key, made);
    return made;
  }

  /** True when `this` is `other` or one of its ancestors. */
  contains(other: Location): boolean {
    for (let l: Location | undefined = other; l; l = l.parent) if (l === this) return true;
    return false;
  }

  rootOf(): Location {
    let l: Location = this;
    while (l.parent) l = l.parent;
    return l;
  }
}

/** Python's `is_int` for list indices given as text (`0`, `+1`, `1_0`). */
export function isIndexText(key: string): boolean {
  return /^\s*[+-]?\d(_?\d)*\s*$/.test(key);
}

/**
 * OmegaConf's `split_key` after leading dots were stripped: `a.b[c].d` -> `['a', 'b', 'c', 'd']`,
 * `[a].b` -> `['a', 'b']`.
 */
export function splitKey(key: string): string[] {
  const head = /^[^.[]*/.exec(key)![0];
  const tokens = [head];
  if (head.length === key.length) return tokens;
  if (key[head.length] === '[' && head === '') tokens.pop();
  const other = /\.([^.[]*)|\[(.*?)\]/g;
  other.lastIndex = head.length;
  for (let m = other.exec(key); m; m = other.exec(key)) tokens.push(m[1] ?? m[2] ?? '');
  return tokens;
}
