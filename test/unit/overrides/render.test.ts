import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverride, renderOverride, renderValue, toCfgValue, type ParsedValue } from '../../../src/overrides/index.js';
import { Float, toJson } from '../../../src/value/value.js';

/** [name, override input, rendered job override] */
const renderCases: Array<[string, string, string]> = [
  ['int', 'a=1', 'a=1'],
  ['exponent float becomes Python float text', 'f=1e3', 'f=1000.0'],
  ['float', 'f=0.1', 'f=0.1'],
  ['small float uses exponent', 'f=0.00001', 'f=1e-05'],
  ['big float uses exponent', 'f=1e16', 'f=1e+16'],
  ['inf', 'f=-INF', 'f=-inf'],
  ['nan', 'f=NaN', 'f=nan'],
  ['bool is Python True', 'b=true', 'b=True'],
  ['FALSE is Python False', 'b=FALSE', 'b=False'],
  ['null', 'n=null', 'n=null'],
  ['delete without value', '~b', '~b=null'],
  ['delete with value', '~b=1', '~b=1'],
  ['empty value', 'e=', 'e='],
  ['list loses blanks', 'lst=[1, 2]', 'lst=[1,2]'],
  ['nested list', 'l=[ a , [b, c] ]', 'l=[a,[b,c]]'],
  ['dict', 'd={a: 1, b: {c: 2}}', 'd={a:1,b:{c:2}}'],
  ['dict keys rendered as Python str', 'd={1:a, 1.5:b, true:t}', 'd={1:a,1.5:b,True:t}'],
  ['interpolation is escaped', '+i=${b}', '+i=$\\{b\\}'],
  ['resolver interpolation', 'i=${oc.env:A,b}', 'i=$\\{oc.env\\:A\\,b\\}'],
  ['space escaped', 's=hello world', 's=hello\\ world'],
  ['colon escaped', 'u=a:b', 'u=a\\:b'],
  ['backslash doubled', 'p=x\\y', 'p=x\\\\y'],
  ['escaped comma stays escaped', 'e=a\\,b', 'e=a\\,b'],
  ['single quotes kept', "q='a,b'", "q='a,b'"],
  ['escaped quote kept', "q='it\\'s'", "q='it\\'s'"],
  ['double quotes kept', 'q="say \\"hi\\""', 'q="say \\"hi\\""'],
  ['trailing backslash in quotes', 'q="c:\\\\temp\\\\"', 'q="c:\\\\temp\\\\"'],
  ['add prefix', '+c=hi', '+c=hi'],
  ['force add prefix', '++c=hi', '++c=hi'],
  ['group with package', 'db@src=mysql', 'db@src=mysql'],
  ['nested group', 'db/engine=innodb', 'db/engine=innodb'],
  ['str cast result is a plain string', "s=str('a b')", 's=a\\ b'],
];

for (const [name, input, expected] of renderCases) {
  test(`render: ${name} (${input})`, () => {
    const o = parseOverride(input);
    const rendered = renderOverride(o);
    assert.equal(rendered, expected);
    // What the sweeper writes must parse back to the same value.
    assert.deepEqual(stripTyped(parseOverride(rendered).value), stripTyped(o.value ?? { kind: 'null' }));
  });
}

function stripTyped(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x) => (k === 'typedKeys' ? undefined : x)));
}

test('render: a sweep cannot be rendered as one override', () => {
  assert.throws(() => renderOverride(parseOverride('a=1,2')), /sweep/);
});

test('render: int too large for plain JS text', () => {
  assert.equal(renderValue({ kind: 'int', value: 1e21 }), '1000000000000000000000');
});

const valueCases: Array<[string, string, string]> = [
  ['int', 'a=1', '1'],
  ['exponent float is a Float', 'a=1e3', '1000.0'],
  ['plain float', 'a=1.5', '1.5'],
  ['quoted string is its text', "a='x,y'", '"x,y"'],
  ['list', "a=[1,'x',null,true,1.5]", '[1,"x",null,true,1.5]'],
  ['dict with non-string keys', 'a={a:1, 1:b, 1.5:c, true:t}', '{"a":1,"1":"b","1.5":"c","true":"t"}'],
  ['empty', 'a=', '""'],
  ['inf', 'a=inf', '{"$float":"inf"}'],
  ['interpolation kept', 'a=${x.y}', '"${x.y}"'],
];

for (const [name, input, json] of valueCases) {
  test(`toCfgValue: ${name} (${input})`, () => {
    assert.equal(toJson(toCfgValue(parseOverride(input).value as ParsedValue)), json);
  });
}

test('toCfgValue: integral floats are Float', () => {
  assert.ok(toCfgValue({ kind: 'float', value: 2 }) instanceof Float);
  assert.equal(toCfgValue({ kind: 'float', value: 2.5 }), 2.5);
});
