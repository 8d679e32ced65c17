import { Float, isDict, isInt, MISSING, numberOf, pyRepr, type CfgValue } from '../value/value.js';
import { didYouMean } from '../errors.js';
import type { MismatchKind, SchemaNode, SchemaType } from './types.js';

/** One mismatch found by `checkValue`, before it is placed in a job and traced to its source. */
export interface Mismatch {
  kind: MismatchKind;
  /** Key path relative to the checked value (`''` for the value itself). */
  path: string;
  expected: string;
  /** Undefined when the key is missing. */
  got?: string;
  schema: SchemaNode;
}

export interface CheckOptions {
  /** Child keys of an object that are not checked against `properties` (nested config groups). */
  exemptKeys?: (path: string) => readonly string[];
}

/**
 * Checks a config value against a schema node and returns every mismatch (not just the first).
 * Nothing is coerced: an int is a valid `number` (OmegaConf widens it), but `5.0` is not an
 * `integer` and `5` is not a `string`. `???` is left to the missing-value check.
 */
export function checkValue(value: CfgValue, schema: SchemaNode, options: CheckOptions = {}, path = ''): Mismatch[] {
  if (value === MISSING) return [];
  const out: Mismatch[] = [];
  const fail = (expected: string, at = path, got: string | undefined = pyRepr(value)) => out.push({ kind: 'value', path: at, expected, got, schema });
  if (schema.types && !schema.types.some((t) => hasType(value, t))) {
    fail(describeType(schema));
    return out;
  }
  if (schema.enum && !schema.enum.some((e) => sameValue(e, value))) {
    fail(`one of: ${schema.enum.map(pyRepr).join(', ')}`);
    return out;
  }
  const n = numberOf(value);
  if (n !== undefined) {
    const range = rangeText(schema);
    const inRange =
      (schema.minimum === undefined || n >= schema.minimum) && (schema.maximum === undefined || n <= schema.maximum) &&
      (schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum) && (schema.exclusiveMaximum === undefined || n < schema.exclusiveMaximum);
    if (!inRange) fail(`${describeType(schema)} ${range}`.trim());
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) fail(`a string of at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) fail(`a string of at most ${schema.maxLength} characters`);
    if (schema.patternRegex !== undefined && !schema.patternRegex.test(value)) fail(`a string matching /${schema.pattern}/`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail(`a list of at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`a list of at most ${schema.maxItems} items`);
    if (schema.items) value.forEach((x, i) => out.push(...checkValue(x, schema.items!, options, `${path}[${i}]`)));
  }
  if (isDict(value)) out.push(...checkObject(value, schema, options, path));
  return out;
}

function checkObject(value: Map<string, CfgValue>, schema: SchemaNode, options: CheckOptions, path: string): Mismatch[] {
  const out: Mismatch[] = [];
  const props = schema.properties ?? new Map<string, SchemaNode>();
  const join = (k: string) => (path ? `${path}.${k}` : k);
  for (const key of schema.required ?? []) {
    if (!value.has(key)) out.push({ kind: 'missing', path: join(key), expected: 'a value (the key is required)', schema: props.get(key) ?? schema });
  }
  const exempt = options.exemptKeys?.(path) ?? [];
  for (const [k, v] of value) {
    const child = props.get(k);
    if (child) out.push(...checkValue(v, child, options, join(k)));
    else if (exempt.includes(k)) continue;
    else if (schema.additionalProperties === false) {
      const known = [...props.keys()];
      const guess = didYouMean(k, known);
      const expected = `one of the declared keys ${known.join(', ') || '(none)'}${guess ? ` (${guess})` : ''}`;
      out.push({ kind: 'unknown', path: join(k), expected, got: pyRepr(v), schema });
    } else if (schema.additionalProperties !== true) out.push(...checkValue(v, schema.additionalProperties, options, join(k)));
  }
  return out;
}

export function hasType(v: CfgValue, t: SchemaType): boolean {
  switch (t) {
    case 'string': return typeof v === 'string';
    case 'integer': return isInt(v);
    case 'number': return numberOf(v) !== undefined;
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    case 'array': return Array.isArray(v);
    case 'object': return isDict(v);
  }
}

const TYPE_WORDS: Record<SchemaType, string> = {
  string: 'string', integer: 'integer', number: 'number (int or float)', boolean: 'boolean (true/false)', null: 'null', array: 'list', object: 'mapping',
};

/** `integer`, `string or null`, `list of number`. */
export function describeType(schema: SchemaNode): string {
  if (!schema.types) return 'any value';
  return schema.types.map((t) => (t === 'array' && schema.items?.types ? `list of ${describeType(schema.items)}` : TYPE_WORDS[t])).join(' or ');
}

/** `>= 1`, `in (0, 1]`, `''`. */
export function rangeText(s: SchemaNode): string {
  const lo = s.exclusiveMinimum ?? s.minimum;
  const hi = s.exclusiveMaximum ?? s.maximum;
  if (lo !== undefined && hi !== undefined) {
    return `in ${s.exclusiveMinimum !== undefined ? '(' : '['}${lo}, ${hi}${s.exclusiveMaximum !== undefined ? ')' : ']'}`;
  }
  if (lo !== undefined) return `${s.exclusiveMinimum !== undefined ? '>' : '>='} ${lo}`;
  if (hi !== undefined) return `${s.exclusiveMaximum !== undefined ? '<' : '<='} ${hi}`;
  return '';
}

function sameValue(a: CfgValue, b: CfgValue): boolean {
  const na = a instanceof Float ? a.value : a;
  const nb = b instanceof Float ? b.value : b;
  if (typeof na === 'number' && typeof nb === 'number') return na === nb;
  if (typeof na !== 'object' || typeof nb !== 'object' || na === null || nb === null) return na === nb;
  return pyRepr(a) === pyRepr(b);
}
