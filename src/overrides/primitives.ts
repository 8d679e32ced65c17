/**
 * Values of single tokens and the small conversions the parser needs: a one-token primitive is
 * typed by its token (Hydra's `_createPrimitive`), an ESC token is unescaped, and a dict key gets
 * the string name a config key has.
 */
import type { ParsedValue } from './types.js';
import type { Token } from './lexer.js';
import { floatFromToken, intFromToken } from '../value/py-numbers.js';
import { pyFloatRepr } from '../value/value.js';

/** An INT token as a parsed int, exact beyond 2^53. */
function intValue(text: string): ParsedValue {
  const value = intFromToken(text);
  return Number.isSafeInteger(value) ? { kind: 'int', value } : { kind: 'int', value, exact: BigInt(text.replace(/_/g, '')) };
}

export function typedPrimitive(t: Token): ParsedValue {
  switch (t.type) {
    case 'INT': return intValue(t.text);
    case 'FLOAT': return { kind: 'float', value: floatFromToken(t.text) };
    case 'BOOL': return { kind: 'bool', value: t.text.toLowerCase() === 'true' };
    case 'NULL': return { kind: 'null' };
    case 'ESC': return { kind: 'string', text: unescapeEsc(t.text) };
    default: return { kind: 'string', text: t.text };
  }
}

/** `\,` -> `,`: an ESC token is pairs of backslash + character. */
export function unescapeEsc(text: string): string {
  let out = '';
  for (let j = 1; j < text.length; j += 2) out += text[j];
  return out;
}

/** The config key of a dict key, as JSON would write it (`1`, `1.5`, `true`); undefined for null. */
export function dictKeyName(k: ParsedValue): string | undefined {
  switch (k.kind) {
    case 'string': return k.text;
    case 'int': return String(k.value);
    case 'bool': return k.value ? 'true' : 'false';
    case 'float':
      if (Number.isNaN(k.value)) return 'NaN';
      if (!Number.isFinite(k.value)) return k.value > 0 ? 'Infinity' : '-Infinity';
      return pyFloatRepr(k.value);
    default: return undefined;
  }
}
