/**
 * A parsed override value as a config value: quoted or not, a string is its text; floats go
 * through `makeFloat` (so `1e3` stays the float 1000.0); dicts become Maps keyed as JSON would
 * write the key (`{1:a, true:t}` -> keys `1`, `true`).
 */
import type { ParsedValue } from './types.js';
import { makeFloat, makeInt, type CfgValue } from '../value/value.js';

export function toCfgValue(v: ParsedValue): CfgValue {
  switch (v.kind) {
    case 'int': return v.exact !== undefined ? makeInt(v.exact) : v.value;
    case 'float': return makeFloat(v.value);
    case 'bool': return v.value;
    case 'null': return null;
    case 'string': return v.text;
    case 'list': return v.items.map(toCfgValue);
    case 'dict': return new Map(v.entries.map(([k, x]) => [k, toCfgValue(x)]));
  }
}
