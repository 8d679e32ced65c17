import { OrchError, didYouMean } from '../../errors.js';
import { cloneValue, isContainer, isDict, isList, MISSING, pyRepr, pyStr, type CfgDict, type CfgValue } from '../../value/value.js';
import type { Element, Interpolation, ParsedString, TextPart } from './ast.js';
import {
  InterpolationCycleError, InterpolationKeyError, InterpolationResolutionError, InterpolationToMissingValueError, UnknownResolverError,
} from './errors.js';
import { isIndexText, Location, splitKey } from './location.js';
import { hasInterpolation, parseInterpolationString } from './parser.js';
import type { ResolveMemo } from './memo.js';
import { ConfigNode, type ResolverContext, type ResolverRegistry, type SelectResult } from './registry.js';

export interface ResolveOptions {
  readonly resolvers: ResolverRegistry;
  /**
   * What an interpolation whose target is `???` gives. `keep` (default, as `OmegaConf.resolve` and
   * `--cfg job --resolve`): the value becomes `???`. `error`: InterpolationToMissingValueError, as an
   * application reading the value would get.
   */
  readonly onMissingTarget?: 'keep' | 'error';
  /**
   * Shared across resolutions (see memo.ts). With it, containers without interpolations are
   * returned as they are (not copied), so the result shares them with the input: do not mutate.
   */
  readonly memo?: ResolveMemo;
}

/** Result of dereferencing: a location whose raw value is not an interpolation, or a computed value. */
type Deref = { readonly loc: Location } | { readonly value: CfgValue };
type DerefMemo = Deref | { readonly error: unknown };

/**
 * One resolution pass over a tree. Every location is dereferenced and resolved at most once
 * (memoized), so a config resolves in time linear in its size plus the size of copied subtrees.
 * Interpolations inside a copied dict are resolved at their *source* location, as OmegaConf does.
 */
export class ResolutionSession {
  readonly root: Location;
  private readonly resolved = new Map<Location, CfgValue>();
  private readonly derefs = new Map<Location, DerefMemo>();
  private readonly resolving: Location[] = [];
  private readonly dereferencing: Location[] = [];
  private readonly parsed = new Map<string, ParsedString>();
  private readonly cache = new Map<string, CfgValue | ConfigNode>();

  constructor(root: CfgDict, private readonly opts: ResolveOptions) {
    this.root = Location.root(root);
  }

  /** Fully resolved value at `loc` (a fresh tree for containers; shared with the memo, do not mutate). */
  resolve(loc: Location): CfgValue {
    const done = this.resolved.get(loc);
    if (done !== undefined) return done;
    this.enter(this.resolving, loc);
    try {
      const value = this.compute(loc);
      this.resolved.set(loc, value);
      return value;
    } finally {
      this.resolving.pop();
    }
  }

  private compute(loc: Location): CfgValue {
    const raw = loc.value;
    if (loc.final) return raw;
    if (isContainer(raw) && this.opts.memo?.isPlain(raw)) return raw;
    if (isDict(raw)) return new Map([...raw.keys()].map((k) => [k, this.resolve(loc.child(k)!)]));
    if (isList(raw)) return raw.map((_, i) => this.resolve(loc.child(String(i))!));
    if (typeof raw !== 'string' || !hasInterpolation(raw)) return raw;
    let d: Deref;
    try {
      d = this.deref(loc);
    } catch (e) {
      if (e instanceof InterpolationToMissingValueError && this.opts.onMissingTarget !== 'error') return MISSING;
      throw e;
    }
    return this.valueOf(d);
  }

  private enter(stack: Location[], loc: Location): void {
    const i = stack.indexOf(loc);
    if (i >= 0) throw new InterpolationCycleError({ keyPath: loc.path, cycle: [...stack.slice(i), loc].map((l) => l.path || '<root>') });
    stack.push(loc);
  }

  /** Follows a value's interpolation (and chains of them) to the node it denotes, or computes it. */
  deref(loc: Location): Deref {
    const memo = this.derefs.get(loc);
    if (memo) {
      if ('error' in memo) throw memo.error;
      return memo;
    }
    const raw = loc.value;
    if (loc.final || typeof raw !== 'string' || !hasInterpolation(raw)) return { loc };
    this.enter(this.dereferencing, loc);
    try {
      const parsed = this.parse(raw, loc.path);
      const [first] = parsed.parts;
      const result: Deref = parsed.parts.length === 1 && typeof first === 'object'
        ? this.evalInterpolation(first, loc)
        : { value: this.concat(parsed.parts, loc) };
      this.derefs.set(loc, result);
      return result;
    } catch (e) {
      this.derefs.set(loc, { error: e });
      throw e;
    } finally {
      this.dereferencing.pop();
    }
  }

  private parse(s: string, keyPath: string): ParsedString {
    if (this.opts.memo) return this.opts.memo.parse(s, keyPath);
    let p = this.parsed.get(s);
    if (!p) this.parsed.set(s, (p = parseInterpolationString(s, { keyPath })));
    return p;
  }

  private valueOf(d: Deref): CfgValue {
    if ('value' in d) return d.value;
    const v = this.resolve(d.loc);
    return isContainer(v) && !this.opts.memo ? cloneValue(v) : v;
  }

  /** Python `str()` of an interpolation result; a dict or list prints as written (OmegaConf prints the node). */
  private strOf(d: Deref): string {
    if ('value' in d) return pyStr(d.value);
    const raw = d.loc.value;
    return isContainer(raw) ? pyRepr(this.resolved.get(d.loc) ?? raw) : pyStr(raw);
  }

  private concat(parts: readonly TextPart[], node: Location): string {
    return parts.map((p) => (typeof p === 'string' ? p : this.strOf(this.evalInterpolation(p, node)))).join('');
  }

  evalInterpolation(interp: Interpolation, node: Location): Deref {
    if (interp.kind === 'node') {
      const key = this.pieces(interp.key, node, 'key').join('');
      const target = this.lookup(key, node, interp.text, true);
      if (!target) throw this.keyNotFound(key, node, interp.text);
      const final = this.deref(target);
      if ('loc' in final && final.loc !== node && final.loc.contains(node)) {
        throw new InterpolationResolutionError({ keyPath: node.path, text: interp.text, detail: `interpolation to parent node '${final.loc.path || '<root>'}' detected` });
      }
      return final;
    }
    return this.callResolver(interp, node);
  }

  private callResolver(interp: Interpolation & { kind: 'resolver' }, node: Location): Deref {
    const name = this.pieces(interp.name, node, 'resolver name').join('.');
    const resolver = this.opts.resolvers.get(name);
    if (!resolver) {
      const names = this.opts.resolvers.names();
      throw new UnknownResolverError({ keyPath: node.path, resolverName: name, registered: names });
    }
    const args = interp.args.map((a) => this.evalElement(a, node));
    const cacheKey = JSON.stringify([name, interp.argsText]);
    let out: CfgValue | ConfigNode | undefined;
    if (resolver.useCache && this.cache.has(cacheKey)) out = this.cache.get(cacheKey);
    else {
      try {
        out = resolver.fn(args, this.context(node, interp.argsText)) ?? null;
      } catch (e) {
        if (e instanceof OrchError) throw e;
        throw new InterpolationResolutionError({ keyPath: node.path, text: interp.text, detail: `resolver '${name}' failed: ${e instanceof Error ? e.message : String(e)}`, cause: e });
      }
      if (resolver.useCache) this.cache.set(cacheKey, out);
    }
    if (out instanceof ConfigNode) return { loc: Location.virtual(out.value, node, false) };
    return isContainer(out) ? { loc: Location.virtual(out, node, true) } : { value: out! };
  }

  evalElement(el: Element, node: Location): CfgValue {
    switch (el.kind) {
      case 'scalar': return el.value;
      case 'interpolation': return this.valueOf(this.evalInterpolation(el.interpolation, node));
      case 'string': return this.concat(el.parts, node);
      case 'list': return el.items.map((x) => this.evalElement(x, node));
      case 'dict': return new Map(el.entries.map(([k, x]) => [k, this.evalElement(x, node)]));
    }
  }

  /** Key or resolver-name pieces; nested interpolations there must give strings. */
  private pieces(pieces: readonly (string | Interpolation)[], node: Location, what: string): string[] {
    return pieces.map((p) => {
      if (typeof p === 'string') return p;
      const v = this.valueOf(this.evalInterpolation(p, node));
      if (typeof v !== 'string') {
        throw new InterpolationResolutionError({ keyPath: node.path, text: p.text, detail: `it is used as a ${what} and must give a string, but gave ${pyRepr(v)}` });
      }
      return v;
    });
  }

  /**
   * OmegaConf's key lookup from a value: `.x` starts at the value's parent, each further dot one level
   * up, anything else at the root. Intermediate interpolations are followed. Undefined when not found.
   */
  lookup(key: string, node: Location, text: string, throwOnMissing: boolean): Location | undefined {
    let cur: Location | undefined = node.rootOf();
    let rest = key;
    if (key.startsWith('.')) {
      cur = node.parent;
      rest = key.slice(1);
      while (rest.startsWith('.') && cur) { cur = cur.parent; rest = rest.slice(1); }
      if (!cur) return undefined;
    }
    if (rest === '') return cur;
    const segments = splitKey(rest);
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      if (isList(cur.value) && !isIndexText(seg)) {
        throw new InterpolationResolutionError({ keyPath: node.path, text, detail: `index '${seg}' of list '${cur.path}' is not an int` });
      }
      const child: Location | undefined = cur.child(seg);
      if (!child) return undefined;
      if (child.value === MISSING) {
        if (throwOnMissing) throw new InterpolationToMissingValueError({ keyPath: node.path, targetKey: child.path });
        return i === segments.length - 1 ? child : undefined;
      }
      if (i === segments.length - 1) return child;
      const d = this.deref(child);
      if ('value' in d || !isContainer(d.loc.value)) {
        if ('loc' in d && d.loc.value === null) return undefined;
        throw new InterpolationResolutionError({ keyPath: node.path, text, detail: `node '${child.path}' is not a container and thus cannot contain '${segments[i + 1]}'` });
      }
      cur = d.loc;
    }
    return cur;
  }

  private keyNotFound(key: string, node: Location, text: string): InterpolationKeyError {
    return new InterpolationKeyError({ keyPath: node.path, missingKey: key.replace(/^\.+/, ''), text, hint: this.suggestKey(key, node, text) });
  }

  /** "Did you mean" for the last segment of a dotted key, from the keys of its would-be parent. */
  private suggestKey(key: string, node: Location, text: string): string | undefined {
    if (key.includes('[')) return undefined;
    const cut = key.lastIndexOf('.');
    const prefix = key.slice(0, Math.max(cut, 0));
    const parentKey = cut < 0 ? '' : /^\.*$/.test(prefix) ? key.slice(0, cut + 1) : prefix;
    try {
      const parent = this.lookup(parentKey, node, text, false);
      const d = parent && this.deref(parent);
      const container = d && 'loc' in d ? d.loc.value : undefined;
      return isDict(container) ? didYouMean(key.slice(cut + 1), [...container.keys()], (near) => key.slice(0, cut + 1) + near) : undefined;
    } catch {
      return undefined;
    }
  }

  private context(node: Location, argsText: readonly string[]): ResolverContext {
    return {
      keyPath: node.path,
      parent: node.parent?.value,
      root: node.rootOf().value as CfgDict,
      argsText,
      select: (key) => this.select(key, node),
      evaluate: (el) => this.evalElement(el, node),
    };
  }

  private select(key: string, node: Location): SelectResult {
    let loc: Location | undefined;
    try {
      loc = this.lookup(key, node, key, false);
    } catch (e) {
      if (e instanceof InterpolationResolutionError) return { found: false };
      throw e;
    }
    if (!loc) return { found: false };
    if (loc.value === MISSING) return { found: true, missing: true, value: MISSING };
    const value = this.valueOf({ loc });
    return { found: true, missing: value === MISSING, value };
  }
}
