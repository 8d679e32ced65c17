import { isContainer, isDict, isList, type CfgDict, type CfgList, type CfgValue } from '../value.js';
import type { Element, Interpolation, TextPart } from './ast.js';
import { hasInterpolation } from './parser.js';
import { Location, splitKey } from './location.js';
import type { ResolveMemo } from './memo.js';
import { resolvePath } from './resolve.js';
import { ResolutionSession, type ResolveOptions } from './session.js';

/**
 * Resolution of a sequence of similar trees (the jobs of a sweep, which differ from each other in a
 * few overridden values) that re-evaluates only the interpolations whose inputs changed.
 *
 * Each interpolation string ("leaf") has static dependencies: the key paths its node interpolations
 * name. Between two consecutive trees, the changed paths are found by identity (composition shares
 * every untouched container). A leaf is dirty when its text changed, it depends on a changed path
 * or on a dirty leaf (prefix either way: a container and what is inside it), or its dependencies are
 * not static (a computed key, a resolver outside `stableResolvers`); dirty leaves are resolved in a
 * session as usual, clean ones keep the previous tree's value. Trees this cannot reason about
 * (a container interpolated into a string) are resolved in full.
 */
export interface ReuseState {
  prevRoot?: CfgDict;
  leaves: Map<string, LeafState>;
}

type Path = readonly string[];
interface LeafState {
  raw: string;
  path: Path;
  /** Null: not static, always re-evaluated. */
  deps: Path[] | null;
  /** Targets interpolated into text: must not be containers (see `unsafe`). */
  textDeps: Path[];
  /** A computed key interpolated into text: its target is unknown, so never safe. */
  textDynamic: boolean;
  value?: CfgValue;
}

export function createReuseState(): ReuseState {
  return { leaves: new Map() };
}

/** `resolvePath(root, at)` (as a fresh value, `at` given as segments), reusing what `state` saw last. */
export function resolveIncrementally(
  root: CfgDict, at: Path, state: ReuseState, opts: ResolveOptions & { memo: ResolveMemo; stableResolvers: ReadonlySet<string> },
): CfgValue {
  const start = descend(root, at);
  const prev = state.prevRoot;
  state.prevRoot = undefined;
  if (start === undefined) return resolvePath(root, at, opts);
  const leaves = new Map<string, LeafState>();
  collectLeaves(start, [...at], opts.memo, (path, raw) => {
    const key = path.join('\u0000');
    const old = state.leaves.get(key);
    leaves.set(key, old && old.raw === raw ? { ...old, path } : analyze(raw, path, opts));
  });
  const dirty = dirtyLeaves(leaves, prev, root);
  let out: CfgValue | undefined;
  if (![...dirty].some((k) => unsafe(root, leaves.get(k)!))) {
    const session = new ResolutionSession(root, opts);
    const locOf = (path: Path): Location => path.reduce((l, seg) => l.child(seg)!, session.root);
    try {
      out = build(start, [...at], opts.memo, (key) => {
        const leaf = leaves.get(key)!;
        if (!dirty.has(key)) return leaf.value!;
        return (leaf.value = session.resolve(locOf(leaf.path)));
      });
    } catch (e) {
      // Too deep for the stack: the full resolution below reports it as a config error.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  if (out === undefined) {
    out = resolvePath(root, at, opts);
    for (const leaf of leaves.values()) leaf.value = descend(out, leaf.path.slice(at.length));
  }
  state.leaves = leaves;
  state.prevRoot = root;
  return out;
}

function descend(root: CfgValue, path: Path): CfgValue | undefined {
  let cur: CfgValue | undefined = root;
  for (const seg of path) {
    if (isDict(cur)) cur = cur.get(seg);
    else if (isList(cur) && /^(0|[1-9]\d*)$/.test(seg)) cur = cur[Number(seg)];
    else return undefined;
  }
  return cur;
}

function collectLeaves(v: CfgValue, path: string[], memo: ResolveMemo, onLeaf: (path: Path, raw: string) => void): void {
  if (typeof v === 'string') {
    if (hasInterpolation(v)) onLeaf([...path], v);
    return;
  }
  if (!isContainer(v) || memo.isPlain(v)) return;
  for (const [k, x] of entriesOf(v)) {
    path.push(k);
    collectLeaves(x, path, memo, onLeaf);
    path.pop();
  }
}

function build(v: CfgValue, path: string[], memo: ResolveMemo, leaf: (key: string) => CfgValue): CfgValue {
  if (typeof v === 'string') return hasInterpolation(v) ? leaf(path.join('\u0000')) : v;
  if (!isContainer(v) || memo.isPlain(v)) return v;
  const resolveChild = (k: string, x: CfgValue): CfgValue => {
    path.push(k);
    try {
      return build(x, path, memo, leaf);
    } finally {
      path.pop();
    }
  };
  if (isList(v)) return v.map((x, i) => resolveChild(String(i), x));
  const out: CfgDict = new Map();
  for (const [k, x] of v) out.set(k, resolveChild(k, x));
  return out;
}

function entriesOf(c: CfgDict | CfgList): Iterable<[string, CfgValue]> {
  return isDict(c) ? c : c.map((x, i): [string, CfgValue] => [String(i), x]);
}

function overlaps(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Keys of the leaves to re-evaluate. A dependency is unchanged when both trees hold the identical
 * value there (composition shares untouched containers, so an identical container is an unchanged
 * subtree), reached through containers only (an interpolation on the way could lead anywhere).
 */
function dirtyLeaves(leaves: Map<string, LeafState>, prev: CfgDict | undefined, root: CfgDict): Set<string> {
  if (!prev) return new Set(leaves.keys());
  const dirty = new Set<string>();
  const same = (d: Path): boolean => {
    const before = reach(prev, d);
    return before !== undefined && before === reach(root, d);
  };
  let frontier: Path[] = [];
  for (const [key, leaf] of leaves) {
    // No value: new text (or not seen before); no deps: not static.
    if (leaf.deps === null || leaf.value === undefined || !leaf.deps.every(same)) {
      dirty.add(key);
      frontier.push(leaf.path);
    }
  }
  // Dirtiness spreads to leaves that read a dirty leaf or a container holding one.
  while (frontier.length > 0) {
    const next: Path[] = [];
    for (const [key, leaf] of leaves) {
      if (dirty.has(key) || !leaf.deps!.some((d) => frontier.some((c) => overlaps(d, c)))) continue;
      dirty.add(key);
      next.push(leaf.path);
    }
    frontier = next;
  }
  return dirty;
}

/** The value at `path` reached through containers only; undefined when absent or behind an interpolation. */
function reach(root: CfgValue, path: Path): CfgValue | undefined {
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
function unsafe(root: CfgDict, leaf: LeafState): boolean {
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
function analyze(raw: string, path: Path, opts: { memo: ResolveMemo; stableResolvers: ReadonlySet<string> }): LeafState {
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
    return { raw, path, deps: null, textDeps, textDynamic: true };
  }
  const [first] = parsed.parts;
  if (parsed.parts.length === 1 && typeof first === 'object') visitInterpolation(first, false);
  else visitParts(parsed.parts);
  return { raw, path, deps: isStatic ? deps : null, textDeps, textDynamic };
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
