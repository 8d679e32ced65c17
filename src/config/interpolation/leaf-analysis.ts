import { isContainer, isDict, isList, type CfgDict, type CfgValue } from '../../value/value.js';
import type { Element, Interpolation, TextPart } from './ast.js';
import { splitKey } from './location.js';
import { hasInterpolation } from './parser.js';
import type { ResolveMemo } from './memo.js';

/** What incremental.ts knows about each interpolation string: where it reads from, statically. */

export type Path = readonly string[];

/** An interpolation string at `path`, its static dependencies and its last value. */
export interface Leaf {
  readonly kind: 'leaf';
  readonly raw: string;
  readonly path: Path;
  /** Null: not static, always re-evaluated. */
  readonly deps: Path[] | null;
  /** Targets interpolated into text: must not be containers (see `unsafe`). */
  readonly textDeps: Path[];
  /** A computed key interpolated into text: its target is unknown, so never safe. */
  readonly textDynamic: boolean;
  value?: CfgValue;
  dirty: boolean;
}

/** The value at `path`, or undefined when a segment is missing. */
export function descend(root: CfgValue, path: Path): CfgValue | undefined {
  let cur: CfgValue | undefined = root;
  for (const seg of path) {
    if (isDict(cur)) cur = cur.get(seg);
    else if (isList(cur) && /^(0|[1-9]\d*)$/.test(seg)) cur = cur[Number(seg)];
    else return undefined;
  }
  return cur;
}

/** The value at `path` reached through containers only; undefined when absent or behind an interpolation. */
export function reach(root: CfgValue, path: Path): CfgValue | undefined {
  let cur: CfgValue | undefined = root;
  for (const seg of path) {
    if (!isContainer(cur)) return undefined;
    cur = descend(cur, [seg]);
  }
  return cur;
}

/**
 * A container interpolated into text prints resolved or raw depending on what the session resolved
 * before it; only a full resolution (in tree order) gives the right text then.
 */
export function unsafe(root: CfgDict, leaf: Leaf): boolean {
  return leaf.textDynamic || leaf.textDeps.some((d) => {
    let cur: CfgValue | undefined = root;
    for (const seg of d) {
      if (!isContainer(cur)) return true;
      cur = descend(cur, [seg]);
      if (typeof cur === 'string' && hasInterpolation(cur)) return true;
    }
    return cur === undefined || isContainer(cur);
  });
}

/** Static dependencies of an interpolation string at `path`. */
export function analyze(raw: string, path: Path, opts: { memo: ResolveMemo; stableResolvers: ReadonlySet<string> }): Leaf {
  const deps: Path[] = [];
  const textDeps: Path[] = [];
  let isStatic = true;
  let textDynamic = false;
  const visitInterpolation = (i: Interpolation, inText: boolean): void => {
    if (i.kind === 'node') {
      const target = i.key.every((p) => typeof p === 'string') ? absolute(i.key.join(''), path) : null;
      if (!target) {
        isStatic = false;
        textDynamic ||= inText;
        return;
      }
      deps.push(target);
      if (inText) textDeps.push(target);
      return;
    }
    // Arguments are still visited: their text parts may interpolate containers.
    if (!i.name.every((p) => typeof p === 'string') || !opts.stableResolvers.has(i.name.join('.'))) isStatic = false;
    i.args.forEach(visitElement);
  };
  const visitParts = (parts: readonly TextPart[]): void => {
    for (const p of parts) if (typeof p !== 'string') visitInterpolation(p, true);
  };
  const visitElement = (e: Element): void => {
    switch (e.kind) {
      case 'interpolation': return visitInterpolation(e.interpolation, false);
      case 'string': return visitParts(e.parts);
      case 'list': return e.items.forEach(visitElement);
      case 'dict': return e.entries.forEach(([, x]) => visitElement(x));
      default: return;
    }
  };
  let parsed;
  try {
    parsed = opts.memo.parse(raw, path.join('.'));
  } catch {
    return { kind: 'leaf', raw, path, deps: null, textDeps, textDynamic: true, dirty: true };
  }
  const [first] = parsed.parts;
  if (parsed.parts.length === 1 && typeof first === 'object') visitInterpolation(first, false);
  else visitParts(parsed.parts);
  return { kind: 'leaf', raw, path, deps: isStatic ? deps : null, textDeps, textDynamic, dirty: true };
}

/** The absolute key path an interpolation key names from a value at `at` (as the session's lookup). */
function absolute(key: string, at: Path): Path | null {
  let base = at;
  let rest = key;
  if (key.startsWith('.')) {
    base = at.slice(0, -1);
    rest = key.slice(1);
    while (rest.startsWith('.')) {
      if (base.length === 0) return null;
      base = base.slice(0, -1);
      rest = rest.slice(1);
    }
  } else base = [];
  if (rest === '') return base;
  const segments = splitKey(rest);
  // List indices written as `+1`, `01`, `1_0` name the same item as `1`: leave those to a session.
  if (segments.some((s) => /^\s*[+-]?\d/.test(s) && String(Number(s)) !== s)) return null;
  return [...base, ...segments];
}
