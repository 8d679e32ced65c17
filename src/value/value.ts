/**
 * The config value model shared by every module.
 *
 * - Mappings are `Map`s so key order is exactly the file's order (plain objects would move
 *   integer-like keys such as `80` to the front). Non-string YAML keys are stored as the string JSON
 *   would write (`80`, `1.5`, `true`).
 * - Numbers: a JS `number` that is an integer is an int, a non-integral `number` is a float. A float
 *   whose value is integral or non-finite (YAML `1.0`, `inf`, override `1e3`) is wrapped in `Float`
 *   so that it still prints as Python would (`1.0`, `1000.0`, `inf`), which string interpolation,
 *   `--cfg` output and sweep rendering depend on.
 * - An int beyond 2^53 (a `number` would round it) is a `BigInteger` holding the exact value, so
 *   `12345678901234567891` reaches a Python task (config.json), `--cfg` and `override_dirname` as
 *   written; arithmetic and comparisons use its nearest double (`numberOf`).
 * - Interpolations (`${...}`) and the missing marker `???` are plain strings until resolution.
 */
export class Float {
  constructor(readonly value: number) {}
}

export class BigInteger {
  constructor(readonly value: bigint) {}
}

export type Scalar = string | number | boolean | null | Float | BigInteger;
export type CfgList = CfgValue[];
export type CfgDict = Map<string, CfgValue>;
export type CfgValue = Scalar | CfgList | CfgDict;

export const MISSING = '???';

export function isDict(v: unknown): v is CfgDict {
  return v instanceof Map;
}

export function isList(v: unknown): v is CfgList {
  return Array.isArray(v);
}

export function isContainer(v: unknown): v is CfgDict | CfgList {
  return v instanceof Map || Array.isArray(v);
}

/** A float value in the model's representation: plain number unless integral or non-finite. */
export function makeFloat(n: number): number | Float {
  return Number.isFinite(n) && !Number.isInteger(n) ? n : new Float(n);
}

/** An int in the model's representation: a plain number while exact, else a BigInteger. */
export function makeInt(n: bigint): number | BigInteger {
  return n >= -MAX_EXACT && n <= MAX_EXACT ? Number(n) : new BigInteger(n);
}
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** An int written in decimal digits (sign, `_` separators allowed), exact at any size. */
export function intOfDigits(text: string): number | BigInteger {
  const digits = text.replace(/_/g, '');
  const n = Number(digits);
  return Number.isSafeInteger(n) ? (n === 0 ? 0 : n) : makeInt(BigInt(digits));
}

/** Whether `v` is an int of the model (a BigInteger too), not a float. */
export function isInt(v: unknown): boolean {
  return v instanceof BigInteger || (typeof v === 'number' && Number.isInteger(v));
}

export function isFloat(v: unknown): boolean {
  return v instanceof Float || (typeof v === 'number' && !Number.isInteger(v));
}

/** Numeric value of an int or float, undefined for anything else. */
export function numberOf(v: unknown): number | undefined {
  if (v instanceof Float) return v.value;
  if (v instanceof BigInteger) return Number(v.value);
  return typeof v === 'number' ? v : undefined;
}

/** Deep copy. Scalars (Float included) are immutable and shared. */
export function cloneValue<T extends CfgValue>(v: T): T {
  if (v instanceof Map) {
    const out: CfgDict = new Map();
    for (const [k, x] of v as CfgDict) out.set(k, cloneValue(x));
    return out as T;
  }
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  return v;
}

/** Python's `str()` of a scalar, used when a value is interpolated into a string. */
export function pyStr(v: CfgValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  if (v instanceof Float) return pyFloatRepr(v.value);
  if (v instanceof BigInteger) return v.value.toString();
  return pyRepr(v);
}

/** Python's `repr()` of a value (lists and dicts print as Python would). */
export function pyRepr(v: CfgValue): string {
  if (typeof v === 'string') return pyStringRepr(v);
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${pyStringRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return pyStr(v);
}

/**
 * Python's `repr()` of a str: single quotes unless the text has `'` and no `"`; backslash, `\n`,
 * `\r`, `\t` escaped by name, other characters Python does not print (control, format,
 * separators, surrogates, unassigned) as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
 */
export function pyStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let body = '';
  for (const ch of s) body += ch === quote ? `\\${ch}` : (NAMED_ESCAPES[ch] ?? (NOT_PRINTABLE.test(ch) ? hexEscape(ch.codePointAt(0)!) : ch));
  return quote + body + quote;
}

const NAMED_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python's `str.isprintable()` is false for these categories, and for every space but ' '. */
const NOT_PRINTABLE = /^(?:[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs})$/u;

function hexEscape(code: number): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** Python's float repr: `1.0`, `0.1`, `1e-05`, `1e+20`, `inf`, `nan`. */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (Object.is(n, -0)) return '-0.0';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    // Python switches to exponent notation outside [1e-4, 1e16); exponent has at least 2 digits.
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  const s = String(n);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/** A number as Python's json module writes (and reads) it: `NaN`, `Infinity`, `-Infinity`, else as JSON. */
export function pyJsonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return JSON.stringify(n);
}

/**
 * Converts to plain JSON-able JS for tasks and JSON output: Maps become objects (insertion order is
 * kept except for integer-like keys, a JS limit), Floats become numbers; non-finite floats become
 * `{"$float": "inf"|"-inf"|"nan"}` when `encodeNonFinite` is set.
 */
export function toPlain(v: CfgValue, encodeNonFinite = false): unknown {
  return toObjects(v, encodeNonFinite, () => ({}));
}

/**
 * A job config as a task receives it: like `toPlain`, but every mapping is an object with no
 * inherited keys (`cfg.constructor`, `'toString' in cfg` are undefined/false unless the config has
 * them), so a config key never collides with Object.prototype. Such objects still print as plain
 * objects (console.log, util.inspect), serialise with JSON.stringify and turn into their JSON in a
 * template string.
 */
export function toTaskConfig(v: CfgValue): unknown {
  return toObjects(v, false, () => Object.create(TASK_CONFIG_PROTO) as Record<string, unknown>);
}

/**
 * The prototype of task config objects: no string keys at all, only the symbols that make them
 * print. Inherited symbols cannot collide with config keys, which are strings.
 */
const TASK_CONFIG_PROTO: object = Object.freeze(Object.create(null, {
  [Symbol.for('nodejs.util.inspect.custom')]: {
    value(this: Record<string, unknown>, depth: number, options: { depth?: number | null }, inspect: (v: unknown, o: unknown) => string): string {
      const copy: Record<string, unknown> = {};
      for (const k of Object.keys(this)) setOwn(copy, k, this[k]);
      return inspect(copy, { ...options, depth: options.depth === null ? null : depth });
    },
  },
  [Symbol.toPrimitive]: {
    value(this: unknown, hint: string): string | number {
      return hint === 'number' ? NaN : JSON.stringify(this);
    },
  },
}));

/**
 * Sets an own enumerable property. Plain assignment of `__proto__` would instead replace the
 * object's prototype: the key would vanish from the config and its value become inherited keys.
 */
export function setOwn(o: object, k: string, value: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
  else (o as Record<string, unknown>)[k] = value;
}

function toObjects(v: CfgValue, encodeNonFinite: boolean, newObject: () => Record<string, unknown>): unknown {
  if (v instanceof Map) {
    const o = newObject();
    for (const [k, x] of v) setOwn(o, k, toObjects(x, encodeNonFinite, newObject));
    return o;
  }
  if (Array.isArray(v)) return v.map((x) => toObjects(x, encodeNonFinite, newObject));
  // A task reading JSON in JS gets the nearest double either way; config.json (toJson) keeps the digits.
  const n = v instanceof Float || v instanceof BigInteger ? Number(v.value) : v;
  if (encodeNonFinite && typeof n === 'number' && !Number.isFinite(n)) return { $float: pyFloatRepr(n) };
  return n;
}

/** Inverse of `toPlain` for JSON read back from disk (`{"$float": ...}` decoded). */
export function fromPlain(v: unknown): CfgValue {
  if (Array.isArray(v)) return v.map(fromPlain);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$float' && typeof o.$float === 'string') {
      return new Float(o.$float === 'nan' ? NaN : o.$float === '-inf' ? -Infinity : Infinity);
    }
    return new Map(keys.map((k): [string, CfgValue] => [k, fromPlain(o[k])]));
  }
  return v as Scalar;
}

/**
 * How a non-finite float is written: `tagged` as `{"$float": "inf"}` (strict JSON, what `orch
 * compose` emits and the conformance corpus compares), `python` as the bare `Infinity`/`NaN`
 * tokens Python's json module reads, for the file tasks read.
 */
export type NonFiniteStyle = 'tagged' | 'python';

/**
 * Order-preserving JSON serialisation of a config (integer-like keys keep their place, Floats print
 * with a decimal point, non-finite floats as `style` says).
 */
export function toJson(v: CfgValue, indent = 0, style: NonFiniteStyle = 'tagged', level = 0): string {
  const pad = indent ? '\n' + ' '.repeat(indent * (level + 1)) : '';
  const close = indent ? '\n' + ' '.repeat(indent * level) : '';
  const sep = indent ? ': ' : ':';
  if (v instanceof Map) {
    if (v.size === 0) return '{}';
    const parts = [...v].map(([k, x]) => JSON.stringify(k) + sep + toJson(x, indent, style, level + 1));
    return `{${pad}${parts.join(',' + pad)}${close}}`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${pad}${v.map((x) => toJson(x, indent, style, level + 1)).join(',' + pad)}${close}]`;
  }
  if (v instanceof BigInteger) return v.value.toString();
  if (v instanceof Float || typeof v === 'number') {
    const n = numberOf(v)!;
    if (!Number.isFinite(n)) return style === 'python' ? pyJsonNumber(n) : `{"$float":"${pyFloatRepr(n)}"}`.replace(':', sep);
    return v instanceof Float ? pyFloatRepr(n).replace(/^(-?\d+)$/, '$1.0') : JSON.stringify(n);
  }
  return JSON.stringify(v);
}
