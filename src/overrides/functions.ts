/**
 * The functions callable in an override value, as Hydra 1.3.2 registers them: the casts plus
 * choice, range, interval, glob, sort, shuffle and tag. `json_str` does not exist in 1.3.2 (the
 * conformance corpus checks that it is reported as unknown). Arguments are bound like Python binds
 * them (positional, then keyword; unknown keywords rejected); errors are plain `Error`s whose
 * message the parser shows after `name(...)`.
 */
import type { ParsedValue } from './types.js';
import { castElem, type CastName, type Elem, type FnSweep } from './casts.js';
import { createPyRandom } from './python-random.js';
import { pyCompare, pyTypeName } from '../value/py-compare.js';
import { rangeExtent } from './float-range.js';

export type { Elem } from './casts.js';

interface Signature {
  /** Positional-or-keyword parameters (functions without *args). */
  params?: string[];
  required?: number;
  /** Keyword-only parameters of *args functions. */
  keywords?: string[];
  impl: (pos: Elem[], kw: Map<string, Elem>) => Elem;
}

const cast = (to: CastName): Signature => ({
  keywords: ['value'],
  impl: (pos, kw) => castElem(to, castInput(pos, kw.get('value'))),
});

const FUNCTIONS: Record<string, Signature> = {
  bool: cast('bool'),
  choice: { keywords: [], impl: (pos) => choice(pos) },
  float: cast('float'),
  glob: { params: ['include', 'exclude'], required: 1, impl: (_p, kw) => glob(kw.get('include')!, kw.get('exclude')) },
  int: cast('int'),
  interval: { params: ['start', 'end'], required: 2, impl: (_p, kw) => interval(kw.get('start')!, kw.get('end')!) },
  range: { params: ['start', 'stop', 'step'], required: 1, impl: (_p, kw) => range(kw) },
  shuffle: { keywords: ['sweep', 'list', 'seed'], impl: (pos, kw) => shuffle(pos, kw) },
  sort: { keywords: ['sweep', 'list', 'reverse'], impl: (pos, kw) => sort(pos, kw) },
  str: cast('str'),
  tag: { keywords: ['sweep'], impl: (pos, kw) => tag(pos, kw.get('sweep')) },
};

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS).sort();

export function isKnownFunction(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}

export function callFunction(name: string, args: Elem[], kwargs: Array<[string, Elem]>): Elem {
  const sig = FUNCTIONS[name]!;
  // Hydra unquotes quoted strings passed directly as arguments ('5' -> 5 for int('5')).
  const unquote = (v: Elem): Elem => (v.kind === 'string' && v.quote ? { kind: 'string', text: v.text } : v);
  const pos = args.map(unquote);
  const kw = new Map<string, Elem>();
  if (sig.params) {
    if (pos.length > sig.params.length) {
      throw new TypeError(`${name}() takes from ${sig.required} to ${sig.params.length} positional arguments but ${pos.length} were given`);
    }
    pos.forEach((v, i) => kw.set(sig.params![i]!, v));
  }
  for (const [k, v] of kwargs) {
    const allowed = sig.params ?? sig.keywords ?? [];
    if (!allowed.includes(k)) throw new TypeError(`${name}() got an unexpected keyword argument '${k}'`);
    if (kw.has(k)) throw new TypeError(`${name}() got multiple values for argument '${k}'`);
    kw.set(k, unquote(v));
  }
  if (sig.params) {
    const missing = sig.params.slice(0, sig.required).filter((p) => !kw.has(p) || kw.get(p)!.kind === 'null');
    if (missing.length > 0) throw new TypeError(`${name}() missing required argument '${missing[0]}'`);
  }
  return sig.impl(sig.params ? [] : pos, kw);
}

function castInput(pos: Elem[], value: Elem | undefined): Elem {
  if (value !== undefined && value.kind !== 'null') {
    if (pos.length > 0) throw new TypeError('cannot use both position and named arguments');
    return value;
  }
  if (pos.length === 0) throw new TypeError('No positional args or value specified');
  return pos.length === 1 ? pos[0]! : simpleChoice(pos);
}

function simpleChoice(items: Elem[]): Extract<FnSweep, { kind: 'choice' }> {
  return { kind: 'choice', items: items.map(asValue), simple: true, tags: [], shuffle: false };
}

/** A sweep cannot be an item of another sweep or of a list. */
function asValue(v: Elem, i?: number): ParsedValue {
  if (v.kind === 'choice' || v.kind === 'range' || v.kind === 'interval' || v.kind === 'glob') {
    throw new TypeError(`argument ${i === undefined ? '' : i + 1 + ' '}is a ${pyTypeName(v)}; sweeps cannot be nested`);
  }
  return v;
}

function choice(args: Elem[]): FnSweep {
  if (args.length === 0) throw new Error('empty choice is not legal');
  const first = args[0]!;
  if (args.length === 1 && first.kind === 'choice') {
    if (first.simple) return { ...first, simple: false };
    throw new Error('nesting choices is not supported');
  }
  args.forEach((a, i) => {
    if (a.kind === 'null') throw new TypeError(`mismatch type argument args[${i}]: NoneType is incompatible with choice()`);
    if (a.kind === 'choice') throw new Error('nesting choices is not supported');
  });
  return { kind: 'choice', items: args.map(asValue), simple: false, tags: [], shuffle: false };
}

function numberArg(name: string, v: Elem | undefined, fallback: number): [number, boolean] {
  if (v === undefined || v.kind === 'null') return [fallback, false];
  if (v.kind === 'int' || v.kind === 'float') return [v.value, v.kind === 'float'];
  if (v.kind === 'bool') return [v.value ? 1 : 0, false];
  throw new TypeError(`mismatch type argument ${name}: ${pyTypeName(v)} is incompatible with Union[int, float]`);
}

function range(kw: Map<string, Elem>): FnSweep {
  let [start, f1] = numberArg('start', kw.get('start'), 0);
  let [stop, f2] = numberArg('stop', kw.get('stop'), NaN);
  const [step, f3] = numberArg('step', kw.get('step'), 1);
  if (Number.isNaN(stop) && !f2) {
    [start, stop, f1, f2] = [0, start, false, f1];
  }
  if (step === 0) throw new Error('range() arg 3 must not be zero');
  if (![start, stop, step].every(Number.isFinite)) throw new Error('range() bounds and step must be finite numbers');
  return { kind: 'range', start, stop, step, isFloat: f1 || f2 || f3, tags: [], shuffle: false };
}

function interval(start: Elem, end: Elem): FnSweep {
  return { kind: 'interval', start: numberArg('start', start, 0)[0], end: numberArg('end', end, 0)[0], tags: [] };
}

function strings(name: string, v: Elem): string[] {
  const items = v.kind === 'list' ? v.items : [v];
  return items.map((x) => {
    if (x.kind !== 'string') throw new TypeError(`mismatch type argument ${name}: ${pyTypeName(x)} is incompatible with Union[List[str], str]`);
    return x.text;
  });
}

function glob(include: Elem, exclude: Elem | undefined): FnSweep {
  const ex = exclude === undefined || exclude.kind === 'null' ? [] : strings('exclude', exclude);
  return { kind: 'glob', include: strings('include', include), exclude: ex, tags: [] };
}

function tag(args: Elem[], sweep: Elem | undefined): Elem {
  const all = sweep ? [...args, sweep] : args;
  if (all.length < 1) throw new Error('Not enough arguments to tag, must take at least a sweep');
  const last = all[all.length - 1]!;
  if (last.kind !== 'choice' && last.kind !== 'range' && last.kind !== 'interval') {
    throw new Error(`Last argument to tag() must be a choice(), range() or interval(), got ${pyTypeName(last)}`);
  }
  const tags = new Set<string>();
  for (const t of all.slice(0, -1)) {
    if (t.kind !== 'string') throw new Error(`tag arguments type must be string, got ${pyTypeName(t)}`);
    tags.add(t.text);
  }
  return { ...last, tags: [...tags].sort() };
}

function seedOf(v: Elem | undefined): number | undefined {
  if (v === undefined || v.kind === 'null') return undefined;
  if (v.kind !== 'int') throw new TypeError(`seed must be an int, got ${pyTypeName(v)}`);
  return v.value;
}

function shuffle(args: Elem[], kw: Map<string, Elem>): Elem {
  const seed = seedOf(kw.get('seed'));
  const input = kw.get('list') ?? kw.get('sweep');
  const items = input ? [input] : args;
  if (items.length === 1) {
    const arg = items[0]!;
    if (arg.kind === 'choice') return { ...arg, shuffle: true, seed };
    if (arg.kind === 'range') return { ...arg, shuffle: true, seed };
    if (arg.kind === 'list') {
      // A list is shuffled now (it is a value, not a sweep); unseeded means a fresh random order.
      const rng = createPyRandom(seed ?? Math.floor(Math.random() * 2 ** 32));
      return { kind: 'list', items: rng.shuffle([...arg.items]) };
    }
    if (arg.kind === 'interval' || arg.kind === 'glob' || arg.kind === 'null') {
      throw new TypeError(`mismatch type argument: ${pyTypeName(arg)} cannot be shuffled`);
    }
    return { kind: 'list', items: [arg] };
  }
  return { ...simpleChoice(items), shuffle: true, seed };
}

function sort(args: Elem[], kw: Map<string, Elem>): Elem {
  const rev = kw.get('reverse');
  if (rev !== undefined && rev.kind !== 'bool') {
    throw new TypeError(`mismatch type argument reverse: ${pyTypeName(rev)} is incompatible with bool`);
  }
  const reverse = rev?.value === true;
  const input = kw.get('list') ?? kw.get('sweep');
  const items = input ? [input] : args;
  if (items.length === 1) {
    const arg = items[0]!;
    if (arg.kind === 'choice' || arg.kind === 'range') return sortSweep(arg, reverse);
    if (arg.kind === 'list') return { kind: 'list', items: sortValues(arg.items, reverse) };
    if (arg.kind === 'interval' || arg.kind === 'glob') throw new TypeError(`Invalid arguments: cannot sort ${pyTypeName(arg)}`);
    return arg;
  }
  if (items.length === 0) throw new Error('empty sort input');
  for (const a of items) {
    if (!['int', 'float', 'bool', 'string'].includes(a.kind)) throw new TypeError(`Invalid arguments: cannot sort ${pyTypeName(a)} with other values`);
  }
  return sortSweep(simpleChoice(items), reverse);
}

function sortValues(items: ParsedValue[], reverse: boolean): ParsedValue[] {
  return [...items].sort((a, b) => (reverse ? pyCompare(b, a) : pyCompare(a, b)));
}

/**
 * A choice is sorted now. A range is flipped when its direction does not match the order asked
 * for, using its real last element as the new start. (Hydra 1.3.2 derived the new start from the
 * exclusive `stop`, so `sort(range(0,5,2),reverse=true)` gave 3,1,-1; fixed upstream, fixed here.)
 */
type ChoiceOrRange = Extract<FnSweep, { kind: 'choice' | 'range' }>;

function sortSweep(sweep: ChoiceOrRange, reverse: boolean): FnSweep {
  const sort = reverse ? 'desc' : 'asc';
  if (sweep.kind === 'choice') return { ...sweep, items: sortValues(sweep.items, reverse), sort };
  if (sweep.step > 0 !== reverse) return { ...sweep, sort };
  const { count, last } = rangeExtent(sweep.start, sweep.stop, sweep.step, sweep.isFloat);
  if (count <= 1 || last === undefined) return { ...sweep, sort };
  return { ...sweep, start: last, stop: sweep.start - sweep.step, step: -sweep.step, sort };
}
