/**
 * Parsed values back to override text, as Hydra's basic sweeper writes each job's overrides
 * (`Override._get_value_element_as_str`): Python's str() for numbers and bools (`1e3` -> `1000.0`,
 * `true` -> `True`), no blanks in lists and dicts, quoted strings re-quoted, and the grammar's
 * special characters escaped in unquoted strings (`${b}` -> `$\{b\}`), so the text parses back
 * to the same value.
 */
import type { Override, ParsedValue } from './types.js';
import { isSweep } from './types.js';
import { pyFloatRepr } from '../value/value.js';
import { withQuotes } from './quoting.js';

/** Characters with a meaning in unquoted values (Hydra's `_ESC`), backslash first. */
const SPECIAL = /[\\()[\]{}:=, \t]/g;

export function escapeSpecialCharacters(s: string): string {
  return s.replace(SPECIAL, (c) => `\\${c}`);
}

/** Python's str() of an int held in a JS number (no exponent for big values). */
function pyIntStr(n: number): string {
  return Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n);
}

export function renderValue(v: ParsedValue): string {
  switch (v.kind) {
    case 'null': return 'null';
    case 'int': return v.exact !== undefined ? v.exact.toString() : pyIntStr(v.value);
    case 'float': return pyFloatRepr(v.value);
    case 'bool': return v.value ? 'True' : 'False';
    case 'string': return v.quote ? withQuotes(v.text, v.quote) : escapeSpecialCharacters(v.text);
    case 'list': return `[${v.items.map(renderValue).join(',')}]`;
    case 'dict': {
      const keys = v.typedKeys;
      const parts = v.entries.map(([k, x], i) => `${keys?.[i] ? renderValue(keys[i]!) : escapeSpecialCharacters(k)}:${renderValue(x)}`);
      return `{${parts.join(',')}}`;
    }
  }
}

/** The part before `=` as the sweeper writes it: prefix, key, `@package`. */
export function renderKey(o: Pick<Override, 'kind' | 'key' | 'pkg'>): string {
  const prefix = o.kind === 'delete' ? '~' : o.kind === 'add' ? '+' : o.kind === 'forceAdd' ? '++' : '';
  return o.pkg === undefined ? `${prefix}${o.key}` : `${prefix}${o.key}@${o.pkg}`;
}

/** A non-sweep override as one job's override string (`~b` -> `~b=null`, `lst=[1, 2]` -> `lst=[1,2]`). */
export function renderOverride(o: Override): string {
  if (isSweep(o.value)) throw new Error(`renderOverride: '${o.input}' is a sweep; expand it first`);
  return `${renderKey(o)}=${o.value === undefined ? 'null' : renderValue(o.value)}`;
}
