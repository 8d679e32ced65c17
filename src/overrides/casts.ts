/**
 * The cast functions `int() float() str() bool()` (Hydra's grammar_functions.cast_*): they apply to
 * a scalar, to every element of a list, to every value of a dict, to every choice of a sweep, and
 * to the bounds of a range (int/float only). Errors are thrown as plain `Error`s carrying Python's
 * message; the parser wraps them with the override and a caret.
 */
import type { ParsedValue, Sweep } from './types.js';
import { pyFloatRepr } from '../value/value.js';
import { pyFloatOfString, pyIntOfFloat, pyIntOfString } from '../value/py-numbers.js';

/** What a function call yields: a value or a sweep (zip() is not a function: see zip.ts). */
export type FnSweep = Exclude<Sweep, { kind: 'zip' }>;
export type Elem = ParsedValue | FnSweep;
export type CastName = 'int' | 'float' | 'str' | 'bool';

export function castElem(to: CastName, v: Elem): Elem {
  switch (v.kind) {
    case 'list':
      return { kind: 'list', items: v.items.map((x) => castValue(to, x)) };
    case 'dict':
      return { ...v, entries: v.entries.map(([k, x]) => [k, castValue(to, x)]) };
    case 'choice':
      // Like Hydra, the cast sweep keeps only its items and form (tags and shuffle are dropped).
      return { kind: 'choice', items: v.items.map((x) => castValue(to, x)), simple: v.simple, tags: [], shuffle: false };
    case 'range': {
      if (to !== 'int' && to !== 'float') throw new Error('Range can only be cast to int or float');
      const f = (n: number, isFloat: boolean): number => (to === 'int' ? (isFloat ? pyIntOfFloat(n) : n) : n);
      return {
        kind: 'range', start: f(v.start, v.isFloat), stop: f(v.stop, v.isFloat), step: f(v.step, v.isFloat),
        isFloat: to === 'float', tags: [], shuffle: false,
      };
    }
    case 'interval':
      if (to === 'str' || to === 'bool') throw new Error(`Intervals cannot be cast to ${to}`);
      if (to === 'int') return { ...v, start: pyIntOfFloat(v.start), end: pyIntOfFloat(v.end), isInt: true };
      return { kind: 'interval', start: v.start, end: v.end, tags: v.tags };
    case 'glob':
      throw new Error(`glob() cannot be cast to ${to}`);
    default:
      return castScalar(to, v);
  }
}

function castValue(to: CastName, v: ParsedValue): ParsedValue {
  return castElem(to, v) as ParsedValue;
}

function castScalar(to: CastName, v: ParsedValue): ParsedValue {
  if (v.kind === 'null') {
    // Python: bool(None) is False; int(None), float(None), str(None) are rejected by Hydra.
    if (to === 'bool') return { kind: 'bool', value: false };
    throw new Error(`null cannot be cast to ${to}`);
  }
  switch (to) {
    case 'int':
      if (v.kind === 'string') return { kind: 'int', value: pyIntOfString(v.text) };
      if (v.kind === 'float') return { kind: 'int', value: pyIntOfFloat(v.value) };
      if (v.kind === 'bool') return { kind: 'int', value: v.value ? 1 : 0 };
      if (v.kind === 'int') return v;
      break;
    case 'float':
      if (v.kind === 'string') return { kind: 'float', value: pyFloatOfString(v.text) };
      if (v.kind === 'bool') return { kind: 'float', value: v.value ? 1 : 0 };
      if (v.kind === 'int' || v.kind === 'float') return { kind: 'float', value: v.value };
      break;
    case 'str':
      if (v.kind === 'string') return { kind: 'string', text: v.text };
      if (v.kind === 'bool') return { kind: 'string', text: v.value ? 'true' : 'false' };
      if (v.kind === 'int') return { kind: 'string', text: String(v.value) };
      if (v.kind === 'float') return { kind: 'string', text: pyFloatRepr(v.value) };
      break;
    case 'bool':
      if (v.kind === 'string') {
        const t = v.text.toLowerCase();
        if (t === 'true' || t === 'false') return { kind: 'bool', value: t === 'true' };
        throw new Error(`Cannot cast '${v.text}' to bool`);
      }
      if (v.kind === 'int' || v.kind === 'float') return { kind: 'bool', value: v.value !== 0 };
      if (v.kind === 'bool') return v;
      break;
  }
  throw new Error(`cannot cast ${v.kind} to ${to}`);
}
