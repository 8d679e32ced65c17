import { isDict, type CfgValue, type CfgList } from '../value/value.js';
import { ConfigDefault, GroupDefault, type InputDefault } from './default-element.js';
import { ConfigLoadError } from './errors.js';

/**
 * The `defaults:` list of a config file, parsed once per file into element templates; `create()`
 * makes fresh elements for each defaults-tree build (elements are mutated while building).
 *
 *   - path[@pkg]                          a config (`_self_` is the containing config itself)
 *   - [optional] [override] group[@pkg]: option | [options] | null | ???
 */
export type DefaultTemplate =
  | { kind: 'config'; path: string; pkg: string | null }
  | { kind: 'group'; group: string; value: string | string[] | null; pkg: string | null; optional: boolean; override: boolean };

export function createElement(t: DefaultTemplate): InputDefault {
  return t.kind === 'config'
    ? new ConfigDefault(t.path, t.pkg)
    : new GroupDefault(t.group, Array.isArray(t.value) ? [...t.value] : t.value, t.pkg, t.optional, t.override);
}

function splitPackage(text: string): { name: string; pkg: string | null } {
  const at = text.indexOf('@');
  if (at === -1) return { name: text, pkg: null };
  const pkg = text.slice(at + 1);
  // `group@pkg:pkg2` was Hydra 1.0's package rename; only the first package counts.
  const colon = pkg.indexOf(':');
  return { name: text.slice(0, at), pkg: colon === -1 ? pkg : pkg.slice(0, colon) };
}

function typeName(v: CfgValue): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (isDict(v)) return 'dict';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'string' ? 'str' : 'float';
}

export function parseDefaultsList(configPath: string, raw: CfgValue): DefaultTemplate[] {
  if (!Array.isArray(raw)) {
    const got = isDict(raw) ? 'mapping' : typeName(raw);
    throw new ConfigLoadError({ message: `Invalid defaults list in '${configPath}', defaults must be a list (got ${got})` });
  }
  return (raw as CfgList).map((item) => parseItem(configPath, item));
}

function parseItem(configPath: string, item: CfgValue): DefaultTemplate {
  if (typeof item === 'string') {
    const { name, pkg } = splitPackage(item);
    return { kind: 'config', path: name, pkg };
  }
  if (!isDict(item)) throw new ConfigLoadError({ message: `In '${configPath}': unsupported type in defaults: ${typeName(item)}` });
  const entries = [...item].filter(([k]) => !(item.size > 1 && k === 'optional'));
  const legacyOptional = item.size > 1 && item.get('optional') === true;
  if (entries.length !== 1) {
    throw new ConfigLoadError({
      message: entries.length === 0 ? `In '${configPath}': missing group name in a defaults item` : `In '${configPath}': too many keys in default item {${entries.map(([k]) => k).join(', ')}}`,
    });
  }
  const [key, value] = entries[0]!;
  const { name, pkg } = splitPackage(key);
  const words = name.split(' ');
  const group = words.pop()!;
  let optional = legacyOptional;
  let override = false;
  for (const w of words) {
    if (w === 'optional') optional = true;
    else if (w === 'override') override = true;
    else break;
  }
  if (value !== null && typeof value !== 'string' && !Array.isArray(value)) {
    throw new ConfigLoadError({ message: `In '${configPath}': unsupported item value in defaults for '${group}': ${typeName(value)}. Supported: string or list` });
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      if (typeof v !== 'string') {
        throw new ConfigLoadError({ message: `In '${configPath}': unsupported item value in defaults for '${group}': ${typeName(v)}, nested list items must be strings` });
      }
    }
  }
  return { kind: 'group', group, value: value as string | string[] | null, pkg, optional, override };
}
