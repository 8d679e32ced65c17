/**
 * `orch.run.dir`, `orch.sweep.dir` and `orch.sweep.subdir` resolved as path templates: literal text
 * (a `/` in it included) is the structure, and so is a value the project's config files hold
 * (`${paths.log_dir}` of lightning-hydra-template: the same value without the command line's
 * overrides). A value that comes from the command line (an override, a swept value,
 * `${orch.job.override_dirname}`) is one sanitized path segment (store/path-segments.ts): a `/` typed
 * there never makes dirs or leads out. `${now:...}` and `${oc.env:...}` keep their `/` too: the clock
 * and the user's environment are not job data, and `${oc.env:SCRATCH}/runs` must work as in Hydra.
 */
import { isDict, pyStr, type CfgDict, type CfgValue } from '../value/value.js';
import { hasInterpolation, parseInterpolationString, resolveExpression, type Interpolation, type ParsedString, type ResolveMemo, type ResolverRegistry } from './interpolation/index.js';
import { sanitizeSegment, shortenPath } from '../store/path-segments.js';
import { ORCH_NODE } from './orch-defaults.js';
import { OrchError } from '../errors.js';
import type { OrchPath } from './orch-node.js';

/** The keys resolved as templates, as paths under the `orch` node. */
export const DIR_KEYS = [['run', 'dir'], ['sweep', 'dir'], ['sweep', 'subdir']] as const;

/** Resolvers whose output keeps its `/` (and `${orch:runtime.cwd}`): it does not come from the config or the overrides. */
const TRUSTED_RESOLVERS = new Set(['now', 'oc.env']);

export interface DirValue {
  value: string;
  /**
   * The directory the value must stay in: the resolved text before the first sanitized
   * interpolation, up to its last `/` (`outputs/multirun/${x}` -> `outputs/multirun`). The whole
   * value when nothing in it is sanitized.
   */
  root: string;
}

export interface DirTemplateOptions {
  resolvers: ResolverRegistry;
  memo?: ResolveMemo;
  /**
   * The config as the project's files compose it, before the command line's `key=value` overrides
   * (ComposeResult.fromFiles): an interpolated value equal to its value there keeps its `/`.
   * Without it every interpolated value is one segment.
   */
  reference?: CfgDict;
}

/**
 * `orch.<run|sweep>.<dir|subdir>` of a composed config as a template; undefined when unset.
 * `resolved` is the value the key resolved to: the common templates (one interpolation, or only
 * trusted ones) need nothing more, so a 100,000-job sweep pays no extra resolution for them.
 */
export function resolveDirTemplate(
  composed: CfgDict, key: readonly [string, string], resolved: CfgValue | undefined, opts: DirTemplateOptions,
): DirValue | undefined {
  const orch = composed.get(ORCH_NODE);
  const node = isDict(orch) ? orch.get(key[0]) : undefined;
  const raw = isDict(node) ? node.get(key[1]) : undefined;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || !hasInterpolation(raw)) return whole(pyStr(raw));
  const keyPath = `${ORCH_NODE}.${key[0]}.${key[1]}`;
  const parsed = opts.memo ? opts.memo.parse(raw, keyPath) : parseInterpolationString(raw, { keyPath });
  const shape = shapeOf(parsed);
  if (shape === 'trusted') return whole(pyStr(resolved ?? null));
  const fromFiles = (part: Interpolation, piece: string): boolean => opts.reference !== undefined && referenceValue(opts.reference, part.text, key, opts) === piece;
  if (shape === 'single') {
    const piece = pyStr(resolved ?? null);
    if (fromFiles(parsed.parts[0] as Interpolation, piece)) return whole(piece);
    return { value: shortenPath(sanitizeSegment(piece)), root: '' };
  }
  let value = '';
  let root: string | undefined;
  for (const part of parsed.parts) {
    if (typeof part === 'string') {
      value += part;
      continue;
    }
    const piece = pyStr(resolveExpression(composed, part.text, { resolvers: opts.resolvers, at: [ORCH_NODE, key[0]], keyPath }));
    if (isTrusted(part) || fromFiles(part, piece)) {
      value += piece;
      continue;
    }
    root ??= parentOf(value);
    value += sanitizeSegment(piece);
  }
  return { value: shortenPath(value), root: shortenPath(root ?? value) };
}

/**
 * The resolved `orch` node with its dir keys replaced by their template values, and the roots:
 * a new dict (the resolved one may be shared with other jobs); the same one when nothing changes.
 */
export function withDirTemplates(
  composed: CfgDict, orch: CfgDict, opts: DirTemplateOptions & { failed?: Map<string, OrchError>; unused?: readonly OrchPath[] },
): { orch: CfgDict; roots: DirRoots } {
  let out = orch;
  const roots: DirRoots = {};
  for (const key of DIR_KEYS) {
    const name = `${key[0]}.${key[1]}`;
    if (opts.failed?.has(key[0]) || opts.failed?.has(name)) continue;
    const node = out.get(key[0]);
    const unused = opts.unused?.some((u) => u.every((s, i) => s === key[i]));
    let dir: DirValue | undefined;
    try {
      dir = resolveDirTemplate(composed, key, isDict(node) ? node.get(key[1]) : undefined, opts);
    } catch (e) {
      // A dir this job does not use fails only where it is read (orch-node.ts).
      if (!unused || !(e instanceof OrchError) || !opts.failed) throw e;
      opts.failed.set(name, e);
      continue;
    }
    if (!dir) continue;
    if (key[1] === 'dir') roots[key[0]] = dir.root;
    // Unchanged values keep their type (`subdir: ${orch.job.num}` stays an int).
    if (!isDict(node) || pyStr(node.get(key[1]) ?? null) === dir.value) continue;
    if (out === orch) out = new Map(orch);
    out.set(key[0], new Map(node).set(key[1], dir.value));
  }
  return { orch: out, roots };
}

/** The roots of `orch.run.dir` and `orch.sweep.dir` (see DirValue.root). */
export interface DirRoots {
  run?: string;
  sweep?: string;
}

/** A dir with nothing sanitized in it: its own root. */
function whole(text: string): DirValue {
  const value = shortenPath(text);
  return { value, root: value };
}

/** The directory part of a template's literal prefix: `outputs/run_` -> `outputs`, `/x` -> `/`. */
function parentOf(prefix: string): string {
  const cut = prefix.lastIndexOf('/');
  return cut < 0 ? '' : cut === 0 ? '/' : prefix.slice(0, cut);
}

/**
 * `trusted`: no interpolation to sanitize, the resolved value is the dir; `single`: the template is
 * one interpolation, the resolved value is its value; `mixed`: each part is evaluated on its own.
 * Cached per parse tree: a sweep's jobs share one.
 */
function shapeOf(parsed: ParsedString): 'trusted' | 'single' | 'mixed' {
  let shape = shapes.get(parsed);
  if (!shape) {
    const untrusted = parsed.parts.some((p) => typeof p !== 'string' && !isTrusted(p));
    shapes.set(parsed, (shape = !untrusted ? 'trusted' : parsed.parts.length === 1 ? 'single' : 'mixed'));
  }
  return shape;
}
const shapes = new WeakMap<ParsedString, 'trusted' | 'single' | 'mixed'>();

/**
 * What an interpolation of a dir template gives in the reference config, or undefined when it does
 * not resolve there (a key only an override adds). With a memo (one clock), once per reference and
 * text: every job of a sweep with the same group choices shares its reference.
 */
function referenceValue(reference: CfgDict, text: string, key: readonly [string, string], opts: DirTemplateOptions): string | undefined {
  const compute = (): string | undefined => {
    try {
      return pyStr(resolveExpression(reference, text, { resolvers: opts.resolvers, at: [ORCH_NODE, key[0]] }));
    } catch (e) {
      if (!(e instanceof OrchError)) throw e;
      return undefined;
    }
  };
  if (!opts.memo) return compute();
  let perMemo = referenceValues.get(opts.memo);
  if (!perMemo) referenceValues.set(opts.memo, (perMemo = new WeakMap()));
  let perRef = perMemo.get(reference);
  if (!perRef) perMemo.set(reference, (perRef = new Map()));
  const slot = `${key[0]}\u0000${text}`;
  if (!perRef.has(slot)) perRef.set(slot, compute());
  return perRef.get(slot);
}
const referenceValues = new WeakMap<ResolveMemo, WeakMap<CfgDict, Map<string, string | undefined>>>();

function isTrusted(part: Interpolation): boolean {
  if (part.kind === 'node') return part.key.length === 1 && part.key[0] === `${ORCH_NODE}.${CWD}`;
  if (!part.name.every((p) => typeof p === 'string')) return false;
  const name = part.name.join('.');
  // Where orch was started is the user's, as the environment is: `${orch:runtime.cwd}/outputs` keeps its `/`.
  return TRUSTED_RESOLVERS.has(name) || (name === ORCH_NODE && part.argsText.length === 1 && part.argsText[0]!.trim() === CWD);
}
const CWD = 'runtime.cwd';
