import { isDict, isList, type CfgDict, type CfgList, type CfgValue } from '../value/value.js';

/**
 * OmegaConf key paths: `a.b.c`, list indices as `lst.1` or `lst[1]`. Returns the segments.
 * A leading dot (relative key) yields an empty first segment, as OmegaConf's split_key does.
 */
export function splitKey(key: string): string[] {
  if (key === '') return [''];
  // Most keys have no brackets; `split` gives the same segments then, much faster.
  if (!key.includes('[') && !key.includes(']')) return key.split('.');
  const out: string[] = [];
  for (const dotted of key.split('.')) {
    const m = /^([^[\]]*)((?:\[[^\]]*\])*)$/.exec(dotted);
    if (!m) {
      out.push(dotted);
      continue;
    }
    if (m[1] !== '' || m[2] === '') out.push(m[1]!);
    for (const b of m[2]!.matchAll(/\[([^\]]*)\]/g)) out.push(b[1]!);
  }
  return out;
}

/** OmegaConf's full_key rendering of a path: `a.b[0].c`. */
export function fullKey(parts: ReadonlyArray<string | number>): string {
  let s = '';
  for (const p of parts) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s === '' ? p : `.${p}`;
  }
  return s;
}

/** List index for a key segment, or undefined when the segment is not a non-negative integer. */
export function listIndex(segment: string): number | undefined {
  return /^\d+$/.test(segment) ? Number(segment) : undefined;
}

/** Child of a container by key segment, undefined when absent. */
export function childOf(container: CfgDict | CfgList, segment: string): CfgValue | undefined {
  if (isDict(container)) return container.get(segment);
  const i = listIndex(segment);
  return i === undefined ? undefined : container[i];
}

/**
 * Value at a key path (no interpolation; OmegaConf.select on an unresolved tree), undefined when
 * any segment is missing. The one walker of config trees: by key (`a.b[0]`) or by segments.
 */
export function selectPath(root: CfgValue | undefined, key: string | Iterable<string>): CfgValue | undefined {
  let cur: CfgValue | undefined = root;
  for (const seg of typeof key === 'string' ? splitKey(key) : key) {
    if (!isDict(cur) && !isList(cur)) return undefined;
    cur = childOf(cur, seg);
    if (cur === undefined) return undefined;
  }
  return cur;
}
