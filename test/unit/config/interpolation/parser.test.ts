import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasInterpolation, parseElement, parseInterpolationString, InterpolationSyntaxError } from '../../../../src/config/interpolation/index.js';
import type { Element, Interpolation, TextPart } from '../../../../src/config/interpolation/index.js';
import { Float } from '../../../../src/value/value.js';

const parts = (s: string): readonly TextPart[] => parseInterpolationString(s).parts;
const only = (s: string): Interpolation => {
  const p = parts(s);
  assert.equal(p.length, 1, `expected a single interpolation in ${s}`);
  assert.equal(typeof p[0], 'object');
  return p[0] as Interpolation;
};
const resolverArgs = (s: string): readonly Element[] => {
  const i = only(s);
  assert.equal(i.kind, 'resolver');
  return i.kind === 'resolver' ? i.args : [];
};

test('hasInterpolation is true exactly when the string contains ${', () => {
  assert.equal(hasInterpolation('a${b}'), true);
  assert.equal(hasInterpolation('\\${b}'), true); // escaped ones are parsed too, to be un-escaped
  assert.equal(hasInterpolation('$b {c}'), false);
});

test('node interpolation keys: absolute, relative, bracket and dotted indices', () => {
  assert.deepEqual(only('${a.b}'), { kind: 'node', key: ['a.b'], text: '${a.b}' });
  assert.deepEqual((only('${.x}') as { key: unknown }).key, ['.x']);
  assert.deepEqual((only('${..x.y}') as { key: unknown }).key, ['..x.y']);
  assert.deepEqual((only('${a[0]}') as { key: unknown }).key, ['a[0]']);
  assert.deepEqual((only('${a.0}') as { key: unknown }).key, ['a.0']);
  assert.deepEqual((only('${a[0].b[c]}') as { key: unknown }).key, ['a[0].b[c]']);
  assert.deepEqual((only('${my-key/x}') as { key: unknown }).key, ['my-key/x']);
});

test('nested interpolation inside a key', () => {
  const i = only('${foo.${bar}}');
  assert.equal(i.kind, 'node');
  assert.deepEqual(i.kind === 'node' && i.key, ['foo.', { kind: 'node', key: ['bar'], text: '${bar}' }]);
});

test('text around interpolations is kept as literal parts', () => {
  const p = parts('http://${host}:${port}/api');
  assert.equal(p.length, 5);
  assert.equal(p[0], 'http://');
  assert.equal(p[2], ':');
  assert.equal(p[4], '/api');
});

test('whitespace right inside ${ } is allowed, inside a key it is not', () => {
  assert.deepEqual((only('${ a.b }') as { key: unknown }).key, ['a.b']);
  assert.throws(() => parts('${a b}'), InterpolationSyntaxError);
  assert.throws(() => parts('${a. b}'), InterpolationSyntaxError);
});

test('escapes: \\${ is literal, \\\\ before an interpolation is one backslash, other backslashes stay', () => {
  assert.deepEqual(parts('\\${x}'), ['${x}']);
  assert.deepEqual(parts('a \\${x} b'), ['a ${x} b']);
  const p = parts('C:\\\\${dir}');
  assert.equal(p[0], 'C:\\');
  assert.deepEqual(parts('a\\b ${x}')[0], 'a\\b ');
  assert.deepEqual(parts('$$${x}')[0], '$$');
});

test('resolver names may contain dots and nested interpolations', () => {
  const i = only('${oc.env:HOME}');
  assert.equal(i.kind, 'resolver');
  assert.deepEqual(i.kind === 'resolver' && i.name, ['oc', 'env']);
  const j = only('${ns.${x}:1}');
  assert.equal(j.kind === 'resolver' && typeof j.name[1], 'object');
});

test('resolver args are typed: numbers, bools, null, floats keep Float', () => {
  const args = resolverArgs('${f:1,-2,2.5,1e3,true,False,null,inf,abc}');
  const values = args.map((a) => (a.kind === 'scalar' ? a.value : a.kind));
  assert.deepEqual(values.slice(0, 3), [1, -2, 2.5]);
  assert.ok(values[3] instanceof Float && values[3].value === 1000);
  assert.deepEqual(values.slice(4, 7), [true, false, null]);
  assert.ok(values[7] instanceof Float && values[7].value === Infinity);
  assert.equal(values[8], 'abc');
});

test('resolver args: quoted strings, spaces, escapes and empty elements', () => {
  const args = resolverArgs("${f: 'a, b' , \"x\\\"y\", a b, c\\,d, '',}");
  assert.deepEqual(args, [
    { kind: 'string', parts: ['a, b'] },
    { kind: 'string', parts: ['x"y'] },
    { kind: 'string', parts: ['a b'] },
    { kind: 'string', parts: ['c,d'] },
    { kind: 'string', parts: [] },
    { kind: 'scalar', value: '' },
  ]);
  assert.deepEqual(resolverArgs('${f:}'), []);
});

test('resolver args: lists, dicts and nested interpolations', () => {
  const args = resolverArgs('${f:[1, [2]], {a: 1, 2: x}, ${y}, pre${y}}');
  assert.equal(args[0]!.kind, 'list');
  assert.deepEqual(args[1], { kind: 'dict', entries: [['a', { kind: 'scalar', value: 1 }], ['2', { kind: 'scalar', value: 'x' }]] });
  assert.equal(args[2]!.kind, 'interpolation');
  assert.equal(args[3]!.kind, 'string');
  const i = only('${f:a,"x"}');
  assert.deepEqual(i.kind === 'resolver' && i.argsText, ['a', '"x"']);
});

test('parseElement decodes one element as oc.decode does', () => {
  assert.deepEqual(parseElement('42'), { kind: 'scalar', value: 42 });
  assert.deepEqual(parseElement("'true'"), { kind: 'string', parts: ['true'] });
  assert.deepEqual(parseElement('[1, 2]'), { kind: 'list', items: [{ kind: 'scalar', value: 1 }, { kind: 'scalar', value: 2 }] });
  assert.throws(() => parseElement('1, 2'), InterpolationSyntaxError);
});

test('syntax errors name the key path, the text and the column', () => {
  for (const bad of ['${a', '${}', '${.}', '${a..b}', '${f:a=b}', '${.f:x}', '${a[0}', "${f:'x}", '${foo${bar}}']) {
    assert.throws(() => parseInterpolationString(bad, { keyPath: 'db.url' }), (e: unknown) => {
      assert.ok(e instanceof InterpolationSyntaxError, `${bad} should be a syntax error`);
      assert.equal(e.code, 'INTERPOLATION_SYNTAX');
      assert.match(e.message, /^db\.url: /);
      assert.ok(e.message.includes(JSON.stringify(bad)), e.message);
      return true;
    });
  }
});
