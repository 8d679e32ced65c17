import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cell } from '../../../src/report/render-md.js';

test('Markdown cells: pipes and backslashes escaped, line breaks made spaces, anything else as it is', () => {
  assert.equal(cell('a|b\\c\r\nd\ne'), 'a\\|b\\\\c d e');
  assert.equal(cell('model=cnn lr=0.1'), 'model=cnn lr=0.1');
  assert.equal(cell('x\ry'), 'x\ry');
  assert.equal(cell(0.25), '0.25');
  assert.equal(cell(''), '');
});
