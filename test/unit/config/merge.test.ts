import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeInto, MergeError } from '../../../src/config/merge.js';
import { parseOrderedJson } from '../../../src/config/ordered-json.js';
import { toJson, type CfgDict } from '../../../src/value/value.js';

const j = (s: string): CfgDict => parseOrderedJson(s) as CfgDict;

function merged(dest: string, src: string, struct = false): string {
  const d = j(dest);
  mergeInto(d, j(src), { struct });
  return toJson(d);
}

test('dicts merge deeply; existing keys keep their place, new keys append', () => {
  assert.equal(merged('{"mid":{"m":0,"a":0},"alpha":0}', '{"zeta":1,"alpha":2,"mid":{"z":1,"a":2}}'), '{"mid":{"m":0,"a":2,"z":1},"alpha":2,"zeta":1}');
});

test('lists replace lists; scalars and null replace containers and the reverse', () => {
  assert.equal(merged('{"l":[1,2,3],"d":{"a":1},"s":5,"n":null}', '{"l":[9],"d":null,"s":{"a":1},"n":{"b":2}}'), '{"l":[9],"d":null,"s":{"a":1},"n":{"b":2}}');
});

test('??? never replaces an existing value but fills a new key', () => {
  assert.equal(merged('{"a":5,"d":{"x":1}}', '{"a":"???","d":"???","b":"???"}'), '{"a":5,"d":{"x":1},"b":"???"}');
});

test('merging a dict into a list is an error with the full key', () => {
  assert.throws(() => merged('{"x":{"l":[1]}}', '{"x":{"l":{"a":1}}}'), (e: unknown) => e instanceof MergeError && e.fullKey === 'x.l');
});

test('struct mode rejects new keys at any depth', () => {
  assert.throws(() => merged('{"obj":{"x":1}}', '{"obj":{"w":1}}', true), (e: unknown) => e instanceof MergeError && e.kind === 'struct' && e.fullKey === 'obj.w');
  assert.equal(merged('{"obj":{"x":1}}', '{"obj":{"x":2}}', true), '{"obj":{"x":2}}');
});

test('a dict merged over an interpolation to a dict merges into a copy of the target', () => {
  assert.equal(merged('{"db":{"h":1},"p":"${db}"}', '{"p":{"port":2}}'), '{"db":{"h":1},"p":{"h":1,"port":2}}');
});

test('source values are copied, not shared', () => {
  const src = j('{"d":{"a":[1]}}');
  const dest = j('{}');
  mergeInto(dest, src);
  ((dest.get('d') as CfgDict).get('a') as number[]).push(2);
  assert.equal(toJson(src), '{"d":{"a":[1]}}');
});
