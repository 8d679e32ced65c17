import { intOfDigits, makeFloat, makeInt, type Scalar } from '../value/value.js';

/**
 * Plain-scalar resolution as OmegaConf's YAML loader does it: PyYAML's SafeLoader (YAML 1.1 words
 * such as `yes`/`off` are booleans, `0x10` and `010` are ints, `1:30` is sexagesimal) with
 * timestamps removed (dates stay strings) and a float resolver that also accepts `1e3`.
 */
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT = new RegExp(
  [
    '^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?',
    '|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)',
    '|\\.[0-9_]+(?:[eE][-+][0-9]+)?',
    '|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*',
    '|[-+]?\\.(?:inf|Inf|INF)',
    '|\\.(?:nan|NaN|NAN))$',
  ].join(''),
);

export type ScalarTag = 'str' | 'int' | 'float' | 'bool' | 'null';

/** The tag PyYAML's implicit resolvers give a plain scalar. */
export function implicitTag(text: string): ScalarTag {
  if (NULL.test(text)) return 'null';
  if (BOOL.test(text)) return 'bool';
  if (FLOAT.test(text)) return 'float';
  if (INT.test(text)) return 'int';
  return 'str';
}

/** Constructs a value for `text` under `tag`; undefined when the text does not fit the tag. */
export function constructScalar(text: string, tag: ScalarTag): Scalar | undefined {
  switch (tag) {
    case 'str':
      return text;
    case 'null':
      return NULL.test(text) ? null : undefined;
    case 'bool':
      return BOOL.test(text) ? /^(?:yes|true|on)$/i.test(text) : undefined;
    case 'int':
      return INT.test(text) ? constructInt(text) : undefined;
    case 'float':
      return FLOAT.test(text) || INT.test(text) ? constructFloat(text) : undefined;
  }
}

export function resolvePlainScalar(text: string): Scalar {
  return constructScalar(text, implicitTag(text)) as Scalar;
}

function splitSign(text: string): [number, string] {
  const v = text.replace(/_/g, '');
  if (v.startsWith('-')) return [-1, v.slice(1)];
  return [1, v.startsWith('+') ? v.slice(1) : v];
}

function sexagesimal(body: string): number {
  return body.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

function constructInt(text: string): Scalar {
  const [sign, v] = splitSign(text);
  if (v === '0') return 0;
  // Exact at any size: BigInt reads the 0b/0x/0o prefixes itself.
  if (v.startsWith('0b') || v.startsWith('0x')) return makeInt(BigInt(sign) * BigInt(v));
  if (v.startsWith('0')) return makeInt(BigInt(sign) * BigInt(`0o${v.slice(1)}`));
  if (v.includes(':')) return sign * sexagesimal(v);
  return intOfDigits(sign < 0 ? `-${v}` : v);
}

function constructFloat(text: string): Scalar {
  const [sign, raw] = splitSign(text);
  const v = raw.toLowerCase();
  if (v === '.inf') return makeFloat(sign * Infinity);
  if (v === '.nan') return makeFloat(NaN);
  if (v.includes(':')) return makeFloat(sign * sexagesimal(v));
  return makeFloat(sign * Number(v));
}
