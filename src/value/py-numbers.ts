/**
 * Python's number conversions as the grammar's functions use them (`int('5')`, `float('1e2')`,
 * `int(3.9)`), with Python's error texts so that messages read like the reference's.
 */
import { pyStringRepr } from './value.js';

const PY_INT = /^[+-]?\d+(?:_\d+)*$/;
const PY_FLOAT = /^[+-]?(?:(?:\d+(?:_\d+)*)?\.?\d+(?:_\d+)*|\d+(?:_\d+)*\.)(?:[eE][+-]?\d+(?:_\d+)*)?$/;
const PY_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** Value of a lexed INT token (`+3`, `1_000`, `-0`). */
export function intFromToken(text: string): number {
  const n = Number(text.replace(/_/g, ''));
  return n === 0 ? 0 : n;
}

/** Value of a lexed FLOAT token (`1e3`, `.5`, `-INF`, `nan`, `1_0.5`). */
export function floatFromToken(text: string): number {
  const special = PY_SPECIAL.exec(text);
  if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  return Number(text.replace(/_/g, ''));
}

/** Python `int(s)` for a string: surrounding whitespace allowed, base 10 only. */
export function pyIntOfString(s: string): number {
  const t = s.trim();
  if (!PY_INT.test(t)) throw new Error(`invalid literal for int() with base 10: ${pyStringRepr(s)}`);
  return intFromToken(t);
}

/** Python `float(s)` for a string. */
export function pyFloatOfString(s: string): number {
  const t = s.trim();
  if (PY_SPECIAL.test(t)) return floatFromToken(t.replace(/infinity/i, 'inf'));
  if (!PY_FLOAT.test(t)) throw new Error(`could not convert string to float: ${pyStringRepr(s)}`);
  return Number(t.replace(/_/g, ''));
}

/** Python `int(x)` for a float: truncation toward zero. */
export function pyIntOfFloat(x: number): number {
  if (Number.isNaN(x)) throw new Error('cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new Error('cannot convert float infinity to integer');
  const n = Math.trunc(x);
  return n === 0 ? 0 : n;
}
