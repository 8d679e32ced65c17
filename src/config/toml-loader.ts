import { createRequire } from 'node:module';
import { readConfigText } from './read-config-file.js';
import { makeFloat, makeInt, type CfgDict, type CfgValue } from '../value/value.js';
import { readPackageHeader, type ParsedYaml } from './yaml-loader.js';
import { ConfigLoadError, YamlSyntaxError } from './errors.js';
import { MAX_NESTING, NESTING_DETAIL, NESTING_HINT } from '../value/limits.js';

/**
 * A TOML config file, with the semantics of a YAML one: the same `# @package` header (TOML comments
 * are `#` too), `defaults` as an array, `${...}` interpolations in strings. TOML keeps ints and floats
 * apart (`2` vs `2.0`), which the value model needs, so integers are read as BigInt and narrowed.
 * TOML has no null: keys whose value is null belong in a YAML or JSON file (or an override).
 */
type TomlLibrary = typeof import('smol-toml');
let library: TomlLibrary | undefined;
/** Loaded on first use (required, not imported), so projects without TOML files never pay for it. */
const toml = (): TomlLibrary => (library ??= createRequire(import.meta.url)('smol-toml') as TomlLibrary);

export function parseTomlConfig(text: string, file: string): ParsedYaml {
  const { parse, TomlError } = toml();
  let table: Record<string, unknown>;
  try {
    table = parse(text, { integersAsBigInt: true, maxDepth: MAX_NESTING });
  } catch (err) {
    if (err instanceof TomlError) {
      const detail = err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      if (detail.includes('excessively nested')) throw new YamlSyntaxError({ file, line: err.line, column: err.column, detail: NESTING_DETAIL, hint: NESTING_HINT });
      throw new YamlSyntaxError({ file, line: err.line, column: err.column, detail: `invalid TOML: ${detail}` });
    }
    throw err;
  }
  // maxDepth counts inline arrays and tables only; `[a.b.c...]` headers and dotted keys nest too.
  if (nestingDepth(table) > MAX_NESTING) throw new ConfigLoadError({ message: `${file}: ${NESTING_DETAIL}`, hint: NESTING_HINT });
  return { content: convert(table) as CfgDict, packageHeader: readPackageHeader(text, file) };
}

export function loadTomlFile(path: string, displayName = path): ParsedYaml {
  return parseTomlConfig(readConfigText(path, displayName), displayName);
}

/** Levels of objects/arrays in `root`, walked without recursion (so any depth can be measured). */
function nestingDepth(root: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object' || v instanceof toml().TomlDate) continue;
    max = Math.max(max, d);
    if (max > MAX_NESTING) break;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

function convert(v: unknown): CfgValue {
  if (typeof v === 'bigint') return makeInt(v);
  if (typeof v === 'number') return makeFloat(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  // Dates have no place in the config model: kept as the text the file wrote.
  if (v instanceof toml().TomlDate) return v.toISOString();
  if (Array.isArray(v)) return v.map(convert);
  const out: CfgDict = new Map();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out.set(k, convert(x));
  return out;
}
