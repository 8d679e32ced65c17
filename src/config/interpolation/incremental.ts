import { isContainer, isDict, isList, type CfgDict, type CfgList, type CfgValue } from '../../value/value.js';
import { hasInterpolation } from './parser.js';
import { Location } from './location.js';
import { analyze, descend, reach, unsafe, type Leaf, type Path } from './leaf-analysis.js';
import { createResolveMemo, type ResolveMemo, type ResolveMemoOptions } from './memo.js';
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
export interface IncrementalResolver {
  /** The parse cache of every tree resolved through this resolver (callers may parse through it too). */
  readonly memo: ResolveMemo;
  /**
   * `resolvePath(root, at)` (as a fresh value, `at` given as segments), reusing what the last call
   * with the same `slot` saw (one slot per part of a job, e.g. its `orch` node and its config).
   */
  resolve(root: CfgDict, at: Path, slot: string, opts: ResolveOptions): CfgValue;
}

export interface IncrementalResolverOptions extends ResolveMemoOptions {
  /**
   * Resolvers that give the same result for the same arguments while the resolver lives (e.g. `now`
   * with a fixed clock, `oc.env`), so values using them can be reused across trees. Default none.
   */
  readonly stableResolvers?: Iterable<string>;
}

/** One per sequence of similar trees (a sweep's jobs): it owns what the last tree of each slot left. */
export function createIncrementalResolver(opts: IncrementalResolverOptions = {}): IncrementalResolver {
  const memo = createResolveMemo(opts);
  const stableResolvers: ReadonlySet<string> = new Set(opts.stableResolvers ?? []);
  const states = new Map<string, ReuseState>();
  return {
    memo,
    resolve(root, at, slot, ropts) {
      let state = states.get(slot);
      if (!state) states.set(slot, (state = {}));
      return resolveIncrementally(root, at, state, { ...ropts, memo, stableResolvers });
    },
  };
}

/** What the last resolution through one slot saw. */
interface ReuseState {
  prevRoot?: CfgDict;
  /** Where the interpolations of the last tree are, with their last values. */
  tree?: Node;
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

function resolveIncrementally(root: CfgDict, at: Path, state: ReuseState, opts: Options): CfgValue {
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
