import { makeFloat, toJson, type Scalar } from '../../value/value.js';
import type { Interpolation, TextPart } from './ast.js';
import type { Token } from './lexer.js';

/** Turning tokens into values, as OmegaConf's grammar visitor does (`_createPrimitive`, `_unescape`). */

export type Item = Token | Interpolation;
export const isToken = (x: Item | undefined): x is Token => x !== undefined && 'start' in x;

/** Value of a run of primitive tokens: one token is typed (`42`, `true`, `null`), several make a string. */
export function primitiveValue(tokens: Token[]): Scalar {
  if (tokens.length > 1) return unescape(tokens).join('');
  const t = tokens[0]!;
  switch (t.type) {
    case 'NULL': return null;
    case 'BOOL': return t.text.toLowerCase() === 'true';
    case 'INT': return Number(t.text.replace(/_/g, ''));
    case 'FLOAT': return makeFloat(parseFloatToken(t.text));
    case 'ESC': return everyOther(t.text);
    default: return t.text;
  }
}

function parseFloatToken(text: string): number {
  const lower = text.toLowerCase().replace(/_/g, '');
  const sign = lower.startsWith('-') ? -1 : 1;
  if (lower.endsWith('inf')) return sign * Infinity;
  if (lower.endsWith('nan')) return NaN;
  return Number(lower);
}

/** Dict keys are strings in the value model; typed keys are written as JSON would (`1`, `true`). */
export function keyString(v: Scalar): string {
  return typeof v === 'string' ? v : toJson(v);
}

const everyOther = (s: string): string => [...s].filter((_, i) => i % 2 === 1).join('');

/**
 * OmegaConf's `_unescape`: ESC sequences lose their backslashes, `\${` becomes `${`, and an even run
 * of backslashes is halved only when an interpolation follows (or, in quotes, the string ends).
 */
export function unescape(items: Item[]): TextPart[] {
  const parts: TextPart[] = [];
  items.forEach((item, i) => {
    if (!isToken(item)) { parts.push(item); return; }
    const next = items[i + 1];
    const interpolationNext = next !== undefined && !isToken(next);
    let text = item.text;
    if (item.type === 'ESC_INTER') text = text.slice(-(Math.floor(text.length / 2) + 1));
    else if (item.type === 'ESC' || (item.type === 'TOP_ESC' && interpolationNext) ||
      (item.type === 'QUOTED_ESC' && (next === undefined || interpolationNext))) text = everyOther(text);
    parts.push(text);
  });
  return mergeStrings(parts);
}

export function mergeStrings<T>(parts: (string | T)[]): (string | T)[] {
  const out: (string | T)[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}
