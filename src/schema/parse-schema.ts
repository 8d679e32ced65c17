import { didYouMean } from '../errors.js';
import { isDict, isList, numberOf, pyRepr, type CfgValue } from '../value/value.js';
import { checkValue } from './check-value.js';
import { SchemaDefinitionError } from './errors.js';
import { lineOfKey } from './locate.js';
import { SCHEMA_TYPES, type SchemaNode, type SchemaType } from './types.js';

const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;
const COUNT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems'] as const;
/** Read and kept for editors, but orch does not act on them. */
const IGNORED = ['$schema', '$id', '$comment', 'title', 'examples', 'deprecated'];
const KEYWORDS = [
  'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'pattern', 'default', 'description',
  ...NUMBER_KEYWORDS, ...COUNT_KEYWORDS, ...IGNORED,
];

/**
 * Reads the YAML value of a schema file into schema nodes, rejecting what orch would otherwise
 * misread: unknown keywords (`descripton`), unknown type names (`int`), a `required` key that is not
 * a property, a bad regex, and a `default` that breaks its own schema. The top level is an object
 * schema; `type: object` may be left out there.
 */
/** `file` is how messages name it; `readPath` where to read it again to find a line (default: `file`). */
export function parseSchema(raw: CfgValue, file: string, readPath = file): SchemaNode {
  if (!isDict(raw)) throw new SchemaDefinitionError({ file, path: '', problem: 'the top level must be a mapping (type, properties, ...)' });
  const node = parseNode(raw, { file, readPath, path: [] });
  if (node.types && !node.types.includes('object')) {
    throw problem({ file, readPath, path: ['type'] }, `the top level describes a config, so its type must be object, not ${node.types.join(', ')}`);
  }
  return node.types ? node : { ...node, types: ['object'] };
}

interface At {
  file: string;
  readPath: string;
  path: string[];
}

function problem(at: At, message: string, hint?: string): SchemaDefinitionError {
  return new SchemaDefinitionError({ file: at.file, path: at.path.join('.'), problem: message, line: lineOfKey(at.readPath, at.path), hint });
}

function parseNode(raw: CfgValue, at: At): SchemaNode {
  if (!isDict(raw)) throw problem(at, `expected a mapping of schema keywords, got ${pyRepr(raw)}`, 'Write e.g. {type: integer, minimum: 1, description: ...}.');
  for (const k of raw.keys()) {
    if (!KEYWORDS.includes(k)) {
      const guess = didYouMean(k, KEYWORDS);
      throw problem({ ...at, path: [...at.path, k] }, `unknown keyword '${k}'${guess ? ` (${guess})` : ''}`,
        `Supported: ${KEYWORDS.filter((w) => !IGNORED.includes(w)).join(', ')}. Keys of the config go under 'properties'.`);
    }
  }
  const sub = (...p: string[]): At => ({ ...at, path: [...at.path, ...p] });
  const node: SchemaNode = { additionalProperties: true, origin: { file: at.file, path: at.path.join('.'), readPath: at.readPath } };
  if (raw.has('type')) node.types = parseTypes(raw.get('type')!, sub('type'));
  if (raw.has('enum')) {
    const e = raw.get('enum')!;
    if (!isList(e) || e.length === 0) throw problem(sub('enum'), 'enum must be a non-empty list of allowed values');
    node.enum = e;
  }
  if (raw.has('const')) node.enum = [raw.get('const')!];
  for (const k of NUMBER_KEYWORDS) {
    if (!raw.has(k)) continue;
    const n = numberOf(raw.get(k));
    if (n === undefined) throw problem(sub(k), `${k} must be a number, got ${pyRepr(raw.get(k)!)}`);
    node[k] = n;
  }
  for (const k of COUNT_KEYWORDS) {
    if (!raw.has(k)) continue;
    const n = raw.get(k);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw problem(sub(k), `${k} must be a non-negative integer, got ${pyRepr(n!)}`);
    node[k] = n;
  }
  if (raw.has('pattern')) node.pattern = parsePattern(raw.get('pattern')!, sub('pattern'), node);
  if (raw.has('description')) {
    const d = raw.get('description');
    if (typeof d !== 'string') throw problem(sub('description'), 'description must be a string');
    node.description = d.trim();
  }
  if (raw.has('items')) node.items = parseNode(raw.get('items')!, sub('items'));
  if (raw.has('properties')) {
    const props = raw.get('properties')!;
    if (!isDict(props)) throw problem(sub('properties'), 'properties must be a mapping from key to schema');
    node.properties = new Map([...props].map(([k, v]) => [k, parseNode(v, sub('properties', k))]));
    // Closed by default: a typo in a config key must not pass silently.
    node.additionalProperties = false;
  }
  if (raw.has('additionalProperties')) {
    const a = raw.get('additionalProperties')!;
    node.additionalProperties = typeof a === 'boolean' ? a : parseNode(a, sub('additionalProperties'));
    node.additionalExplicit = true;
  }
  if (raw.has('required')) node.required = parseRequired(raw.get('required')!, node, sub('required'));
  if (raw.has('default')) checkDefault(raw.get('default')!, node, sub('default'));
  return node;
}

function parseTypes(v: CfgValue, at: At): SchemaType[] {
  const names = isList(v) ? v : [v];
  return names.map((n) => {
    if (typeof n === 'string' && (SCHEMA_TYPES as readonly string[]).includes(n)) return n as SchemaType;
    const alias: Record<string, SchemaType> = { int: 'integer', float: 'number', bool: 'boolean', str: 'string', list: 'array', dict: 'object', None: 'null' };
    // A Python or YAML name of a type (int, None) is suggested as such however far it is spelled from it.
    const guess = typeof n !== 'string' ? undefined : alias[n] ? didYouMean(alias[n], [alias[n]]) : didYouMean(n, SCHEMA_TYPES);
    throw problem(at, `unknown type ${pyRepr(n === null ? 'null' : n)}${guess ? ` (${guess})` : ''}`,
      `Types are JSON Schema names: ${SCHEMA_TYPES.join(', ')}; nullable is written type: [integer, 'null'].`);
  });
}

function parsePattern(v: CfgValue, at: At, node: SchemaNode): string {
  if (typeof v !== 'string') throw problem(at, 'pattern must be a string (a regular expression)');
  try {
    node.patternRegex = new RegExp(v, 'u');
  } catch (err) {
    throw problem(at, `pattern is not a valid regular expression: ${(err as Error).message}`);
  }
  return v;
}

function parseRequired(v: CfgValue, node: SchemaNode, at: At): string[] {
  if (!isList(v) || !v.every((k) => typeof k === 'string')) throw problem(at, 'required must be a list of property names');
  const keys = v as string[];
  for (const k of keys) {
    if (!node.properties?.has(k)) throw problem(at, `required key '${k}' is not one of the properties (${[...(node.properties?.keys() ?? [])].join(', ') || 'none'})`);
  }
  return keys;
}

function checkDefault(value: CfgValue, node: SchemaNode, at: At): void {
  const bad = checkValue(value, node);
  if (bad.length) throw problem(at, `the default ${pyRepr(value)} does not match its own schema: expected ${bad[0]!.expected}`);
  node.default = value;
}

/** Merges a group's schema with an option's: properties by key (the option wins), required joined. */
export function mergeSchemas(base: SchemaNode, over: SchemaNode): SchemaNode {
  const properties = new Map(base.properties ?? []);
  for (const [k, v] of over.properties ?? []) properties.set(k, base.properties?.has(k) ? mergeSchemas(base.properties.get(k)!, v) : v);
  const merged: SchemaNode = { ...base, ...over, origin: over.origin };
  if (base.properties || over.properties) merged.properties = properties;
  // An option schema that only adds keys keeps the group's open/closed choice.
  if (!over.additionalExplicit) {
    merged.additionalProperties = base.additionalExplicit ? base.additionalProperties : !(base.properties || over.properties);
    if (base.additionalExplicit) merged.additionalExplicit = true;
  }
  if (base.required || over.required) merged.required = [...new Set([...(base.required ?? []), ...(over.required ?? [])])];
  return merged;
}
