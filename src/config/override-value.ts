import { isSweep, type Override, type ParsedValue } from '../overrides/types.js';
import { toCfgValue } from '../overrides/to-value.js';
import type { CfgValue } from '../value/value.js';

/** The config value an override assigns (Hydra's `override.value()`); undefined for `~key` and sweeps. */
export function overrideValue(o: Override): CfgValue | undefined {
  if (o.value === undefined || isSweep(o.value)) return undefined;
  return toCfgValue(o.value);
}

/** Python's type name of an override value, for messages that mirror Hydra's. */
export function pyTypeName(v: ParsedValue | undefined): string {
  if (v === undefined) return 'NoneType';
  return { int: 'int', float: 'float', bool: 'bool', null: 'NoneType', string: 'str', list: 'list', dict: 'dict' }[v.kind];
}

/** `key`, `key@pkg`: the override's key element without its `+`/`++`/`~` prefix. */
export function overrideKeyElement(o: Override): string {
  return o.pkg === undefined ? o.key : `${o.key}@${o.pkg}`;
}
