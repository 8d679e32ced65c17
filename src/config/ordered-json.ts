import { Float, intOfDigits, makeFloat, type CfgValue } from '../value/value.js';
import { MAX_NESTING, NESTING_DETAIL } from '../value/limits.js';

/**
 * JSON to the config value model, keeping every object's key order (JSON.parse moves integer-like
 * keys first). A number written with a fraction or exponent is a float (`2.0` stays a Float), and
 * `{"$float": "inf"|"-inf"|"nan"}` decodes to a non-finite Float: the inverse of `toJson`.
 */
export function parseOrderedJson(text: string): CfgValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`JSON: ${what} at offset ${i}`);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  let depth = 0;
  const nested = <T>(read: () => T): T => {
    if (++depth > MAX_NESTING) fail(NESTING_DETAIL);
    const v = read();
    depth--;
    return v;
  };
  const value = (): CfgValue => {
    ws();
    const c = text[i];
    if (c === '{') return nested(object);
    if (c === '[') return nested(array);
    if (c === '"') return string();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    return number();
  };
  // Sticky regexes match at `i` without copying the rest of the text (slicing made a large file quadratic).
  const STRING = /"(?:[^"\\]|\\.)*"/sy;
  const NUMBER = /-?\d+(\.\d+)?([eE][-+]?\d+)?/y;
  const at = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = i;
    return re.exec(text);
  };
  const string = (): string => {
    const m = at(STRING);
    if (!m) return fail('bad string');
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const number = (): CfgValue => {
    const m = at(NUMBER);
    if (!m) return fail('unexpected character');
    i += m[0].length;
    return m[1] !== undefined || m[2] !== undefined ? makeFloat(Number(m[0])) : intOfDigits(m[0]);
  };
  const array = (): CfgValue[] => {
    i++;
    const out: CfgValue[] = [];
    ws();
    if (text[i] === ']') return i++, out;
    for (;;) {
      out.push(value());
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === ']') return i++, out;
      else fail("expected ',' or ']'");
    }
  };
  const object = (): CfgValue => {
    i++;
    const out = new Map<string, CfgValue>();
    ws();
    if (text[i] === '}') return i++, out;
    for (;;) {
      ws();
      const k = string();
      ws();
      if (text[i++] !== ':') fail("expected ':'");
      out.set(k, value());
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === '}') {
        i++;
        break;
      } else fail("expected ',' or '}'");
    }
    const f = out.get('$float');
    if (out.size === 1 && typeof f === 'string') return new Float(f === 'nan' ? NaN : f === '-inf' ? -Infinity : Infinity);
    return out;
  };
  const result = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return result;
}
