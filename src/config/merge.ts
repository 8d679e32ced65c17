import { cloneValue, isDict, isList, MISSING, type CfgDict, type CfgList, type CfgValue } from '../value/value.js';
import { fullKey, childOf } from './key-path.js';
import { ConfigCompositionError } from './errors.js';

/**
 * OmegaConf merge rules (`merge_with`), on the Map-based value model:
 * - dict into dict merges key by key: existing keys keep their position, new keys are appended;
 * - a list replaces a list, a scalar or null replaces anything, a container replaces a scalar;
 * - `???` never replaces an existing value (it only marks a value as still missing);
 * - a dict cannot merge into a list or a list into a dict (error, as OmegaConf raises);
 * - when the destination holds an interpolation to a container, the target is copied in first
 *   and the source merged into that copy.
 * Values taken from `src` are deep-copied, so `src` can be a cached, shared config.
 * With `struct`, adding a key that does not exist is an error (Hydra's struct mode).
 */
export interface MergeOptions {
  struct?: boolean;
  /** Key path of `dest` inside the whole config, for messages. */
  path?: ReadonlyArray<string | number>;
  /** Containers from the config root down to `dest`'s parent, for resolving `${...}` in dest. */
  ancestors?: ReadonlyArray<CfgDict | CfgList>;
}

export class MergeError extends ConfigCompositionError {
  readonly fullKey: string;
  readonly kind: 'type' | 'struct';
  constructor({ message, fullKey, kind }: { message: string; fullKey: string; kind: 'type' | 'struct' }) {
    super({ code: kind === 'struct' ? 'CONFIG_KEY_NOT_IN_STRUCT' : 'CONFIG_MERGE_TYPE', message: fullKey === '' ? message : `${message}\n    full_key: ${fullKey}` });
    this.fullKey = fullKey;
    this.kind = kind;
  }
}

export function mergeInto(dest: CfgDict | CfgList, src: CfgDict | CfgList, options: MergeOptions = {}): void {
  const path = options.path ?? [];
  const ancestors = options.ancestors ?? [];
  if (isList(dest) && isList(src)) {
    dest.splice(0, dest.length, ...src.map(cloneValue));
    return;
  }
  if (!isDict(dest) || !isDict(src)) {
    throw new MergeError({ message: `Cannot merge ${kindName(src)} with ${kindName(dest)}`, fullKey: fullKey(path), kind: 'type' });
  }
  const chain = [...ancestors, dest];
  for (const [key, sv] of src) {
    const keyPath = [...path, key];
    if (!dest.has(key)) {
      if (options.struct) throw new MergeError({ message: `Key '${key}' is not in struct`, fullKey: fullKey(keyPath), kind: 'struct' });
      dest.set(key, cloneValue(sv));
      continue;
    }
    let dv = dest.get(key)!;
    if (typeof dv === 'string' && dv.includes('${')) {
      const target = dereference(dv, chain);
      if (target !== undefined && (isDict(target) || isList(target))) {
        dv = cloneValue(target);
        dest.set(key, dv);
      }
    }
    if (isDict(dv) || isList(dv)) {
      if (isDict(sv) || isList(sv)) mergeInto(dv, sv, { ...options, path: keyPath, ancestors: chain });
      else if (sv !== MISSING) dest.set(key, sv);
    } else if (isDict(sv) || isList(sv)) {
      dest.set(key, cloneValue(sv));
    } else if (sv !== MISSING) {
      dest.set(key, sv);
    }
  }
}

function kindName(v: CfgValue): string {
  return isList(v) ? 'ListConfig' : 'DictConfig';
}

/**
 * Node a whole-string interpolation `${a.b}` / `${.x}` / `${..y}` points to, if it is a plain
 * node reference that exists; undefined otherwise (resolver calls and nested interpolations are
 * left to resolution time).
 */
function dereference(text: string, chain: ReadonlyArray<CfgDict | CfgList>): CfgValue | undefined {
  const m = /^\$\{\s*(\.*)([\w\-[\]]+(?:\.[\w\-[\]]+)*)?\s*\}$/.exec(text);
  if (!m) return undefined;
  const dots = m[1]!.length;
  let cur: CfgValue | undefined;
  if (dots === 0) cur = chain[0];
  else {
    const idx = chain.length - dots;
    if (idx < 0) return undefined;
    cur = chain[idx];
  }
  if (m[2] === undefined) return cur;
  for (const seg of m[2].split('.')) {
    if (!isDict(cur) && !isList(cur)) return undefined;
    cur = childOf(cur, seg);
  }
  return cur;
}
