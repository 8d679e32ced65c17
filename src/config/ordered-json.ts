import { Float, makeFloat, type CfgValue } from './value.js';

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
  const value = (): CfgValue => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    return number();
  };
  const string = (): string => {
    const m = /^"(?:[^"\\]|\\.)*"/s.exec(text.slice(i));
    if (!m) return fail('bad string');
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const number = (): CfgValue => {
    const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i));
    if (!m) return fail('unexpected character');
    i += m[0].length;
    const n = Number(m[0]);
    return m[1] !== undefined || m[2] !== undefined ? makeFloat(n) : n;
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
