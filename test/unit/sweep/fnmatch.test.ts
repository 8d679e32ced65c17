import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fnmatch } from '../../../src/sweep/index.js';

/** [pattern, name, matches] as Python's fnmatch.fnmatch on POSIX */
const cases: Array<[string, string, boolean]> = [
  ['net*', 'net1', true],
  ['net*', 'resnet', false],
  ['*net', 'resnet', true],
  ['net?', 'net12', false],
  ['net?', 'net5', true],
  ['[!n]*', 'resnet', true],
  ['[!n]*', 'net1', false],
  ['net[12]', 'net2', true],
  ['net[12]', 'net5', false],
  ['net[1-3]', 'net3', true],
  ['a[', 'a[', true],
  ['a.b', 'axb', false],
  ['*', '', true],
  ['Net*', 'net1', false],
];

for (const [pattern, name, expected] of cases) {
  test(`fnmatch('${name}', '${pattern}') is ${expected}`, () => {
    assert.equal(fnmatch(name, pattern), expected);
  });
}
