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
  /** Where the interpolations of the last tree are, with their last values. */
  tree?: Node;
}

type Path = readonly string[];

/** An interpolation string at `path`, its static dependencies and its last value. */
interface Leaf {
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

/** A container holding interpolations: its children that hold some, and its last resolved value. */
interface Branch {
  readonly kind: 'branch';
  readonly raw: CfgDict | CfgList;
  readonly path: Path;
  /** Children holding interpolations, and containers known to hold none (`Plain`). */
  readonly children: Map<string, Node>;
  readonly leaves: readonly Leaf[];
  out?: CfgValue;
}

/** A container without interpolations, remembered so an identical one next time is not scanned. */
interface Plain {
  readonly kind: 'plain';
  readonly raw: CfgDict | CfgList;
}

type Node = Branch | Leaf | Plain;

type Options = ResolveOptions & { memo: ResolveMemo; stableResolvers: ReadonlySet<string> };

export function createReuseState(): ReuseState {
  return {};
}

/** `resolvePath(root, at)` (as a fresh value, `at` given as segments), reusing what `state` saw last. */
export function resolveIncrementally(root: CfgDict, at: Path, state: ReuseState, opts: Options): CfgValue {
  const start = descend(root, at);
  const prev = state.prevRoot;
  const prevTree = prev ? state.tree : undefined;
  state.prevRoot = undefined;
  if (start === undefined) return resolvePath(root, at, opts);
  const tree = collect(start, [...at], prevTree, opts);
  if (!tree || tree.kind === 'plain') {
    state.prevRoot = root;
    state.tree = undefined;
    return start;
  }
  const leaves = tree.kind === 'leaf' ? [tree] : tree.leaves;
  markDirty(leaves, prev, root);
  let out: CfgValue | undefined;
  if (!leaves.some((l) => l.dirty && unsafe(root, l))) {
    const session = new ResolutionSession(root, opts);
    const locOf = (path: Path): Location => path.reduce((l, seg) => l.child(seg)!, session.root);
    try {
      out = build(start, tree, (leaf) => session.resolve(locOf(leaf.path)));
    } catch (e) {
      // Too deep for the stack: the full resolution below reports it as a config error.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  if (out === undefined) {
    out = resolvePath(root, at, opts);
    forget(tree, out, at.length);
  }
  state.tree = tree;
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

/**
 * The interpolations under `v`, reusing the previous tree's nodes: an identical container is the
 * same subtree (nothing to scan), an identical string the same leaf (analysis and value kept).
 */
function collect(v: CfgValue, path: string[], prev: Node | undefined, opts: Options): Node | undefined {
  if (typeof v === 'string') {
    if (!hasInterpolation(v)) return undefined;
    if (prev?.kind === 'leaf' && prev.raw === v) return prev;
    return analyze(v, [...path], opts);
  }
  if (!isContainer(v)) return undefined;
  if (prev !== undefined && prev.kind !== 'leaf' && prev.raw === v) return prev;
  // Without a previous node here the container is most likely a shared, already judged one; where
  // there was one, most likely a fresh copy (not worth remembering in the memo).
  if (!prev && opts.memo.isPlain(v)) return { kind: 'plain', raw: v };
  const prevChildren = prev?.kind === 'branch' ? prev.children : undefined;
  const children = new Map<string, Node>();
  const leaves: Leaf[] = [];
  for (const [k, x] of entriesOf(v)) {
    if (typeof x !== 'string' && !isContainer(x)) continue;
    path.push(k);
    const node = collect(x, path, prevChildren?.get(k), opts);
    path.pop();
    if (!node) continue;
    children.set(k, node);
    if (node.kind === 'leaf') leaves.push(node);
    else if (node.kind === 'branch') for (const l of node.leaves) leaves.push(l);
  }
  return leaves.length === 0 ? { kind: 'plain', raw: v } : { kind: 'branch', raw: v, path: [...path], children, leaves };
}

/** The resolved value of `v`: plain parts shared, clean leaves and clean subtrees reused. */
function build(v: CfgValue, node: Node, resolveLeaf: (leaf: Leaf) => CfgValue): CfgValue {
  if (node.kind === 'plain') return v;
  if (node.kind === 'leaf') {
    if (node.dirty || node.value === undefined) node.value = resolveLeaf(node);
    return node.value;
  }
  if (node.out !== undefined && !node.leaves.some((l) => l.dirty)) return node.out;
  node.out = undefined;
  let out: CfgValue;
  if (isList(v)) out = v.map((x, i) => { const c = node.children.get(String(i)); return c ? build(x, c, resolveLeaf) : x; });
  else {
    out = new Map();
    for (const [k, x] of v as CfgDict) {
      const c = node.children.get(k);
      out.set(k, c ? build(x, c, resolveLeaf) : x);
    }
  }
  return (node.out = out);
}

/** After a full resolution: leaf values read from its result, subtree results dropped. */
function forget(node: Node, out: CfgValue, depth: number): void {
  if (node.kind === 'plain') return;
  if (node.kind === 'leaf') {
    node.value = descend(out, node.path.slice(depth));
    return;
  }
  node.out = undefined;
  for (const c of node.children.values()) forget(c, out, depth);
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
 * Marks the leaves to re-evaluate. A dependency is unchanged when both trees hold the identical
 * value there (composition shares untouched containers, so an identical container is an unchanged
 * subtree), reached through containers only (an interpolation on the way could lead anywhere).
 */
function markDirty(leaves: readonly Leaf[], prev: CfgDict | undefined, root: CfgDict): void {
  const same = (d: Path): boolean => {
    const before = reach(prev!, d);
    return before !== undefined && before === reach(root, d);
  };
  let frontier: Path[] = [];
  for (const leaf of leaves) {
    // No value: new text (or not seen before); no deps: not static.
    leaf.dirty = !prev || leaf.deps === null || leaf.value === undefined || !leaf.deps.every(same);
    if (leaf.dirty) frontier.push(leaf.path);
  }
  // Dirtiness spreads to leaves that read a dirty leaf or a container holding one.
  while (frontier.length > 0) {
    const next: Path[] = [];
    for (const leaf of leaves) {
      if (leaf.dirty || !leaf.deps!.some((d) => frontier.some((c) => overlaps(d, c)))) continue;
      leaf.dirty = true;
      next.push(leaf.path);
    }
    frontier = next;
  }
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
function unsafe(root: CfgDict, leaf: Leaf): boolean {
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
function analyze(raw: string, path: Path, opts: Options): Leaf {
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
