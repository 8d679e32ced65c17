import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyConfigOverrides } from '../../../src/config/apply-overrides.js';
import { parseOrderedJson } from '../../../src/config/ordered-json.js';
import { ConfigCompositionError } from '../../../src/config/errors.js';
import { toJson, type CfgDict } from '../../../src/value/value.js';
import { ov } from './helpers.js';

const BASE = '{"count":1,"obj":{"x":1,"inner":{"z":true}},"lst":[1,2,3],"nothing":null}';

function apply(...inputs: string[]): string {
  const cfg = parseOrderedJson(BASE) as CfgDict;
  applyConfigOverrides(cfg, ov(...inputs));
  return toJson(cfg);
}

function fails(input: string, pattern: RegExp): void {
  assert.throws(() => apply(input), (e: unknown) => e instanceof ConfigCompositionError && pattern.test(e.message));
}

const ok: Array<[string, string[], string]> = [
  ['change an existing key', ['count=10'], '{"count":10,"obj":{"x":1,"inner":{"z":true}},"lst":[1,2,3],"nothing":null}'],
  ['add new nested keys, creating dicts', ['+obj.w=3', '+new.deep.key=1'], '{"count":1,"obj":{"x":1,"inner":{"z":true},"w":3},"lst":[1,2,3],"nothing":null,"new":{"deep":{"key":1}}}'],
  ['add on a null-valued key', ['+nothing=5'], '{"count":1,"obj":{"x":1,"inner":{"z":true}},"lst":[1,2,3],"nothing":5}'],
  ['force-add merges into a dict', ['++obj.inner={k:1}', '++z=new'], '{"count":1,"obj":{"x":1,"inner":{"z":true,"k":1}},"lst":[1,2,3],"nothing":null,"z":"new"}'],
  ['add a list over a list replaces it', ['+lst=[9]'], '{"count":1,"obj":{"x":1,"inner":{"z":true}},"lst":[9],"nothing":null}'],
  ['add under a scalar replaces it by a dict', ['+count.b=1'], '{"count":{"b":1},"obj":{"x":1,"inner":{"z":true}},"lst":[1,2,3],"nothing":null}'],
  ['list index', ['lst.1=20'], '{"count":1,"obj":{"x":1,"inner":{"z":true}},"lst":[1,20,3],"nothing":null}'],
  ['delete with a matching value', ['~count=1', '~obj'], '{"lst":[1,2,3],"nothing":null}'],
  ['scalar over dict and dict over scalar', ['obj=5', 'count={k:1}'], '{"count":{"k":1},"obj":5,"lst":[1,2,3],"nothing":null}'],
];

for (const [name, inputs, want] of ok) {
  test(name, () => assert.equal(apply(...inputs), want));
}

test('changing a missing key suggests +key', () => fails('nope=1', /Could not override 'nope'\.\nTo append to your config use \+nope=1/));
test('a dict value may not add keys to a dict without +', () => fails('obj={w:1}', /Key 'w' is not in struct[\s\S]*full_key: obj\.w/));
test('+ on an existing key suggests ++', () => fails('+count=5', /An item is already at 'count'[\s\S]*'\+\+count=5'/));
test('~ on a null-valued key says it does not exist', () => fails('~nothing', /'nothing' does not exist/));
test('~key=value with another value', () => fails('~count=2', /The value of 'count' is 1 and not 2/));
test('a dict cannot merge into a list', () => fails('lst={a:1}', /Error merging override lst=\{a:1\}[\s\S]*full_key: lst/));
test('list index out of range', () => fails('lst.5=1', /list index out of range[\s\S]*full_key: lst\[5\]/));
test('a package on a non-group key', () => fails('x@pkg=1', /config group 'x' does not exist/));

test('+key over an interpolation that resolves to null is allowed when a resolver is given', () => {
  const cfg = parseOrderedJson('{"nothing":null,"ref":"${nothing}","one":1,"alias":"${one}"}') as CfgDict;
  const values: Record<string, unknown> = { ref: null, alias: 1 };
  applyConfigOverrides(cfg, ov('+ref=5', '~alias=1'), { resolveAt: (k) => values[k] as null });
  assert.equal(toJson(cfg), '{"nothing":null,"ref":5,"one":1}');
});
