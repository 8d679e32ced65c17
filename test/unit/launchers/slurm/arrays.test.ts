import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactRanges, planArrays } from '../../../../src/launchers/slurm/arrays.js';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

test('compactRanges', () => {
  const cases: Array<[number[], string]> = [
    [[0], '0'], [[0, 1, 2, 3], '0-3'], [[3, 7, 9], '3,7,9'], [[0, 1, 2, 3, 7, 9, 10], '0-3,7,9-10'], [[5, 6], '5-6'],
  ];
  for (const [input, want] of cases) assert.equal(compactRanges(input), want);
});

test('one array for a sweep within MaxArraySize, with the throttle', () => {
  assert.deepEqual(planArrays(range(0, 20), 1001, 4), [{ offset: 0, nums: range(0, 20), spec: '0-19%4' }]);
  assert.deepEqual(planArrays(range(0, 20), 1001), [{ offset: 0, nums: range(0, 20), spec: '0-19' }]);
});

test('a sweep larger than MaxArraySize is cut into blocks whose task ids stay below it', () => {
  const blocks = planArrays(range(0, 25), 10, 2);
  assert.deepEqual(blocks.map((b) => [b.offset, b.spec]), [[0, '0-9%2'], [10, '0-9%2'], [20, '0-4%2']]);
  assert.deepEqual(blocks.flatMap((b) => b.nums), range(0, 25));
  for (const b of blocks) for (const n of b.nums) assert.ok(n - b.offset < 10);
});

test('resume: only unfinished numbers, each in its own block with the same offset as before', () => {
  assert.deepEqual(planArrays([9, 3, 7], 1001), [{ offset: 0, nums: [3, 7, 9], spec: '3,7,9' }]);
  assert.deepEqual(planArrays([3, 12, 13, 14], 10).map((b) => [b.offset, b.spec]), [[0, '3'], [10, '2-4']]);
});

test('MaxArraySize 1: every job its own array', () => {
  assert.deepEqual(planArrays([0, 1, 2], 1).map((b) => [b.offset, b.spec]), [[0, '0'], [1, '0'], [2, '0']]);
});
