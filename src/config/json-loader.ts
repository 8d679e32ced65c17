import { readConfigText } from './read-config-file.js';
import { parseOrderedJson } from './ordered-json.js';
import { isDict, type CfgDict, type CfgList } from '../value/value.js';
import { ConfigLoadError, YamlSyntaxError } from './errors.js';
import { NESTING_DETAIL, NESTING_HINT } from '../value/limits.js';
import type { ParsedYaml } from './yaml-loader.js';

/** JSON has no comments, so a JSON config names its package with a top-level `"@package"` key. */
export const JSON_PACKAGE_KEY = '@package';

/** A JSON config file: key order kept, `2.0` a float, file:line:column on syntax errors. */
export function parseJsonConfig(text: string, file: string): ParsedYaml {
  let content;
  try {
    content = parseOrderedJson(text.trim() === '' ? '{}' : text);
  } catch (err) {
    const m = /^JSON: (.*) at offset (\d+)$/.exec((err as Error).message);
    if (!m) throw err;
    const { line, column } = lineColumn(text, Number(m[2]));
    const tooDeep = m[1] === NESTING_DETAIL;
    throw new YamlSyntaxError({ file, line, column, detail: tooDeep ? m[1]! : `invalid JSON: ${m[1]}`, hint: tooDeep ? NESTING_HINT : undefined });
  }
  if (!isDict(content) && !Array.isArray(content)) {
    throw new ConfigLoadError({ message: `${file}: the top level of a config must be an object or an array, got a scalar` });
  }
  let packageHeader: string | null = null;
  if (isDict(content) && content.has(JSON_PACKAGE_KEY)) {
    const pkg = content.get(JSON_PACKAGE_KEY);
    if (typeof pkg !== 'string') throw new ConfigLoadError({ message: `${file}: "${JSON_PACKAGE_KEY}" must be a string such as "_global_"` });
    packageHeader = pkg;
    content = new Map([...content].filter(([k]) => k !== JSON_PACKAGE_KEY));
  }
  return { content: content as CfgDict | CfgList, packageHeader };
}

export function loadJsonFile(path: string, displayName = path): ParsedYaml {
  return parseJsonConfig(readConfigText(path, displayName), displayName);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
