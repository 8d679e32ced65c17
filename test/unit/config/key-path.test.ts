import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectPath, splitKey } from '../../../src/config/key-path.js';
import { plainAt } from '../../../src/report/metrics.js';
import type { CfgDict } from '../../../src/value/value.js';

const tree: CfgDict = new Map<string, never>([
  ['a', new Map([['b', [10, new Map([['c', null]])]]])],
  ['x', 1],
] as never);

test('selectPath walks dicts and lists by key or by segments, the same either way', () => {
  for (const [key, want] of [['a.b.0', 10], ['a.b[0]', 10], ['a.b.1.c', null], ['a.b[1].c', null], ['x', 1], ['a.b.2', undefined], ['x.y', undefined], ['a.nope', undefined], ['a.b.01.c', null]] as const) {
    assert.deepEqual(selectPath(tree, key), want, key);
    assert.deepEqual(selectPath(tree, splitKey(key)), want, `${key} as segments`);
  }
  assert.equal(selectPath(tree, []), tree);
  assert.equal(selectPath(undefined, ['a']), undefined);
});

test('plainAt reads a parsed JSON object by dotted path, a literal dotted key first', () => {
  const rec = { val: { loss: 2, 'a.b': 5 }, 'val.loss': 1, n: null };
  assert.equal(plainAt(rec, 'val.loss'), 1);
  assert.equal(plainAt({ val: { loss: 2 } }, 'val.loss'), 2);
  assert.equal(plainAt(rec, 'n.x'), undefined);
  assert.equal(plainAt(rec, 'missing.x'), undefined);
});
