import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pyStringRepr, pyRepr } from '../../../src/value/value.js';
import { pyFloatOfString, pyIntOfString } from '../../../src/value/py-numbers.js';
import { parseOverride } from '../../../src/overrides/parser.js';

// Expected texts are what python3 prints for repr(s) / the ValueError.
test('pyStringRepr escapes like Python repr', () => {
  const cases: Array<[string, string]> = [
    ['a\nb', "'a\\nb'"],
    ['a\\b', "'a\\\\b'"],
    ["it's", '"it\'s"'],
    ['say "hi" it\'s', "'say \"hi\" it\\'s'"],
    ['tab\t\x01\x7f\x85\u2028\ud800 é 😀', "'tab\\t\\x01\\x7f\\x85\\u2028\\ud800 é 😀'"],
    ['cr\r\u00a0\u00ad', "'cr\\r\\xa0\\xad'"],
  ];
  for (const [s, want] of cases) assert.equal(pyStringRepr(s), want, JSON.stringify(s));
});

test('pyRepr of a list of strings uses the same repr', () => {
  assert.equal(pyRepr(['a\nb', "it's"]), `['a\\nb', "it's"]`);
});

test("int() and float() error texts print the string as Python does", () => {
  assert.throws(() => pyIntOfString('a\nb'), { message: "invalid literal for int() with base 10: 'a\\nb'" });
  assert.throws(() => pyFloatOfString('x\\y'), { message: "could not convert string to float: 'x\\\\y'" });
  assert.throws(() => parseOverride("x=int('a\nb')"), (e: Error) => e.message.endsWith("invalid literal for int() with base 10: 'a\\nb'"));
});
