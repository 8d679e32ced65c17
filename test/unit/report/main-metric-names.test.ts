import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numericMetricNames } from '../../../src/report/main-metric.js';
import { flattenMetrics } from '../../../src/store/metric-values.js';

test('numericMetricNames: flat and nested objects, tagged floats, arrays and texts give the names flattening gives', () => {
  const objects: Array<Record<string, unknown> | undefined> = [
    undefined, { loss: 0.3, name: 'x', ok: true }, { val: { $float: 'nan' }, test: { accuracy: 0.9, cm: [[1]], deep: { f1: { $float: 'inf' } } } },
    { list: [1, 2], empty: {}, nul: null, loss: 0.1, acc: 1 }, { $float: 'nan' },
  ];
  const expected = [...new Set(objects.flatMap((o) => [...flattenMetrics(o)].filter(([, v]) => typeof v === 'number').map(([k]) => k)))];
  assert.deepEqual(numericMetricNames(objects), expected);
  assert.deepEqual(expected, ['loss', 'val', 'test.accuracy', 'test.deep.f1', 'acc']);
});
