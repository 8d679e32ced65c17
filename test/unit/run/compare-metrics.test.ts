import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allEqual, compareMetrics, formatComparison } from '../../../src/run/exact/compare-metrics.js';

test('metrics compare bit for bit, NaN equal to NaN, keys only on one side named', () => {
  const rows = compareMetrics({ a: 0.1 + 0.2, b: Number.NaN, c: 'x', d: 1 }, { a: 0.3, b: Number.NaN, c: 'x', e: 2 });
  assert.deepEqual(rows.map((r) => [r.key, r.verdict]), [['a', 'differs'], ['b', 'equal'], ['c', 'equal'], ['d', 'only old'], ['e', 'only new']]);
  assert.equal(allEqual(rows), false);
  assert.equal(allEqual(compareMetrics({ a: 1 }, { a: 1 })), true);
  assert.equal(allEqual([]), false, 'nothing compared is not a reproduction');
  assert.match(formatComparison(rows), /^key\s+old\s+new\n/);
  assert.match(formatComparison(rows), /a\s+0\.30000000000000004\s+0\.3\s+differs/);
});
